"""One real bot for the security server tests and the fuzz run (tests/security/test_server_security.py,
test_fuzz_rest.py): started as `make run` does, with the in-app rate limits on for loopback callers."""
import pytest

from tests.conftest import MODEL, Bot


@pytest.fixture(scope="session")
def sbot(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    b = Bot(tmp_path_factory.mktemp("security"), serve=True,
            extra_env={"RATE_LIMIT_LOCAL": "on", "RATE_LIMIT_PER_ADDRESS": "1000000/60"})
    b.start_actions()
    b.start_rasa()
    yield b
    b.stop_rasa()
    b.stop_actions()


