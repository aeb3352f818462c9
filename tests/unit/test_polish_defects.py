"""Defects found by trying the bot (4 Dec 2026 evening):
(1) someone in Scotland who asks "Should I report it to Action Fraud?" is told plainly, beside the routes, that in
    Scotland you report to Police Scotland on 101, not to Report Fraud (which replaced Action Fraud);
(2) a story that names how the money went (gift cards, Western Union / MoneyGram, crypto) gets one step for that way
    of paying among the "Because you said you have paid" steps;
(3) Report Remove (nude or sexual images of under-18s) is offered only when such images are mentioned or the topic
    is about them."""

import pytest

from actions.advice_actions import ActionGiveAdvice, ActionHowReport
from cyberprotect.content_store import default_store
from cyberprotect.questions import names_report_fraud
from cyberprotect.routing import Case, decide_routes
from tests.unit.action_helpers import all_text, run, tracker

ABERDEEN_STORY = (
    "I live in Aberdeen. I met a man on a dating site, he said he was working on an oil rig and needed money for "
    "his flight home. I sent him £3,000 and now he has blocked me. Should I report it to Action Fraud?"
)


def scotland_answer() -> str:
    return default_store().current().reasons["police_scotland_not_report_fraud"]


# --- (1) Action Fraud asked about from Scotland -------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,named",
    [
        ("Should I report it to Action Fraud?", True),
        ("do i ring actionfraud", True),
        ("Can I report it to Report Fraud?", True),
        ("is reportfraud.police.uk the right site", True),
        ("how do I report fraud?", False),
        ("I want to report fraud", False),
        ("where do I report it", False),
    ],
)
def test_names_report_fraud_means_the_service_not_the_verb(text, named):
    assert names_report_fraud(text) is named


def test_the_scotland_answer_is_content_and_says_101_not_report_fraud():
    line = scotland_answer()
    assert line.startswith("In Scotland, report to Police Scotland, not Report Fraud")
    assert "replaced Action Fraud" in line and "England, Wales and NI" in line


@pytest.mark.parametrize("threat,category", [("romance_scam", "fraud"), ("smishing", "fraud"), (None, None)])
def test_scotland_and_action_fraud_named_gives_the_plain_answer_on_police_scotland(threat, category):
    case = Case(threat=threat, category=category, nation="scotland", names_report_fraud=True)
    decisions = decide_routes(case)
    reasons = {d.route: d.reason for d in decisions}
    assert reasons["police_scotland_101"] == "police_scotland_not_report_fraud"
    assert "report_fraud" not in reasons
    # not named, or not Scotland: unchanged
    plain = {d.route: d.reason for d in decide_routes(Case(threat=threat, category=category, nation="scotland"))}
    assert plain["police_scotland_101"] != "police_scotland_not_report_fraud"
    for nation in ("england", "wales", "northern_ireland", None):
        other = decide_routes(Case(threat=threat, category=category, nation=nation, names_report_fraud=True))
        assert all(d.reason != "police_scotland_not_report_fraud" for d in other)


def test_aberdeen_romance_story_asking_about_action_fraud_is_answered_beside_the_routes():
    messages, _ = run(ActionGiveAdvice(), tracker("threat_romance_scam", text=ABERDEEN_STORY))
    routes_message = messages[-1]["text"]
    line = next(line for line in routes_message.splitlines() if "Police Scotland (101)" in line)
    assert "call 101" in line and scotland_answer() in line  # the number and the answer on one line
    assert "0300 123 2040" not in all_text(messages)


def test_scotland_from_the_slot_asking_about_action_fraud_gets_the_answer():
    messages, _ = run(
        ActionHowReport(),
        tracker("ask_how_report", {"topic": "smishing", "nation": "scotland"}, text="Do I tell Action Fraud?"),
    )
    assert scotland_answer() in all_text(messages)
    messages, _ = run(
        ActionHowReport(),
        tracker("ask_how_report", {"topic": "smishing", "nation": "scotland"}, text="Where do I report it?"),
    )
    assert scotland_answer() not in all_text(messages)
