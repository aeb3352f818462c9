"""Shared test fixtures: project paths, and a running bot (startup/stack.py: action server + Rasa server) for
server tests."""

from __future__ import annotations

from pathlib import Path

import pytest

# the repository root is on sys.path through pyproject.toml ([tool.pytest.ini_options] pythonpath)
# the tests import these from here
from startup.stack import MODEL, TEST_OFFICER_CODE, Bot, free_port, wait_for  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def bot(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    b = Bot(tmp_path_factory.mktemp("bot"))
    b.start()
    yield b
    b.stop()
