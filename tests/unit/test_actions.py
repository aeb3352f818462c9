"""Custom actions, run with rasa_sdk's CollectingDispatcher and Tracker (no servers)."""

import pytest
from rasa_sdk.events import SlotSet

from actions.advice_actions import (
    ActionContentDate,
    ActionGiveAdvice,
    ActionHowReport,
    ActionProtect,
    ActionReportFraudInfo,
    ActionWhatNow,
)
from cyberprotect.content_store import default_store
from tests.unit.action_helpers import all_text, run, tracker


def test_advice_uses_the_content_store_and_sets_the_topic():
    topic = default_store().topic("smishing")
    messages, events = run(ActionGiveAdvice(), tracker("threat_smishing"))
    assert topic.summary in all_text(messages)
    assert topic.do_now[0] in all_text(messages)
    assert SlotSet("topic", "smishing") in events
    assert "If anyone is in danger right now, call 999." in all_text(messages)
    # the steps say "the spam number shown below": the routes, with 7726, really do follow
    assert "shown below" in " ".join(topic.do_now) and "7726" in all_text(messages)
    titles = [b["title"] for m in messages for b in m.get("buttons", [])]
    assert {"How can I protect myself?", "Something else"} <= set(titles)  # reporting routes are shown inline


@pytest.mark.parametrize("action,field", [(ActionWhatNow(), "do_now"), (ActionProtect(), "protect")])
def test_follow_ups_refer_to_the_topic_in_the_slot(action, field):
    topic = default_store().topic("courier_fraud")
    messages, _ = run(action, tracker("ask_what_now", {"topic": "courier_fraud"}))
    assert getattr(topic, field)[0] in all_text(messages)


def test_how_report_after_money_lost_puts_the_bank_first():
    messages, _ = run(
        ActionHowReport(), tracker("already_paid", {"topic": "vishing", "money_lost": "yes", "nation": "england"})
    )
    text = all_text(messages)
    assert text.index("159") < text.index("0300 123 2040")


def test_how_report_in_scotland_never_sends_to_report_fraud():
    messages, _ = run(ActionHowReport(), tracker("inform_nation", {"topic": "smishing", "nation": "scotland"}))
    text = all_text(messages)
    assert "Police Scotland" in text and "Report Fraud" not in text and "0300 123 2040" not in text


def test_action_fraud_question_answers_with_report_fraud_and_scotland():
    messages, _ = run(ActionReportFraudInfo(), tracker("ask_action_fraud_number"))
    text = all_text(messages)
    assert "Report Fraud (formerly Action Fraud)" in text and "0300 123 2040" in text
    assert "Police Scotland" in text


def test_content_date_names_the_review_date_and_sources():
    topic = default_store().topic("hacked_account")
    messages, _ = run(ActionContentDate(), tracker("ask_content_date", {"topic": "hacked_account"}))
    text = all_text(messages)
    assert f"{topic.last_reviewed.day} {topic.last_reviewed.strftime('%B %Y')}" in text
    assert topic.sources[0].url in text


def test_follow_up_without_a_topic_asks_what_happened():
    messages, events = run(ActionWhatNow(), tracker("ask_what_now"))
    assert "what happened" in all_text(messages).lower() and events == []


def test_no_report_still_gets_support_and_steps():
    from actions.advice_actions import ActionSupportOnly

    topic = default_store().topic("romance_scam")
    messages, _ = run(
        ActionSupportOnly(), tracker("no_report", {"topic": "romance_scam", "money_lost": "yes", "nation": "england"})
    )
    text = all_text(messages)
    assert "don't have to report" in text
    assert "Victim Support" in text and "159" in text
    assert "Report Fraud" not in text
    assert topic.do_now[0] in text


def test_place_name_in_the_question_sets_the_nation_scotland_never_gets_report_fraud():
    messages, events = run(
        ActionHowReport(),
        tracker("ask_how_report", {"topic": "vishing"}, text="I live in Dundee. Where do I report it?"),
    )
    text = all_text(messages)
    assert "Police Scotland" in text and "Report Fraud" not in text and "0300 123 2040" not in text
    assert SlotSet("nation", "scotland") in events


def test_route_messages_record_the_routes_offered_in_metadata_for_the_dashboard():
    """insights/ counts routes from the bot event's metadata: the keys shown, in the order shown."""
    messages, _ = run(ActionHowReport(), tracker("inform_nation", {"topic": "smishing", "nation": "scotland"}))
    offered = [r for m in messages for r in (m.get("insights") or {}).get("routes", [])]
    assert "police_scotland_101" in offered and "report_fraud" not in offered
    text = all_text(messages)
    names = [default_store().current().routes[k].name for k in offered]
    assert [text.index(n) for n in names] == sorted(text.index(n) for n in names)  # same order as shown
    messages, _ = run(ActionGiveAdvice(), tracker("threat_smishing", {"nation": "england"}))
    offered = [r for m in messages for r in (m.get("insights") or {}).get("routes", [])]
    assert "report_fraud" in offered and "forward_7726" in offered


def test_distress_then_advice_uses_the_classifiers_topic():
    """Issue 19: after the support reply, the advice is for what the person described (the safeguarding component
    keeps the classifier's intent in the parse data); without a topic it asks what happened."""
    from rasa_sdk import Tracker

    message = {
        "intent": {"name": "distress", "confidence": 1.0},
        "entities": [],
        "text": "I lost my savings to a fake crypto investment and my life is ruined",
        "safeguarding": {"kind": "distress", "classifier_intent": "threat_investment_scam"},
    }
    trk = Tracker("test-user", {}, message, [], False, None, {}, "action_listen")
    _, events = run(ActionGiveAdvice(), trk)
    assert SlotSet("topic", "investment_scam") in events
    _, events = run(ActionGiveAdvice(), tracker("distress", text="my life is ruined"))
    assert not any(e.get("name") == "topic" for e in events)
