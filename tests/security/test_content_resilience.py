"""Content that an edit or a CMS cannot break (cyberprotect/content_store.py): the last good snapshot stays in use, the
remote bundle is https-only, size-capped, alias-free, keeps every topic and route, and cannot change pinned routes."""

import json
import shutil
import threading
import time

import pytest
import yaml

from cyberprotect.content_store import MAX_REMOTE_BYTES, PINNED_ROUTES, ContentStore, main, read_local_bundle
from tests.conftest import ROOT


@pytest.fixture
def content(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path / "content"


def bundle(content_dir, change=None) -> str:
    b = read_local_bundle(content_dir)
    if change:
        change(b)
    return json.dumps(b, default=str)


def remote_store(content_dir, tmp_path, text, url="https://cms.example/bundle"):
    return ContentStore(root=content_dir, remote_url=url, cache_file=tmp_path / "cache.json", fetch=lambda _url: text)


def swap_report_fraud(b):
    b["routes"]["report_fraud"]["phone"] = "0300 999 9999"


def drop_route(b):
    del b["routes"]["samaritans"]


def no_topics(b):
    b["topics"] = []


@pytest.mark.parametrize("change", [swap_report_fraud, drop_route, no_topics])
def test_a_bundle_that_changes_a_pinned_number_or_drops_content_is_refused(content, tmp_path, change, caplog):
    store = remote_store(content, tmp_path, bundle(content, change))
    with caplog.at_level("ERROR"):
        snapshot = store.current()
    assert snapshot.origin == "local" and snapshot.routes["report_fraud"].phone == "0300 123 2040"
    assert "samaritans" in snapshot.routes and snapshot.topics
    assert any("remote content unusable" in r.getMessage() for r in caplog.records)


def test_a_valid_bundle_is_still_accepted(content, tmp_path):
    def edit(b):
        b["topics"][0]["summary"] = "From the CMS."

    assert remote_store(content, tmp_path, bundle(content, edit)).current().origin == "remote"


def test_pinned_routes_exist_in_the_local_content():
    routes = read_local_bundle(ROOT / "content")["routes"]
    assert set(PINNED_ROUTES) <= set(routes)


def test_http_is_refused(content, tmp_path):
    assert remote_store(content, tmp_path, bundle(content), url="http://cms.example/b").current().origin == "local"


def test_a_50_mb_body_is_refused(content, tmp_path):
    huge = bundle(content)[:-1] + ', "padding": "' + "x" * (50 * 1024 * 1024) + '"}'
    assert len(huge) > MAX_REMOTE_BYTES
    assert remote_store(content, tmp_path, huge).current().origin == "local"


def test_an_alias_bomb_is_refused_without_expanding(content, tmp_path):
    b = read_local_bundle(content)
    text = yaml.safe_dump(b) + "".join(
        ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"]
        + [
            f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n"
            for i in range(1, 7)
        ]
    )
    start = time.perf_counter()
    store = remote_store(content, tmp_path, text)
    assert store.current().origin == "local" and time.perf_counter() - start < 10
    assert not (tmp_path / "cache.json").exists()


def test_remote_refresh_runs_off_the_request_path(content, tmp_path):
    """Deterministic: the CMS answers only once the test has had its answer; a fetch on the request path would
    wait for a release that never comes (until its 10 s timeout) and say so."""
    release, held_up_the_answer = threading.Event(), []

    def slow(_url):
        if not release.wait(timeout=10):
            held_up_the_answer.append(True)
        return bundle(content)

    store = ContentStore(
        root=content, remote_url="https://cms.example/b", cache_file=tmp_path / "c.json", fetch=slow, background=True
    )
    assert store.current().origin == "local"
    release.set()
    assert not held_up_the_answer  # the slow CMS did not hold up the answer
    deadline = time.time() + 60  # three full parses: ~13 s at load 13 on 2 cores (3 Dec)
    while store.current().origin != "remote" and time.time() < deadline:
        time.sleep(0.1)
    assert store.current().origin == "remote"


def test_a_broken_file_keeps_the_last_good_advice_until_it_is_fixed(content, caplog):
    store = ContentStore(root=content)
    path = content / "topics" / "smishing.yml"
    original = path.read_text()
    good = store.topic("smishing").summary
    time.sleep(0.01)
    path.write_text(original + "\n  bad: [indentation\n")  # a half-saved file
    with caplog.at_level("ERROR"):
        assert store.topic("smishing").summary == good
    assert any("smishing.yml" in r.getMessage() and "line" in r.getMessage() for r in caplog.records)
    data = yaml.safe_load(original)
    data["summary"] = "Fixed and edited."
    time.sleep(0.01)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    assert store.topic("smishing").summary == "Fixed and edited."
    assert store.status()["status"] == "ok"


def test_check_content_command(content, capsys):
    assert main([str(content)]) == 0
    (content / "routes" / "routes.yml").write_text("routes: [broken")
    assert main([str(content)]) == 1
    assert "ERROR" in capsys.readouterr().out
