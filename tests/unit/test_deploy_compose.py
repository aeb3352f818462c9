"""deploy/compose.yaml against the Compose Specification's schema, with Compose's interpolation and the bot's
shared-store start-up rule (scripts/validate_compose.py, run by `make check` through scripts/validate_deploy.sh)."""

from pathlib import Path

import pytest

from scripts import validate_compose as vc

COMPOSE = Path(__file__).resolve().parents[2] / "deploy" / "compose.yaml"


def _variant(tmp_path, old: str, new: str) -> Path:
    text = COMPOSE.read_text()
    assert old in text, old
    path = tmp_path / "compose.yaml"
    path.write_text(text.replace(old, new))
    return path


def test_the_shipped_compose_file_is_valid():
    problems, data = vc.check(COMPOSE)
    assert problems == []
    assert {"postgres", "redis", "actions", "rasa", "nginx"} <= set(data["services"])
    # required secrets are filled with placeholders, as a force's .env would fill them
    assert data["services"]["rasa"]["environment"]["REDIS_PASSWORD"] == "placeholder-redis_password"
    assert data["services"]["rasa"]["environment"]["LOCK_STORE_TYPE"] == "redis"


def test_an_unknown_key_is_an_error(tmp_path):
    problems, _ = vc.check(_variant(tmp_path, "    deploy:\n      replicas: 2", "    deploy:\n      replica: 2"))
    assert problems and all("replica" in p for p in problems)


def test_a_wrong_type_is_an_error(tmp_path):
    problems, _ = vc.check(
        _variant(tmp_path, "      interval: 5s\n      retries: 12", "      interval: 5s\n      retries: [12]")
    )
    assert any("retries" in p or "healthcheck" in p for p in problems)


def test_a_malformed_variable_is_an_error(tmp_path):
    problems, _ = vc.check(_variant(tmp_path, "${POSTGRES_PASSWORD:?}@", "${POSTGRES_PASSWORD:?@"))
    assert any("malformed variable reference" in p for p in problems)


def test_in_memory_locks_on_the_shared_tracker_store_are_refused(tmp_path):
    problems, _ = vc.check(_variant(tmp_path, "LOCK_STORE_TYPE: redis", "LOCK_STORE_TYPE: in_memory"))
    assert problems == ["services.rasa: a shared tracker store with in-memory locks: the Rasa server would refuse"]


@pytest.mark.parametrize(
    "text, env, expected",
    [
        ("a$$b", {}, "a$b"),
        ("${X:-d}", {}, "d"),
        ("${X:-d}", {"X": ""}, "d"),
        ("${X-d}", {"X": ""}, ""),
        ("${X:?}", {}, "placeholder-x"),
        ("${X:+yes}", {"X": "1"}, "yes"),
        ("${X:+yes}", {}, ""),
        ("$X/${Y}", {"X": "a", "Y": "b"}, "a/b"),
    ],
)
def test_interpolation_follows_compose(text, env, expected):
    problems = []
    assert vc.interpolate(text, env, "t", problems) == expected and problems == []
