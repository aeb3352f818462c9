"""Shared test fixtures: project paths, and a running bot (startup/stack.py: action server + Rasa server) for
server tests."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# the tests import these from here
from startup.stack import MODEL, TEST_OFFICER_CODE, Bot, free_port, wait_for  # noqa: E402,F401


@pytest.fixture(scope="session")
def bot(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail("no trained model: run `make train` (make test does it)")
    b = Bot(tmp_path_factory.mktemp("bot"))
    b.start()
    yield b
    b.stop()
