"""Distress is not danger (issue 19, req. 2) and the first reply answers the story (issue 18): someone upset who
told a story with a topic gets the kind line (a domain response) AND that topic's advice in the same reply; someone
upset with no story the bot can name gets the support reply, plus the steps and the routes for what they said they
did ("I lost all my savings"); feelings alone keep the support reply with a request for the story.
The topic is the classifier's best threat reading, kept by components/safeguarding.py before its override."""

import pytest

from actions import turn
from actions.advice_actions import ActionGiveAdvice
from tests.unit.action_helpers import all_text, run, tracker


def distress(text, threats, classifier_intent="", slots=None):
    trk = tracker("distress", text=text, slots=slots or {})
    trk.latest_message = {
        "intent": {"name": "distress", "confidence": 1.0},
        "entities": [],
        "text": text,
        "intent_ranking": [{"name": "distress", "confidence": 1.0}],
        "safeguarding": {
            "kind": "distress",
            # the classifier's best intent after emergencies and distress: the best threat unless told otherwise
            "classifier_intent": classifier_intent if classifier_intent != "" else (threats[0][0] if threats else None),
            "threats": threats,
        },
    }
    return trk


TRACKER_STORY = (
    "It was down here under the front bumper. I feel violated. My wife's scared. She works from home, so she's here "
    "by herself all day and we don't know who put it there."
)


@pytest.mark.parametrize(
    "text,threats,expected",
    [
        # a story: its best threat counts from 0.02 (the feelings spread the classifier's confidence)
        (TRACKER_STORY, [["threat_tech_abuse", 0.029], ["threat_romance_scam", 0.025]], "threat_tech_abuse"),
        # a short message needs 0.05: "I feel so stupid, I lost all my savings" is feelings, not an investment scam
        ("I feel so stupid, I lost all my savings", [["threat_investment_scam", 0.0014]], None),
        (
            "too ashamed to tell my husband I lost 8000 to a romance scam",
            [["threat_romance_scam", 0.84]],
            "threat_romance_scam",
        ),
        # no threat reading at all
        ("I can't stop crying", [], None),
    ],
)
def test_the_topic_of_an_upset_persons_message(text, threats, expected):
    assert turn.distress_topic(distress(text, threats)) == expected


def test_a_story_whose_best_reading_is_i_have_been_scammed_has_no_topic():
    text = "I recently fell victim to a scam and lost a significant amount of money. It's been weighing heavily on me"
    trk = distress(text, [["threat_hacked_account", 0.0585]], classifier_intent="report_something")
    assert turn.distress_topic(trk) is None


def test_a_model_without_the_threat_readings_keeps_the_classifiers_intent():
    trk = distress("my life is ruined, they took 20k", None, classifier_intent="threat_investment_scam")
    trk.latest_message["safeguarding"].pop("threats")
    assert turn.distress_topic(trk) == "threat_investment_scam"


def test_an_upset_story_gets_the_victim_support_line_and_the_topics_advice_in_one_reply():
    text = (
        "My brother has been scammed and I am heartbroken. He thought Martin Lewis was recommending a crypto platform, "
        "he put in £9,000 and now they want a fee before he can withdraw anything."
    )
    messages, events = run(ActionGiveAdvice(), distress(text, [["threat_investment_scam", 0.41]]))
    out = all_text(messages)
    assert "Victim Support" in messages[0]["text"]
    assert "Investment and crypto scams" in out and 'Do not pay "fees"' in out  # the topic's advice, same reply
    assert {"event": "slot", "timestamp": None, "name": "topic", "value": "investment_scam"} in events


def test_upset_with_money_lost_and_no_topic_gets_the_steps_and_where_to_report():
    text = (
        "I recently fell victim to a scam and lost a significant amount of money. It has been weighing heavily on my "
        "mind and I can't sleep."
    )
    messages, _ = run(ActionGiveAdvice(), distress(text, [["threat_victims_rights", 0.0072]]))
    out = all_text(messages)
    assert "Victim Support" in messages[0]["text"]
    assert "Because you said you have paid, start here:" in out and "159" in out
    assert "Report Fraud" in out  # where to report it
    assert "Tell me a little more about what happened" in out


def test_feelings_alone_keep_the_support_reply_and_ask_what_happened():
    messages, events = run(ActionGiveAdvice(), distress("I feel so stupid and ashamed", []))
    out = all_text(messages)
    assert "Tell me a little about what happened" in out
    assert "start here" not in out and "Report Fraud" not in out
    assert not any(e.get("name") == "topic" for e in events)


def test_an_upset_story_read_with_moderate_confidence_offers_the_other_readings():
    text = (
        "She's been really withdrawn and glued to her phone, and gets defensive when we ask who she's talking to. "
        "I found messages from an older man telling her not to tell us. I'm in pieces and I blame myself."
    )
    threats = [["threat_harassment", 0.123], ["threat_child_grooming", 0.109], ["threat_tech_abuse", 0.059]]
    messages, _ = run(ActionGiveAdvice(), distress(text, threats))
    out = all_text(messages)
    assert "It sounds like this is about:" in out
    buttons = [b["payload"] for m in messages for b in m.get("buttons") or []]
    assert "/threat_child_grooming" in buttons


def test_an_upset_story_read_with_confidence_has_no_other_readings():
    text = "too ashamed to tell my husband I lost 8000 to a romance scam, he thought he loved me and I believed him"
    messages, _ = run(
        ActionGiveAdvice(), distress(text, [["threat_romance_scam", 0.84], ["threat_investment_scam", 0.02]])
    )
    out = all_text(messages)
    assert "It sounds like" not in out and "Or was it one of these?" not in out
