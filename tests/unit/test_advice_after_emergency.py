"""A long story that set off an emergency reply also gets the advice for what it tells, after the reply (issue 18):
actions/advice_actions.ActionAdviceAfterEmergency, run last in data/rules/emergency.yml (not after self-harm)."""

from pathlib import Path

import yaml
from rasa_sdk import Tracker

from actions.advice_actions import ActionAdviceAfterEmergency
from tests.unit.action_helpers import all_text, run, slot

ROOT = Path(__file__).resolve().parents[2]

STORY = (
    "Last Tuesday a man rang saying he was a detective and that staff at my bank were stealing from customers. "
    "He said he needed my help to catch them and that a courier would come to collect my bank card as evidence. "
    "An hour later a car was outside and the driver took my card and PIN."
)


def emergency_turn(text, intent="emergency_crime_at_door", safeguarding=None, ranking=None):
    message = {
        "intent": {"name": intent, "confidence": 1.0},
        "text": text,
        "entities": [],
        "intent_ranking": ranking or [{"name": intent, "confidence": 1.0}],
    }
    if safeguarding is not None:
        message["safeguarding"] = safeguarding
    return Tracker("u", {}, message, [], False, None, {}, "action_listen")


def test_a_long_story_gets_the_advice_for_its_topic_after_the_emergency_reply():
    messages, events = run(
        ActionAdviceAfterEmergency(),
        emergency_turn(STORY, safeguarding={"kind": "crime_at_door", "classifier_intent": "threat_courier_fraud"}),
    )
    assert messages[0]["text"].startswith("If this has already happened and no one is in danger now")
    assert "Courier fraud" in all_text(messages) and "Your bank" in all_text(messages)
    assert slot(events, "topic") == "courier_fraud"


def test_the_topic_comes_from_the_ranking_when_the_classifier_alone_saw_the_emergency():
    ranking = [
        {"name": "emergency_generic", "confidence": 0.9},
        {"name": "emergency_danger", "confidence": 0.0},
        {"name": "threat_vishing", "confidence": 0.05},
        {"name": "greet", "confidence": 0.01},
    ]
    _, events = run(ActionAdviceAfterEmergency(), emergency_turn(STORY, "emergency_generic", ranking=ranking))
    assert slot(events, "topic") == "vishing"


def test_noise_under_a_sure_emergency_gives_no_advice():
    # hand-tried 4 Dec 2026: a courier at the door now got romance-scam advice from a 0.001 ranking entry
    ranking = [
        {"name": "emergency_generic", "confidence": 0.996},
        {"name": "threat_romance_scam", "confidence": 0.001},
        {"name": "threat_courier_fraud", "confidence": 0.001},
    ]
    text = "theres a man at my nans door right now saying hes from the police and needs her bank cards, shes 84"
    messages, events = run(ActionAdviceAfterEmergency(), emergency_turn(text, "emergency_generic", ranking=ranking))
    assert messages == [] and slot(events, "topic") == "unset"


def test_a_story_of_15_words_counts():
    _, events = run(
        ActionAdviceAfterEmergency(),
        emergency_turn(
            "And then it hit me, the scammer had been controlling my laptop remotely the whole time",
            "emergency_crime_remote",
            safeguarding={"classifier_intent": "threat_remote_access"},
        ),
    )
    assert slot(events, "topic") == "remote_access"


def test_a_short_message_or_no_topic_gets_nothing_more():
    messages, events = run(
        ActionAdviceAfterEmergency(),
        emergency_turn(
            "a courier is coming round now to collect my bank card",
            safeguarding={"classifier_intent": "threat_courier_fraud"},
        ),
    )
    assert messages == [] and events == []
    messages, events = run(
        ActionAdviceAfterEmergency(), emergency_turn(STORY, safeguarding={"classifier_intent": None})
    )
    assert messages == [] and events == []


def test_every_emergency_rule_but_self_harm_ends_with_the_advice_for_a_story():
    rules = yaml.safe_load((ROOT / "data" / "rules" / "emergency.yml").read_text())["rules"]
    for rule in rules:
        intent = rule["steps"][0]["intent"]
        if intent.startswith("emergency_"):
            last = rule["steps"][-1]["action"]
            assert (last == "action_advice_after_emergency") == (intent != "emergency_self_harm"), rule["rule"]
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    assert "action_advice_after_emergency" in domain["actions"]
