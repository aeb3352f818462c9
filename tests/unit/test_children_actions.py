"""Parents, carers and young people: the TALK walk-through, app settings, child-at-risk routes, young people."""

import pytest
from rasa_sdk.events import SlotSet

from actions.advice_actions import ActionGiveAdvice, ActionSuggestTopics, ActionWhatNow
from actions.children_actions import ActionPlatformSafety, ActionTalk
from actions.young_person_actions import ActionYoungPerson
from cyberprotect.content_store import default_store
from tests.unit.action_helpers import all_text as text_of, run, slot, titles, tracker


@pytest.fixture(scope="module")
def talk():
    return default_store().current().talk


def test_talk_starts_with_all_four_steps_in_the_iwf_wording_and_shows_step_one(talk):
    messages, events = run(ActionTalk(), tracker("ask_talk", text="what is TALK?"))
    text = text_of(messages)
    positions = [text.index(step.wording) for step in talk.steps]
    assert positions == sorted(positions)  # T, A, L, K in the IWF's order
    assert "Step 1 of 4: T is for Talk" in text and talk.steps[0].suggestions[0] in text
    assert {"Next step", "Tell me more", "Back to menu"} <= set(titles(messages))
    assert slot(events, "talk_step") == 0.0


def test_a_parent_can_walk_through_all_four_steps_then_finish(talk):
    step, seen = 0.0, []
    for expected in talk.steps[1:]:
        messages, events = run(ActionTalk(), tracker("talk_next", {"talk_step": step}))
        assert f"is for {expected.word}" in text_of(messages) and expected.suggestions[0] in text_of(messages)
        step = slot(events, "talk_step")
        seen.append(expected.letter)
    assert seen == ["A", "L", "K"] and step == 3.0
    assert "Next step" not in titles(messages)  # K is the last step
    messages, events = run(ActionTalk(), tracker("talk_next", {"talk_step": 3.0}))
    assert "all four TALK steps" in text_of(messages) and slot(events, "talk_step") is None


def test_tell_me_more_asks_the_childs_age_then_gives_tips_for_that_age(talk):
    messages, _ = run(ActionTalk(), tracker("talk_more", {"talk_step": 1.0}))
    assert "How old is your child?" in text_of(messages)
    assert titles(messages) == ["Under 8", "8 to 12", "13 to 17"]
    messages, events = run(ActionTalk(), tracker("inform_child_age", {"talk_step": 1.0}, text="she's 9"))
    assert talk.steps[1].by_age["8_to_12"][0] in text_of(messages)
    assert slot(events, "child_age_band") == "8_to_12"


def test_age_button_payload_gives_that_bands_tips(talk):
    messages, _ = run(
        ActionTalk(),
        tracker(
            "inform_child_age", {"talk_step": 2.0}, text="", entities=[{"entity": "age_band", "value": "13_to_17"}]
        ),
    )
    assert talk.steps[2].by_age["13_to_17"][0] in text_of(messages)


def test_age_in_the_first_question_is_remembered_for_later_tips(talk):
    _, events = run(ActionTalk(), tracker("ask_talk", text="how do I keep my 7 year old safe online"))
    assert slot(events, "child_age_band") == "under_8"
    messages, _ = run(ActionTalk(), tracker("talk_more", {"talk_step": 0.0, "child_age_band": "under_8"}))
    assert talk.steps[0].by_age["under_8"][0] in text_of(messages)


def test_what_next_during_talk_is_the_next_talk_step(talk):
    messages, _ = run(ActionWhatNow(), tracker("ask_what_now", {"talk_step": 0.0, "topic": "smishing"}))
    assert "is for Agree" in text_of(messages)


def test_advice_on_a_threat_ends_the_talk_walk_through():
    _, events = run(ActionGiveAdvice(), tracker("threat_smishing", {"talk_step": 2.0}))
    assert SlotSet("talk_step", None) in events


@pytest.mark.parametrize(
    "text,key",
    [
        ("how do I keep my 10-year-old safe on Roblox?", "roblox"),
        ("parental controls on the ps5", "gaming_consoles"),
        ("what settings should my daughter use on insta", "instagram"),
    ],
)
def test_platform_settings_come_from_the_platform_file(text, key):
    platform = default_store().current().platforms[key]
    messages, events = run(ActionPlatformSafety(), tracker("ask_platform_safety", text=text))
    assert platform.settings[0] in text_of(messages) and platform.reporting[0] in text_of(messages)
    assert slot(events, "platform") == key


def test_platform_minimum_age_is_compared_with_the_childs_age():
    messages, events = run(
        ActionPlatformSafety(), tracker("ask_platform_safety", text="is snapchat ok for my 10 year old")
    )
    assert "Snapchat is for ages 13 and over" in text_of(messages)
    assert "under Snapchat's minimum age" in text_of(messages)
    assert slot(events, "child_age_band") == "8_to_12"


def test_platform_from_a_button_payload():
    messages, _ = run(
        ActionPlatformSafety(),
        tracker("ask_platform_safety", text="", entities=[{"entity": "platform", "value": "tiktok"}]),
    )
    assert "TikTok" in text_of(messages)


def test_unknown_platform_asks_which_app_with_a_button_for_each():
    messages, _ = run(ActionPlatformSafety(), tracker("ask_platform_safety", text="parental controls"))
    assert "Which app or game" in text_of(messages)
    assert {"Snapchat", "Roblox", "TikTok", "Instagram", "WhatsApp", "Discord", "Game consoles"} <= set(
        titles(messages)
    )


def route_phone(key):
    return default_store().current().routes[key].phone


def test_child_contacted_gets_immediate_steps_and_child_protection_routes():
    topic = default_store().topic("child_grooming")
    messages, events = run(
        ActionGiveAdvice(), tracker("threat_child_grooming", text="my son's been asked for pictures")
    )
    text = text_of(messages)
    assert "If the child is in immediate danger, call 999 now." in text  # {emergency_999} filled from routes.yml
    steps = next(m["text"] for m in messages if m["text"].startswith("What to do now:"))
    assert "If anyone is in danger right now" not in steps  # the steps already say it: no second safety line
    assert "Never view, copy" in text and "not their fault" in text and "do not delete" in text.lower()
    for name in ("CEOP", "Report Remove", "NSPCC", "Childline", "Marie Collins Foundation"):
        assert name in text, name
    assert route_phone("nspcc") in text and route_phone("childline") in text
    assert text.index("CEOP") < text.index("NSPCC")  # report first, then support
    assert "Revenge Porn Helpline" not in text and "StopNCII" not in text  # adult services
    assert SlotSet("topic", "child_grooming") in events and topic.young_person.summary not in text


def test_parent_of_a_sextorted_child_gets_ceop_and_report_remove_not_adult_services():
    messages, events = run(ActionGiveAdvice(), tracker("threat_sextortion", text="my son is being sextorted"))
    text = text_of(messages)
    assert "CEOP" in text and "Report Remove" in text and "Revenge Porn Helpline" not in text
    assert SlotSet("under_18", "yes") in events


def test_adult_sextortion_gets_adult_services_not_ceop():
    messages, _ = run(
        ActionGiveAdvice(),
        tracker(
            "threat_sextortion", {"nation": "england"}, text="a woman I met online is threatening to share my video"
        ),
    )
    text = text_of(messages)
    assert "Revenge Porn Helpline" in text and "CEOP Safety Centre" not in text  # the route, not the step text


def test_young_person_describing_sextortion_gets_young_wording_and_child_routes():
    topic = default_store().topic("sextortion")
    messages, events = run(
        ActionGiveAdvice(),
        tracker("threat_sextortion", text="im 15 and someone says theyll send my nudes to everyone unless i pay"),
    )
    text = text_of(messages)
    assert topic.young_person.summary in text and topic.young_person.do_now[0] in text
    assert "Report Remove" in text and "Childline" in text and "Revenge Porn Helpline" not in text
    assert SlotSet("young_person", True) in events and SlotSet("under_18", "yes") in events


def test_young_person_follow_up_keeps_the_young_wording():
    topic = default_store().topic("cyberbullying")
    messages, _ = run(ActionWhatNow(), tracker("ask_what_now", {"topic": "cyberbullying", "young_person": True}))
    assert topic.young_person.do_now[0] in text_of(messages)


def test_young_person_welcome_gives_childline_and_report_remove_and_says_no_pictures():
    messages, events = run(ActionYoungPerson(), tracker("inform_young_person", text="im 14"))
    text = text_of(messages)
    assert "not your fault" in text and "Do not send pictures" in text
    assert "Childline" in text and route_phone("childline") in text and "Report Remove" in text
    assert "CEOP" not in text  # CEOP is for sexual abuse or grooming, which this message does not say
    assert SlotSet("young_person", True) in events


def test_a_young_persons_story_gets_the_kind_words_then_its_topics_steps():
    """Issue 18: "I'm 14 and ..." told as a story gets the young person's welcome and then what to do about what
    happened (the topic in the young person's wording), not only the general list."""
    topic = default_store().topic("cyberbullying")
    story = (
        "im 14 and people in my year made a group chat about me and keep posting horrible pictures of me "
        "and saying everyone hates me"
    )
    ranking = [{"name": "inform_young_person", "confidence": 0.5}, {"name": "threat_cyberbullying", "confidence": 0.3}]
    messages, events = run(ActionYoungPerson(), tracker("inform_young_person", text=story, ranking=ranking))
    text = text_of(messages)
    assert "not your fault" in text and topic.young_person.do_now[0] in text and "Childline" in text
    assert slot(events, "topic") == "cyberbullying" and slot(events, "young_person") is True
    messages, events = run(ActionYoungPerson(), tracker("inform_young_person", text="im 14", ranking=ranking))
    assert slot(events, "topic") == "unset" and "Do not send pictures" in text_of(messages)  # not a story


def test_bullying_of_a_child_never_goes_to_ceop():
    messages, _ = run(ActionGiveAdvice(), tracker("threat_cyberbullying", text="my 12 year old is being bullied"))
    assert "CEOP Safety Centre" not in text_of(messages) and "Childline" in text_of(messages)


def unsure(text, *ranked):
    """A tracker whose last message fell back (nlu_fallback 0.55), with these (intent, confidence) runners-up."""
    ranking = [{"name": "nlu_fallback", "confidence": 0.55}] + [{"name": i, "confidence": c} for i, c in ranked]
    return tracker("nlu_fallback", text=text, confidence=0.55, ranking=ranking)


def test_unsure_reply_offers_the_topics_the_message_looked_like():
    trk = unsure("x", ("threat_child_grooming", 0.35), ("greet", 0.2), ("ask_talk", 0.12), ("threat_smishing", 0.05))
    messages, _ = run(ActionSuggestTopics(), trk)
    assert titles(messages) == [
        default_store().topic("child_grooming").title,
        "Keeping children safe online (TALK)",
        "Something else",
    ]
    assert messages[0]["buttons"][0]["payload"] == "/threat_child_grooming"


def test_nothing_is_suggested_when_nothing_is_likely():
    trk = unsure("x", ("threat_smishing", 0.05))
    messages, _ = run(ActionSuggestTopics(), trk)
    assert messages == []


def test_unsure_message_about_a_child_at_risk_gets_the_child_protection_steps_straight_away():
    trk = unsure("someone wants pics off my daughter", ("threat_child_grooming", 0.3), ("greet", 0.2))
    messages, events = run(ActionSuggestTopics(), trk)
    assert "It sounds like this may be about" in text_of(messages) and "CEOP" in text_of(messages)
    assert SlotSet("topic", "child_grooming") in events


@pytest.mark.parametrize(
    "first,text,expect",
    [
        ("ask_platform_safety", "how do I keep my 10-year-old safe on Roblox?", "Keeping your child safe on Roblox"),
        ("ask_talk", "what is TALK?", "Step 1 of 4: T is for Talk"),
        ("ask_talk", "hmm no idea", "Did you mean one of these?"),
        ("ask_talk", "can I talk to someone about this", "Did you mean one of these?"),
    ],
)
def test_unsure_but_named_app_or_talk_is_answered_straight_away(first, text, expect):
    trk = unsure(text, (first, 0.4))
    messages, _ = run(ActionSuggestTopics(), trk)
    assert expect in text_of(messages)


def test_no_topic_is_guessed_from_pasted_markup():
    trk = unsure("<img src=x onerror=alert(1)>", ("threat_sim_swap", 0.38))
    messages, _ = run(ActionSuggestTopics(), trk)
    assert messages == []
