"""Issue 18, defects found by hand in the first reply (3 Dec 2026 evening):
(a) the support reply to someone upset names the victim support service of their nation only, chosen by the route
    engine (all three when the nation is unknown);
(b) "is it too late to get my money back?" is a money-back question (training data; the action's answer here);
(c) "Can I get the photo taken down?" reaches Report Remove for a child, StopNCII / the Revenge Porn Helpline for an
    adult, and asks the age when the message does not say;
(d) a message asking what to do and where to report gets both, also when it tells its story before the questions."""

import pytest
from rasa_sdk.events import SlotSet

from actions.advice_actions import ActionGiveAdvice, ActionHowReport, ActionMoneyBack, ActionWhatNow
from actions.image_removal_actions import ActionImageRemoval
from cyberprotect.message_facts import says_adult
from cyberprotect.routing import image_removal_routes, victim_support_routes
from tests.unit.action_helpers import all_text, run, titles, tracker

VS_EW, VS_S, VS_NI = "0808 168 9111", "0800 160 1985", "victimsupportni.com"


# --- (a) the victim support line for the person's nation -----------------------------------------------------------
@pytest.mark.parametrize(
    "nation,expected",
    [
        ("england", ["victim_support"]),
        ("wales", ["victim_support"]),
        ("scotland", ["victim_support_scotland"]),
        ("northern_ireland", ["victim_support_ni"]),
        (None, ["victim_support", "victim_support_scotland", "victim_support_ni"]),
    ],
)
def test_victim_support_routes_follow_the_nation(nation, expected):
    assert [d.route for d in victim_support_routes(nation)] == expected


def distress(text, nation=None):
    message = {
        "intent": {"name": "distress", "confidence": 1.0},
        "entities": [],
        "text": text,
        "intent_ranking": [],
        "safeguarding": {"kind": "distress", "classifier_intent": "threat_investment_scam"},
    }
    trk = tracker("distress", text=text, slots={"nation": nation} if nation else {})
    trk.latest_message = message
    return trk


def test_distress_in_glasgow_names_victim_support_scotland_only():
    messages, events = run(
        ActionGiveAdvice(),
        distress(
            "I lost all my savings to a fake crypto investment and I feel so ashamed, my life is ruined. I live in Glasgow."
        ),
    )
    first, text = messages[0]["text"], all_text(messages)
    assert "Victim Support Scotland" in first and VS_S in first
    assert VS_EW not in text and VS_NI not in text and "Report Fraud" not in text
    assert SlotSet("nation", "scotland") in events
    assert text.count(VS_S) == 1  # not repeated in the routes after the advice


@pytest.mark.parametrize(
    "nation,shown,hidden",
    [("northern_ireland", VS_NI, (VS_EW, VS_S)), ("england", VS_EW, (VS_S, VS_NI)), ("wales", VS_EW, (VS_S, VS_NI))],
)
def test_distress_with_a_known_nation_names_that_nations_service_only(nation, shown, hidden):
    messages, _ = run(ActionGiveAdvice(), distress("my life is ruined, I lost everything to a scam", nation))
    assert shown in messages[0]["text"]
    assert not any(h in all_text(messages) for h in hidden)


def test_distress_with_no_nation_names_all_three_services():
    messages, _ = run(ActionGiveAdvice(), distress("I feel so stupid, they took everything"))
    assert all(n in messages[0]["text"] for n in (VS_EW, VS_S, VS_NI))


def test_advice_without_distress_gives_no_separate_support_line():
    messages, _ = run(ActionGiveAdvice(), tracker("threat_investment_scam", text="I invested in a fake crypto site"))
    assert "how this has affected you" not in all_text(messages)


# --- (b) "is it too late to get my money back?" ----------------------------------------------------------------------
def test_too_late_to_get_my_money_back_gets_the_money_back_answer():
    messages, _ = run(ActionMoneyBack(), tracker("ask_money_back", text="is it too late to get my money back?"))
    text = all_text(messages)
    assert "depends on how you paid" in text and "13 months" in text


# --- (c) "Can I get the photo taken down?" -------------------------------------------------------------------------
def routes_of(decisions):
    return [d.route for d in decisions]


def test_image_removal_routes_by_age():
    assert routes_of(image_removal_routes(True, "england")) == ["report_remove", "childline"]
    assert routes_of(image_removal_routes(False, "england")) == ["stopncii", "revenge_porn_helpline", "police_101"]
    assert routes_of(image_removal_routes(False, "scotland"))[-1] == "police_scotland_101"
    assert routes_of(image_removal_routes(False, "northern_ireland"))[-1] == "psni_101"
    assert set(routes_of(image_removal_routes(None, None))) >= {"report_remove", "stopncii", "revenge_porn_helpline"}


def image_tracker(text, entities=None, slots=None):
    return tracker("ask_image_removal", text=text, entities=entities or [], slots=slots or {})


def test_photo_taken_down_with_no_age_asks_the_age_first():
    messages, events = run(ActionImageRemoval(), image_tracker("Can I get the photo taken down?"))
    assert "under 18" in all_text(messages) and "Report Remove" not in all_text(messages)
    assert titles(messages) == ["Under 18", "18 or over", "Not sure"]
    assert events == []


@pytest.mark.parametrize(
    "text",
    ["I'm 15 and a nude of me is online, can I get it taken down?", "can I get the photo of my daughter taken down?"],
)
def test_photo_of_a_child_goes_to_report_remove(text):
    messages, events = run(ActionImageRemoval(), image_tracker(text))
    body = all_text(messages)
    assert "Report Remove" in body and "Childline" in body
    assert "StopNCII" not in body and "Revenge Porn Helpline" not in body
    assert SlotSet("under_18", "yes") in events


def test_the_age_button_answers_the_question():
    adult = all_text(
        run(
            ActionImageRemoval(),
            image_tracker(
                "/ask_image_removal", entities=[{"entity": "under_18", "value": "no"}], slots={"nation": "scotland"}
            ),
        )[0]
    )
    assert "StopNCII" in adult and "Revenge Porn Helpline" in adult and "Police Scotland" in adult
    assert "Report Remove" not in adult
    child = all_text(
        run(
            ActionImageRemoval(), image_tracker("/ask_image_removal", entities=[{"entity": "under_18", "value": "yes"}])
        )[0]
    )
    assert "Report Remove" in child and "StopNCII" not in child
    unsure = run(
        ActionImageRemoval(), image_tracker("/ask_image_removal", entities=[{"entity": "under_18", "value": "unknown"}])
    )[0]
    assert "Report Remove" in all_text(unsure) and "StopNCII" in all_text(unsure)  # both, each says who it is for
    assert "Not sure" not in titles(unsure)  # not asked again


@pytest.mark.parametrize(
    "text,adult",
    [
        ("I'm 34, my ex shared a video of me", True),
        ("I am 19 years old", True),
        ("im an adult", True),
        ("I'm 15", False),
        ("I'm 50 minutes away", False),
        ("I'm 20 pounds short", False),
        ("my dad is 40", False),
    ],
)
def test_says_adult(text, adult):
    assert says_adult(text) is adult


def test_an_adult_who_says_their_age_is_not_asked():
    body = all_text(
        run(ActionImageRemoval(), image_tracker("I'm 34, my ex shared a video of me, can I get it removed?"))[0]
    )
    assert "StopNCII" in body and "Report Remove" not in body


# --- (d) what to do and where to report, in one message ------------------------------------------------------------
def question(intent, text, ranking, slots=None):
    return tracker(intent, text=text, ranking=ranking, slots=slots or {})


SMISHING_STORY = (
    "I got a text saying it was my bank and I clicked the link and put my card details in. "
    "What should I do and where do I report it?"
)


@pytest.mark.parametrize("action,intent", [(ActionHowReport(), "ask_how_report"), (ActionWhatNow(), "ask_what_now")])
def test_a_story_ending_in_two_questions_gets_the_advice_and_the_routes(action, intent):
    ranking = [
        {"name": intent, "confidence": 0.7},
        {"name": "threat_smishing", "confidence": 0.22},
        {"name": "threat_vishing", "confidence": 0.03},
    ]
    messages, events = run(action, question(intent, SMISHING_STORY, ranking))
    text = all_text(messages)
    assert "It sounds like this is about" in text  # read with moderate confidence: said so
    assert "Because you said" in text  # what to do, starting from what they did
    assert "7726" in text and "Report Fraud" in text and "159" in text  # where to report, the bank first
    assert text.index("159") < text.index("7726")
    assert SlotSet("topic", "smishing") in events


def test_a_bare_report_question_keeps_the_topic_under_discussion():
    ranking = [{"name": "ask_how_report", "confidence": 0.95}, {"name": "threat_smishing", "confidence": 0.02}]
    messages, _ = run(
        ActionHowReport(),
        question("ask_how_report", "how do I report it?", ranking, {"topic": "purchase_scam", "nation": "england"}),
    )
    text = all_text(messages)
    assert "Report Fraud" in text and "7726" not in text and "It sounds like" not in text


def test_what_to_do_and_where_to_report_with_nothing_told_gives_the_routes_and_asks_what_happened():
    ranking = [{"name": "ask_how_report", "confidence": 0.97}, {"name": "ask_what_now", "confidence": 0.03}]
    messages, _ = run(
        ActionHowReport(), question("ask_how_report", "What should I do and where do I report it?", ranking)
    )
    text = all_text(messages)
    assert "Report Fraud" in text and "Tell me a little about what happened" in text


def test_the_fixed_support_reply_names_no_nations_service_and_keeps_samaritans():
    """The domain response (given even with the action server down) keeps Samaritans; the nation's victim support
    line comes from the route engine after it, so the fixed text lists no nation's service."""
    import yaml

    from tests.conftest import ROOT

    text = yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]["utter_distress_support"][0]["text"]
    assert "116 123" in text
    assert not any(n in text for n in (VS_EW, VS_S, VS_NI, "Victim Support"))


# --- a parent's grooming story read as the TALK question ----------------------------------------------------------
GROOMING_STORY = (
    "I want to know how to talk to my 12 year old about staying safe online, because last night I found "
    "an older man on a game has been asking her to send pictures of herself and keep it secret"
)


@pytest.mark.parametrize(
    "text,signs",
    [
        (GROOMING_STORY, True),
        ("im 13 and a guy i met on snapchat wants to meet up and says dont tell my parents", True),
        ("my son is 10, how do I talk to him about staying safe online and what settings should I use", False),
        ("an older man keeps asking my colleague for pictures", False),  # no child in it
    ],
)
def test_grooming_signs(text, signs):
    from cyberprotect.message_facts import grooming_signs

    assert grooming_signs(text) is signs


def test_a_grooming_story_read_as_talk_gets_the_grooming_advice_and_ceop():
    from actions.children_actions import ActionTalk

    messages, events = run(ActionTalk(), tracker("ask_talk", text=GROOMING_STORY, slots={"nation": "wales"}))
    text = all_text(messages)
    assert "sign that someone is grooming a child" in text and "CEOP" in text
    assert text.index("CEOP") < text.index("Childline")
    assert "Step 1 of" not in text  # not the TALK checklist
    assert SlotSet("topic", "child_grooming") in events and SlotSet("under_18", "yes") in events


def test_a_general_talk_question_still_gets_talk():
    from actions.children_actions import ActionTalk

    messages, _ = run(
        ActionTalk(),
        tracker(
            "ask_talk",
            text="my son is 10, how do I talk to him about staying safe online and what settings should I use",
        ),
    )
    assert "TALK" in all_text(messages) and "sign that someone is grooming" not in all_text(messages)
