"""One real bot for the security server tests and the fuzz run (tests/security/test_server_security.py,
test_fuzz_rest.py): started as `make run` does, with the in-app rate limits on for loopback callers."""

import pytest

from tests.conftest import MODEL, Bot


@pytest.fixture(scope="session")
def sbot(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    b = Bot(
        tmp_path_factory.mktemp("security"),
        serve=True,
        extra_env={
            "RATE_LIMIT_LOCAL": "on",
            "RATE_LIMIT_PER_ADDRESS": "1000000/60",
            # 10 per 10 minutes: the 11th message is refused however slowly a busy machine answers
            # (the 10-per-10-seconds default is tested in test_gate.py)
            "RATE_LIMIT_PER_CONVERSATION": "10/600",
        },
    )
    try:
        b.start(extra_wait=600)  # a busy machine (other trainings): more time to load the model, once
        yield b
    finally:  # also when start-up failed: never leave servers behind
        b.stop()
