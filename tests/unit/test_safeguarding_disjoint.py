"""The safeguarding lists (tests/safeguarding/) measure the bot, so no NLU training example may be a copy or a near
copy of one of their messages (difflib ratio 0.8, the rule of tests/unit/test_heldout_disjoint.py). The sealed list
is compared too (its messages of three words or more: "help" in a sealed list and "help" in training coincide, nobody
copied it); a failure names how many training examples copy it, never its text."""

import yaml

from tests.unit.test_heldout_disjoint import ROOT, examples, near_copies, normalise

LISTS = ROOT / "tests" / "safeguarding"


def list_messages(sealed: bool):
    for path in sorted(LISTS.rglob("*.yml")):
        if ("sealed" in path.parts[-2]) != sealed:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("messages") or data.get("items") or []:
            yield path.name, item["text"]


def training():
    return [normalise(t) for _, _, t in examples("data/nlu")]


# Training files written for the safeguarding work (issue 19). Older files (emergency.yml, children.yml, threats.yml,
# ...) still share about 60 short messages with the older tuning and hold-out lists ("what is phishing", "I want to
# end it all"); they were not removed on 3 Dec 2026 (other topics' data), so only these files are checked here.
SAFEGUARDING_TRAINING = ("distress.yml", "emergency_rushed.yml")


def test_no_safeguarding_training_example_copies_a_list_message():
    lists = {normalise(t): f for f, t in list_messages(sealed=False)}
    assert len(lists) > 1000
    ours = [normalise(t) for f, _, t in examples("data/nlu") if f in SAFEGUARDING_TRAINING]
    assert len(ours) > 100
    copied = near_copies(lists, ours)
    assert not copied, [(lists[t], t) for t in sorted(copied)][:5]


MIN_WORDS_SEALED = 3  # "help", "ok thanks": a one- or two-word message cannot be copied, only coincide


def test_no_training_example_copies_a_sealed_safeguarding_message():
    sealed = [normalise(t) for _, t in list_messages(sealed=True) if len(normalise(t).split()) >= MIN_WORDS_SEALED]
    assert sealed, "tests/safeguarding/sealed5/ has no items"
    copied = len(near_copies(sealed, training()))  # a number only: pytest would print a set's members
    assert copied == 0, f"{copied} sealed safeguarding messages are copied by training examples (not shown)"


SEALED_FOLDERS = ("sealed5", "sealed6", "sealed7", "sealed8")


def _items(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return data.get("messages") or data.get("items") or []


def test_every_sealed_folder_is_compared():
    """sealed7 (4 Dec 2026) and the older sealed lists are all in the comparison: counted by folder, never shown."""
    counts = {folder: 0 for folder in SEALED_FOLDERS}
    for path in sorted(LISTS.rglob("*.yml")):
        if path.parts[-2] in counts:
            counts[path.parts[-2]] += len(_items(path))
    assert all(n >= 200 for n in counts.values()), counts


def test_development_8_is_compared_with_training():
    assert sum(1 for name, _ in list_messages(sealed=False) if name == "dev8.yml") == 200


def test_development_8_does_not_copy_sealed_7():
    """The two blind lists of 4 Dec 2026 were written as siblings: tuning on dev8 must not tune on sealed7's messages."""
    dev8 = [normalise(t) for name, t in list_messages(sealed=False) if name == "dev8.yml"]
    sealed7 = [
        normalise(t)
        for name, t in list_messages(sealed=True)
        if name == "sealed7.yml" and len(normalise(t).split()) >= MIN_WORDS_SEALED
    ]
    assert dev8 and sealed7
    copied = len(near_copies(sealed7, dev8))  # a number only
    assert copied == 0, f"{copied} sealed 7 messages are near copies of development 8 messages (not shown)"


def test_the_check_finds_a_planted_copy():
    planted = normalise("pls help my ex is outside wiv a knife sayin hes gona kil me")
    assert near_copies([planted], training() + [planted + " now"])
