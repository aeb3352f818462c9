"""The content store reloads edited files without a restart, and falls back when a remote CMS is down."""

import datetime as dt
import json
import shutil
import time

import pytest
import yaml

from cyberprotect.content_store import ContentStore, iter_all, read_local_bundle, snapshot_from_bundle
from tests.conftest import ROOT


@pytest.fixture
def content_copy(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path / "content"


def _edit_summary(content_dir, key, summary):
    path = content_dir / "topics" / f"{key}.yml"
    data = yaml.safe_load(path.read_text())
    data["summary"] = summary
    time.sleep(0.01)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_edited_file_changes_the_next_answer(content_copy):
    store = ContentStore(root=content_copy)
    before = store.topic("smishing").summary
    _edit_summary(content_copy, "smishing", "Edited summary for the test.")
    assert store.topic("smishing").summary == "Edited summary for the test."
    assert before != "Edited summary for the test."


def test_edited_talk_tip_and_platform_setting_change_the_next_answer(content_copy):
    store = ContentStore(root=content_copy)
    assert store.current().talk.steps[0].suggestions[0] != "Edited TALK tip."
    for rel, edit in (
        ("children/talk.yml", lambda d: d["steps"][0]["suggestions"].__setitem__(0, "Edited TALK tip.")),
        ("platforms/roblox.yml", lambda d: d["settings"].__setitem__(0, "Edited Roblox setting.")),
    ):
        path = content_copy / rel
        data = yaml.safe_load(path.read_text())
        edit(data)
        time.sleep(0.01)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    assert store.current().talk.steps[0].suggestions[0] == "Edited TALK tip."
    assert store.current().platforms["roblox"].settings[0] == "Edited Roblox setting."


def test_broken_edit_is_reported_clearly_and_the_last_good_content_stays_in_use(content_copy, caplog):
    # Until issue 20 a broken edit made current() raise on every request (all advice silent until fixed).
    store = ContentStore(root=content_copy)
    good_summary = store.topic("smishing").summary
    path = content_copy / "topics" / "smishing.yml"
    data = yaml.safe_load(path.read_text())
    del data["sources"]
    time.sleep(0.01)
    path.write_text(yaml.safe_dump(data))
    with caplog.at_level("ERROR", logger="cyberprotect.content_store"):
        assert store.topic("smishing").summary == good_summary
    assert any("smishing" in r.getMessage() and "sources" in r.getMessage() for r in caplog.records)
    assert store.status()["status"].startswith("content stale since")
    with pytest.raises(ValueError, match="sources"):  # a store that never loaded good content still fails loudly
        ContentStore(root=content_copy).current()


def _bundle_text(content_dir, summary=None):
    bundle = read_local_bundle(content_dir)
    if summary:
        for t in bundle["topics"]:
            if t["key"] == "smishing":
                t["summary"] = summary
    return json.dumps(bundle, default=str)


def test_remote_content_is_used_and_cached(content_copy, tmp_path):
    calls = []

    def fetch(url):
        calls.append(url)
        return _bundle_text(content_copy, summary="From the force CMS.")

    store = ContentStore(
        root=content_copy,
        remote_url="https://cms.example/bundle",
        remote_ttl=60,
        cache_file=tmp_path / "cache.json",
        fetch=fetch,
    )
    assert store.topic("smishing").summary == "From the force CMS."
    assert store.current().origin == "remote"
    store.topic("smishing")
    assert len(calls) == 1  # cached for remote_ttl seconds
    assert (tmp_path / "cache.json").exists()


def test_remote_down_uses_last_cached_copy_then_local(content_copy, tmp_path):
    cache = tmp_path / "cache.json"
    good = ContentStore(
        root=content_copy,
        remote_url="https://cms.example/b",
        cache_file=cache,
        fetch=lambda url: _bundle_text(content_copy, summary="Cached CMS copy."),
    )
    good.current()

    def down(url):
        raise ConnectionError("CMS is down")

    fallback = ContentStore(root=content_copy, remote_url="https://cms.example/b", cache_file=cache, fetch=down)
    assert fallback.topic("smishing").summary == "Cached CMS copy."
    assert fallback.current().origin == "remote-cache"

    cache.unlink()
    local = ContentStore(root=content_copy, remote_url="https://cms.example/b", cache_file=cache, fetch=down)
    assert local.current().origin == "local"
    assert (
        local.topic("smishing").summary
        == read_local_bundle(content_copy)["topics"][
            [t["key"] for t in read_local_bundle(content_copy)["topics"]].index("smishing")
        ]["summary"]
    )


def test_invalid_remote_bundle_falls_back_to_local(content_copy, tmp_path):
    store = ContentStore(
        root=content_copy,
        remote_url="https://cms.example/b",
        cache_file=tmp_path / "c.json",
        fetch=lambda url: "topics: [{key: smishing}]\nroutes: {}\nreasons: {}",
    )
    assert store.current().origin == "local"


def test_remote_bundle_with_only_topics_and_routes_takes_the_childrens_guidance_from_the_local_files(
    content_copy, tmp_path
):
    bundle = read_local_bundle(content_copy)
    only_topics_and_routes = {k: bundle[k] for k in ("topics", "routes", "reasons")}
    store = ContentStore(
        root=content_copy,
        remote_url="https://cms.example/bundle",
        remote_ttl=60,
        cache_file=tmp_path / "cache.json",
        fetch=lambda url: json.dumps(only_topics_and_routes, default=str),
    )
    snapshot = store.current()
    assert snapshot.origin == "remote"
    local = snapshot_from_bundle(bundle, "local")
    assert (snapshot.talk, snapshot.young_people) == (local.talk, local.young_people)
    assert snapshot.platforms == local.platforms and snapshot.places == local.places


def test_a_bundle_without_the_talk_checklist_is_refused(content_copy):
    bundle = read_local_bundle(content_copy)
    del bundle["talk"]
    with pytest.raises(ValueError, match="'talk' is missing"):
        snapshot_from_bundle(bundle, "test")


# -- issue 22: the files are looked at every few seconds, and one action call sees one version -----------------
class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_the_files_are_looked_at_at_most_every_check_interval_and_an_edit_then_shows(content_copy, monkeypatch):
    import cyberprotect.content_store as content_store

    looks = []
    real_signature = content_store._signature
    monkeypatch.setattr(content_store, "_signature", lambda root: looks.append(root) or real_signature(root))
    clock = FakeClock()
    store = ContentStore(root=content_copy, check_every=2.0, clock=clock)
    store.current()
    looks.clear()
    for _ in range(100):
        store.current()
    assert looks == []  # 100 calls within two seconds: the ~50 files are not listed again
    _edit_summary(content_copy, "smishing", "Edited while the bot runs.")
    clock.now += 1.0
    assert store.topic("smishing").summary != "Edited while the bot runs."  # not looked at yet
    clock.now += 1.5
    assert store.topic("smishing").summary == "Edited while the bot runs."  # no retraining, no restart
    assert len(looks) == 2  # looked once (changed: reloaded), with the reload's own listing


def test_one_action_call_sees_one_version_of_the_content(content_copy):
    store = ContentStore(root=content_copy)  # check_every 0: looks on every call
    before = store.topic("smishing").summary
    with store.one_snapshot() as held:
        _edit_summary(content_copy, "smishing", "Edited during the call.")
        assert store.topic("smishing").summary == before
        assert store.current() is held
    assert store.topic("smishing").summary == "Edited during the call."


def test_the_action_server_holds_one_snapshot_for_each_call(content_copy, monkeypatch):
    import cyberprotect.content_store as content_store
    from startup import action_threads

    store = ContentStore(root=content_copy)
    monkeypatch.setattr(content_store, "_default_store", store)
    seen = []

    def action(dispatcher, tracker, domain):
        seen.append(content_store.default_store().topic("smishing").summary)
        _edit_summary(content_copy, "smishing", "Edited during the call.")
        seen.append(content_store.default_store().topic("smishing").summary)
        return []

    action_threads._call(action, {"tracker": {"sender_id": "t", "slots": {}, "events": []}})
    assert seen[0] == seen[1] != "Edited during the call."
    assert store.topic("smishing").summary == "Edited during the call."  # the next call sees the edit


def test_check_interval_setting():
    from cyberprotect.content_store import check_seconds

    assert check_seconds({}) == 2.0
    assert check_seconds({"CONTENT_CHECK_SECONDS": "0"}) == 0.0
    assert check_seconds({"CONTENT_CHECK_SECONDS": "0.5"}) == 0.5


def test_status_counts_items_past_their_review_period(content_copy):
    """/health/content reports how many items are past their review period (a figure for monitoring); the status
    stays "ok", as the advice in use is still the last reviewed one."""
    store = ContentStore(root=content_copy)
    assert store.status()["reviews_overdue"] == 0
    later = store.status(today=dt.date.today() + dt.timedelta(days=3660))
    assert later["status"] == "ok" and later["reviews_overdue"] == len(list(iter_all(store.current())))
