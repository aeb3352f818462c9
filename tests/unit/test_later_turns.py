"""Later turns of a conversation, after the first reply (walked through as whole conversations on 4 Dec 2026):
what the person said earlier still counts, a "no" or "I don't know" that answers no question gets a short useful
reply, a correction ("no, it was a text not an email", "no, I was the seller") changes the advice, and "what next?"
after advice on a scam gives that scam's next steps, not the parents' TALK checklist."""

import pytest
from rasa_sdk import Tracker

from actions.advice_actions import ActionAcknowledge, ActionMoneyBack
from actions.children_actions import ActionTalk
from cyberprotect import message_facts
from tests.unit.action_helpers import all_text, run, slot, titles


def conversation(said, intent, text, slots=None, bot_before=("action_give_advice",)):
    """A tracker whose session so far is `said` (the person's earlier messages, each answered by the actions in
    `bot_before`), then the latest message `text` read as `intent`."""
    events = [{"event": "session_started"}]
    for earlier in said:
        events.append({"event": "user", "text": earlier, "parse_data": {}})
        events += [{"event": "action", "name": name} for name in bot_before]
        events.append({"event": "action", "name": "action_listen"})
    events.append({"event": "user", "text": text, "parse_data": {}})
    message = {"intent": {"name": intent, "confidence": 0.9}, "text": text, "entities": []}
    return Tracker("later-turns", slots or {}, message, events, False, None, {}, "action_listen")


BANK_CALL = (
    "Yesterday someone rang saying they were my bank's fraud team and told me to move my savings, £3,200, into a "
    "safe account. I did it by bank transfer while on the phone. Now the bank says they never called me."
)


def test_money_back_asked_later_answers_for_the_way_they_paid_earlier():
    messages, _ = run(
        ActionMoneyBack(),
        conversation([BANK_CALL], "ask_money_back", "can I get my money back?", slots={"topic": "vishing"}),
    )
    text = all_text(messages)
    assert "Paid by bank transfer?" in text
    assert "Paid by card?" not in text and "crypto, gift cards" not in text


def test_money_back_with_nothing_said_about_paying_gives_every_way():
    messages, _ = run(ActionMoneyBack(), conversation([], "ask_money_back", "will I get my money back?"))
    text = all_text(messages)
    assert "Paid by bank transfer?" in text and "Paid by card?" in text


def test_a_no_that_answers_no_question_gets_the_first_step_not_sorry():
    messages, events = run(
        ActionAcknowledge(),
        conversation(
            ["I got a text from Royal Mail about a parcel fee"],
            "dont_know",
            "I haven't clicked it",
            {"topic": "smishing"},
        ),
    )
    text = all_text(messages)
    assert "didn't understand" not in text
    assert text.startswith("That's OK.") and "Do not click any link" in text
    assert "What should I do now?" in titles(messages) and events == []


def test_a_no_after_a_story_of_paying_puts_the_bank_first():
    messages, _ = run(
        ActionAcknowledge(),
        conversation([BANK_CALL], "deny", "I didn't give them my PIN", {"topic": "vishing"}),
    )
    text = all_text(messages)
    assert text.startswith("Thanks for telling me.") and "Call your bank now" in text


def test_no_to_anything_else_says_goodbye_and_yes_shows_the_menu():
    after_thanks = ("utter_thank",)
    messages, _ = run(
        ActionAcknowledge(), conversation(["thanks"], "deny", "no", {"topic": "smishing"}, bot_before=after_thanks)
    )
    assert messages[0].get("response") == "utter_goodbye"
    messages, _ = run(
        ActionAcknowledge(), conversation(["thanks"], "affirm", "yes", {"topic": "smishing"}, bot_before=after_thanks)
    )
    assert messages[0].get("response") == "utter_menu"


def test_a_no_with_no_topic_asks_what_happened():
    messages, _ = run(ActionAcknowledge(), conversation([], "deny", "no"))
    assert "Tell me a little about what happened" in all_text(messages)


def test_correcting_how_the_scam_came_gives_that_advice_and_keeps_what_they_did():
    story = "I got an email saying my Netflix account was on hold and I clicked the link"
    messages, events = run(
        ActionAcknowledge(),
        conversation([story], "deny", "no it was a text not an email", {"topic": "phishing_email"}),
    )
    text = all_text(messages)
    assert "Thanks for putting me right" in text and "Scam text messages" in text
    assert "Because you said you clicked the link" in text and "Do not click any link" not in text
    assert slot(events, "topic") == "smishing"


@pytest.mark.parametrize(
    "current,text,expected",
    [
        ("phishing_email", "no it was a text not an email", "smishing"),
        ("phishing_email", "it was a phone call actually", "vishing"),
        ("phishing_email", "I didn't get an email, they called me", "vishing"),
        ("vishing", "it wasn't a call it was a text", "smishing"),
        ("smishing", "it came as an email", "phishing_email"),
        ("smishing", "yes it was a text", None),  # the same way: no correction
        ("smishing", "I got a text and a call", None),  # two ways: not a correction
        ("romance_scam", "it was a text", None),  # not a scam-message topic
    ],
)
def test_corrected_channel(current, text, expected):
    assert message_facts.corrected_channel(current, text) == expected


@pytest.mark.parametrize(
    "text,sold",
    [
        ("no, I was the seller. The buyer sent me a fake payment email and I posted the item", True),
        ("I'm the seller", True),
        ("the buyer said he had paid and sent me a screenshot", True),
        ("I was the buyer and the seller blocked me", False),
        ("I paid the seller £200", False),
    ],
)
def test_the_seller_named_as_such_is_the_selling_situation(text, sold):
    assert ("sold" in message_facts.situation(text)) is sold


def test_what_next_after_scam_advice_gives_its_next_steps_not_talk():
    messages, events = run(
        ActionTalk(),
        conversation(
            ["a man from BT rang and got me to install anydesk"], "talk_next", "what next", {"topic": "remote_access"}
        ),
    )
    text = all_text(messages)
    assert "TALK" not in text and "Step 1 of 4" not in text
    assert "someone got into your device" in text and "Turn off wi-fi" in text
    assert slot(events, "talk_step") == "unset"


def test_next_during_talk_still_moves_on():
    messages, events = run(
        ActionTalk(), conversation([], "talk_next", "next", {"topic": "child_grooming", "talk_step": 0.0})
    )
    assert "Step 2 of 4" in all_text(messages) and slot(events, "talk_step") == 1.0


def test_what_next_with_no_topic_starts_talk_as_before():
    messages, _ = run(ActionTalk(), conversation([], "talk_next", "next step"))
    assert "Step 1 of 4" in all_text(messages)


def test_what_now_before_a_topic_gives_the_steps_for_what_they_did():
    """ "I gave a website my card [number], was that a scam?" (not understood) ... "what should I do": the card steps
    (bank first), not "Tell me a little about what happened" alone."""
    from actions.advice_actions import ActionWhatNow

    messages, _ = run(
        ActionWhatNow(),
        conversation(
            ["I gave a website my card number and expiry, was that a scam?"], "ask_what_now", "what should I do"
        ),
    )
    text = all_text(messages)
    assert text.startswith("Because you said you gave card or bank details or a code") and "Call your bank now" in text
    assert "Tell me a little more about what happened" in text


def test_what_now_before_a_topic_with_nothing_done_asks_what_happened():
    from actions.advice_actions import ActionWhatNow

    messages, _ = run(ActionWhatNow(), conversation(["hello"], "ask_what_now", "what should I do"))
    assert all_text(messages).startswith("Tell me a little about what happened")


@pytest.mark.parametrize(
    "text,nation,first",
    [
        ("I'm from Wales, where do I report a scam?", "wales", "Report Fraud"),
        ("I live in Dundee, where do I report fraud?", "scotland", "Police Scotland"),
    ],
)
def test_where_to_report_a_scam_with_no_topic_goes_to_the_fraud_service_first(text, nation, first):
    from actions.advice_actions import ActionHowReport

    messages, events = run(ActionHowReport(), conversation([], "ask_how_report", text))
    lines = [line for line in all_text(messages).splitlines() if line.startswith("•")]
    assert lines[0].startswith("• " + first)
    assert not any(line.startswith("• Your local police (101)") for line in lines)
    assert slot(events, "nation") == nation


def test_a_short_message_of_what_they_did_that_was_not_understood_gets_the_topic_steps():
    """ "I clicked it" after the advice on a scam text was not understood (the classifier's fallback): after the
    "Sorry" reply, the scam text steps with "you clicked the link" first, not "Did you mean one of these?"."""
    from actions.advice_actions import ActionSuggestTopics

    trk = conversation(
        ["I got a text from my bank saying a payment was blocked"],
        "nlu_fallback",
        "I clicked it",
        {"topic": "smishing"},
    )
    trk.latest_message["intent_ranking"] = [{"name": "threat_smishing", "confidence": 0.3}]
    messages, _ = run(ActionSuggestTopics(), trk)
    text = all_text(messages)
    assert text.startswith("If you mean that you clicked the link") and "Close the page" in text
    assert "Do not click any link" not in text and "Did you mean" not in text


def test_a_message_not_understood_with_nothing_done_still_gets_the_suggestions():
    from actions.advice_actions import ActionSuggestTopics

    trk = conversation(["I got a text"], "nlu_fallback", "is it the same in Wales", {"topic": "smishing"})
    trk.latest_message["intent_ranking"] = [{"name": "threat_smishing", "confidence": 0.3}]
    messages, _ = run(ActionSuggestTopics(), trk)
    assert "Did you mean one of these?" in all_text(messages)


def test_upset_after_the_advice_gets_support_and_the_first_step_not_the_whole_advice_again():
    from actions.advice_actions import ActionGiveAdvice

    story = "my dad bought £500 of gift cards because a man on the phone said he was from HMRC"
    trk = conversation([story], "distress", "he's really upset", {"topic": "official_impersonation"})
    trk.latest_message["safeguarding"] = {"classifier_intent": "threat_official_impersonation"}
    messages, events = run(ActionGiveAdvice(), trk)
    text = all_text(messages)
    assert "You can talk to someone about how this has affected you" in text  # the victim support line
    assert text.count("The most important thing to do now") == 1 and "Take your time" in text
    assert "Scams pretending to be the police" not in text  # the topic's summary is not given again
    assert "Here is where to go" not in text


def test_upset_with_a_new_topic_still_gets_the_advice():
    from actions.advice_actions import ActionGiveAdvice

    trk = conversation([], "distress", "I lost my savings to a fake investment, my life is ruined")
    trk.latest_message["safeguarding"] = {"classifier_intent": "threat_investment_scam"}
    messages, _ = run(ActionGiveAdvice(), trk)
    assert "Investment and crypto scams" in all_text(messages) and "Here is where to go" in all_text(messages)


def test_a_correction_read_as_the_same_topic_again_gives_the_advice_for_the_way_it_came():
    from actions.advice_actions import ActionGiveAdvice

    messages, events = run(
        ActionGiveAdvice(),
        conversation(
            ["I got an email from Amazon saying my account was locked"],
            "threat_phishing_email",
            "actually it was a phone call not an email",
            {"topic": "phishing_email"},
        ),
    )
    text = all_text(messages)
    assert "Thanks for putting me right" in text and 'Scam calls from your "bank"' in text
    assert slot(events, "topic") == "vishing"


@pytest.mark.parametrize(
    "reply,story,topic",
    [
        (
            "utter_emergency_crime_remote",
            "I'm on the phone to my bank right now and they want me to read out a code",
            "vishing",
        ),
        ("utter_emergency_crime_remote", "he's on my laptop now, I let him install anydesk", "remote_access"),
        ("utter_emergency_crime_at_door", "a courier is coming to collect my bank card", "courier_fraud"),
    ],
)
def test_now_what_after_the_reply_to_a_scam_happening_now_gives_that_scams_steps(reply, story, topic):
    """ "ok I hung up, now what" after "This sounds like a scam happening now": the steps for that scam, not "Tell me a
    little about what happened" (the short emergency message set no topic)."""
    from actions.advice_actions import ActionWhatNow

    trk = conversation(
        [story], "ask_what_now", "ok I hung up, now what", bot_before=(reply, "utter_emergency_followup")
    )
    messages, events = run(ActionWhatNow(), trk)
    assert "Tell me a little about what happened" not in all_text(messages)
    assert slot(events, "topic") == topic


def test_now_what_with_no_emergency_reply_and_no_topic_still_asks_what_happened():
    from actions.advice_actions import ActionWhatNow

    messages, events = run(
        ActionWhatNow(), conversation(["hello"], "ask_what_now", "now what", bot_before=("utter_greet",))
    )
    assert "Tell me a little about what happened" in all_text(messages) and slot(events, "topic") == "unset"


def test_what_now_on_its_own_never_points_to_numbers_below_that_are_not_there():
    """The courier fraud steps say "call the police emergency number shown below"; "what now?" gives the steps
    without the routes, so the reply says where the numbers are and names 999 itself."""
    from actions.advice_actions import ActionWhatNow

    messages, _ = run(
        ActionWhatNow(), conversation([], "ask_what_now", "what now", {"topic": "courier_fraud"}, bot_before=())
    )
    text = all_text(messages)
    assert "shown below" in text and "Here is where to go" not in text
    assert text.rstrip().endswith("If anyone is in danger right now, call 999.")
    assert 'tap "How do I report it?"' in text and "How do I report it?" in titles(messages)
