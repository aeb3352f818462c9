"""One topic registry (issue 26): content/topics/ is the list of threat topics; every other place that names them
(scripts/topics.py PLACES: domain intents, the advice and triage rules, training and held-out examples, the
labelling guide, menus, the scam checker, the handover settings) agrees with it, and a failure names the place and
the key. The 'adding a topic' steps (docs/adding-a-topic.md, linked from the README) name every place a new topic needs."""

import shutil

import pytest

from scripts import topics
from tests.conftest import ROOT


def copy_project(tmp_path):
    for folder in ("content", "data/rules", "data/nlu", "tests/nlu"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    for file in ("domain.yml", "docs/intents.md"):
        (tmp_path / file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / file, tmp_path / file)
    return tmp_path


def add_topic(root, key):
    text = (root / "content/topics/phishing_email.yml").read_text(encoding="utf-8")
    (root / f"content/topics/{key}.yml").write_text(
        text.replace("key: phishing_email", f"key: {key}", 1), encoding="utf-8"
    )


def test_every_place_names_the_topics_of_content_topics():
    assert len(topics.topic_keys()) >= 32
    assert topics.disagreements() == {}


def test_a_new_topic_file_is_reported_missing_in_each_place_by_name(tmp_path):
    root = copy_project(tmp_path)
    add_topic(root, "parcel_scam")
    found = topics.disagreements(root)
    every = [p.name for p in topics.PLACES if p.every]
    assert sorted(found) == sorted(every)
    for name in every:
        assert len(found[name]) == 1 and found[name][0].startswith("missing parcel_scam"), found[name]


def test_writing_fills_the_generated_lists_keeping_their_order(tmp_path):
    root = copy_project(tmp_path)
    before = (root / "domain.yml").read_text(encoding="utf-8")
    assert topics.write_generated(root) == []  # today's files already agree: nothing to write
    add_topic(root, "parcel_scam")
    assert topics.write_generated(root) == ["domain.yml", "data/rules/advice.yml", "data/rules/triage.yml"]
    after = (root / "domain.yml").read_text(encoding="utf-8")
    assert after == before.replace(
        "  - threat_cyber_protect_team\n", "  - threat_cyber_protect_team\n  - threat_parcel_scam\n", 1
    )
    left = topics.disagreements(root)
    assert sorted(left) == [
        "data/nlu/ training examples",
        "docs/intents.md labelling guide",
        "tests/nlu/ held-out examples",
    ]  # a person writes these


def test_a_removed_topic_file_is_reported_in_each_place_that_still_names_it(tmp_path):
    root = copy_project(tmp_path)
    (root / "content/topics/smishing.yml").unlink()
    found = topics.disagreements(root)
    assert "no content/topics/smishing.yml for smishing" in found["domain.yml intents"]
    assert "no content/topics/smishing.yml for smishing" in found["domain.yml menu buttons"]
    assert "no content/topics/smishing.yml for smishing" in found["actions/checker_actions.py TOPIC_BY_KIND"]
    topics.write_generated(root)
    assert "threat_smishing" not in (root / "data/rules/advice.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "needed",
    [
        "content/topics/",
        "make topics",
        "domain.yml",
        "data/rules/advice.yml",
        "data/rules/triage.yml",
        "data/nlu/",
        "tests/nlu/",
        "docs/intents.md",
    ],
)
def test_the_adding_a_topic_steps_name_every_place(needed):
    guide = (ROOT / "docs/adding-a-topic.md").read_text(encoding="utf-8")
    steps = guide.split("For a new topic", 1)[1].split("\n3. ", 1)[0]
    assert needed in steps
