"""Logs without personal data (startup/log_privacy.py) and the start-up limits (startup/patches.py): SQL parameters
hidden, action timeout far below 300 s, a fixed reply with 999 and Report Fraud when an action fails."""

import asyncio
import logging

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from startup import log_privacy, patches
from tests.conftest import ROOT, free_port

NUMBER = "+447700900123"


@pytest.fixture(scope="module", autouse=True)
def patched():
    patches.apply()


def filtered_output(record_fn) -> str:
    logger = logging.getLogger("privacy-test")
    logger.propagate = False
    lines = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Keep()
    handler.addFilter(log_privacy.PrivacyFilter())
    logger.addHandler(handler)
    try:
        record_fn(logger)
    finally:
        logger.removeHandler(handler)
    return "\n".join(lines)


def test_numbers_emails_cards_and_conversation_ids_are_masked():
    out = filtered_output(
        lambda log: log.error(
            "lock for %s failed; text %s; mail a@b.co.uk; card 4539 1488 0343 6467", "tw:" + NUMBER, NUMBER
        )
    )
    for secret in ("7700900123", "a@b.co.uk", "1488"):
        assert secret not in out
    assert "lock for tw:[id] failed" in out


def test_exceptions_keep_only_their_type():
    def boom(log):
        try:
            raise RuntimeError(f"Cannot lock conversation {NUMBER}: I was scammed, my password is hunter2")
        except RuntimeError:
            log.exception("twilio: failed")

    out = filtered_output(boom)
    assert out == "twilio: failed (RuntimeError)"


def test_a_huge_record_is_cut():
    out = filtered_output(lambda log: log.error("text=%s", "help " * 1_000_000))
    assert len(out) < 1100


def test_structlog_text_fields_are_dropped():
    event = log_privacy.scrub_event(
        None,
        "error",
        {
            "event": "rest.message.received.failure",
            "text": "my card is 4539 1488 0343 6467",
            "sender_id": NUMBER,
            "note": f"for {NUMBER}",
        },
    )
    assert event["text"] == "[removed]" and event["sender_id"] == "[removed]" and "7700900123" not in event["note"]


def test_rasa_structlog_uses_the_scrubber_after_install():
    from rasa.utils import log_utils

    log_privacy.install()
    assert log_utils._anonymizer is log_privacy.scrub_event


def test_sql_tracker_store_hides_parameters(tmp_path):
    from rasa.core.tracker_store import SQLTrackerStore

    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    assert store.engine.hide_parameters is True


def test_action_timeout_is_far_below_rasas_300_seconds():
    import rasa.core.actions.action as rasa_action

    assert rasa_action.DEFAULT_REQUEST_TIMEOUT == patches.action_timeout() <= 15


def test_a_failed_action_gives_the_fixed_reply_with_999_and_report_fraud():
    domain = Domain.load(str(ROOT / "domain.yml"))
    action = RemoteAction("action_give_advice", EndpointConfig(f"http://127.0.0.1:{free_port()}/webhook"))
    tracker = DialogueStateTracker("rest:x", domain.slots)
    events = asyncio.run(
        action.run(CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(domain.responses), tracker, domain)
    )
    text = events[0].text
    assert "999" in text and "Report Fraud" in text and "0300 123 2040" in text and "Police Scotland" in text
    assert "try again" in text
