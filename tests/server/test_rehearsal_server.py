"""Officer rehearsal over the real REST channel: a whole rehearsal with an emergency in the middle, the
state cleared afterwards, and a member of the public who lands in rehearsal by mistake."""

import uuid

import requests

from conftest import TEST_OFFICER_CODE


def sender():
    return f"rehearsal-{uuid.uuid4().hex[:8]}"


def tracker(bot, user):
    return requests.get(f"{bot.url}/conversations/{bot.conversation(user)}/tracker", timeout=30).json()


def test_whole_rehearsal_with_an_emergency_in_the_middle(bot):
    user = sender()
    assert "officer code" in " ".join(bot.reply_texts(user, "I'm an officer, I want to rehearse"))
    menu = bot.say(user, TEST_OFFICER_CODE).json()
    assert any(b["payload"] == "scenario royal_mail_smishing" for m in menu for b in m.get("buttons", []))
    opening = " ".join(bot.reply_texts(user, "scenario royal_mail_smishing"))
    assert "Margaret: I got a text from Royal Mail" in opening
    assert "Margaret:" in " ".join(bot.reply_texts(user, "Have you lost any money?"))
    # an emergency message mid-rehearsal: the domain emergency reply first, then the rehearsal carries on
    emergency = bot.reply_texts(user, "honestly i want to end it all")
    assert "116 123" in emergency[0] and "Rehearsal" in emergency[1] and emergency[2].startswith("Margaret:")
    assert tracker(bot, user)["active_loop"].get("name") == "rehearsal_form"
    bot.reply_texts(user, "Don't tap the link. Ring your bank now on the number on your card.")
    feedback = "\n".join(bot.reply_texts(user, "finish"))
    assert 'Feedback on "Royal Mail parcel text"' in feedback and "Model answer" in feedback
    assert 'You said: "Ring your bank now on the number on your card."' in feedback
    state = tracker(bot, user)
    assert not state["active_loop"] and all(
        state["slots"][s] is None for s in ("rehearsal_input", "rehearsal_available")
    )
    assert state["slots"]["rehearsal"] == {"last": "royal_mail_smishing"}  # for "Try again", nothing else
    # back in public mode: a scam text gets the normal advice
    advice = " ".join(bot.reply_texts(user, "I got a text saying my parcel is held and I need to pay a fee"))
    assert "What to do now" in advice and "Margaret" not in advice


def test_member_of_the_public_cannot_get_in_and_is_not_trapped(bot):
    user = sender()
    bot.reply_texts(user, "I'm an officer, I want to rehearse")
    denied = " ".join(bot.reply_texts(user, "my instagram got hacked"))
    assert "isn't a valid officer code" in denied
    advice = " ".join(bot.reply_texts(user, "my instagram got hacked"))
    assert "What to do now" in advice
    assert "nothing to stop" in " ".join(bot.reply_texts(user, "stop rehearsal"))


def test_stop_rehearsal_mid_scenario(bot):
    user = sender()
    for message in ("start rehearsal mode", TEST_OFFICER_CODE, "random"):
        bot.reply_texts(user, message)
    assert "Rehearsal stopped" in " ".join(bot.reply_texts(user, "stop rehearsal"))
    assert not tracker(bot, user)["active_loop"]


def test_every_scenario_button_starts_its_scenario(bot):
    """No scenario's button payload is taken for an emergency or anything else by the NLU."""
    from cyberprotect.rehearsal.scenarios import load_library

    for scenario in load_library().values():
        user = sender()
        bot.reply_texts(user, "I'm an officer, I want to rehearse")
        menu = bot.say(user, TEST_OFFICER_CODE).json()
        payload = next(b["payload"] for m in menu for b in m.get("buttons", []) if b["title"] == scenario.title)
        opening = bot.reply_texts(user, payload)
        assert opening[-1] == f"{scenario.persona_name}: {scenario.lines[0]}", (scenario.id, opening)
        assert "Rehearsal stopped" in " ".join(bot.reply_texts(user, "stop rehearsal"))


def test_persona_answers_the_officers_questions_from_the_facts(bot):
    """Issue 28 over the real REST channel: each question gets ONE reply from the scenario's facts."""
    from cyberprotect.rehearsal.scenarios import load_library

    persona = load_library()["hi_mum_whatsapp"].persona
    user = sender()
    for message in ("I'm an officer, I want to rehearse", TEST_OFFICER_CODE, "scenario hi_mum_whatsapp"):
        bot.reply_texts(user, message)
    asked = {
        "Can you tell me what happened?": persona.story[0],
        "Did you send any money?": persona.facts["money"],
        "Where do you live?": persona.facts["where_live"],
        "Have you told your bank?": persona.facts["told_bank"],
    }
    for question, answer in asked.items():
        replies = bot.reply_texts(user, question)
        assert replies == [f"Sandra: {answer}"], (question, replies)
    replies = bot.reply_texts(user, "Why did you send money without checking it was her?")
    assert replies == [f"Sandra: {persona.reactions['blamed']}"]
    feedback = "\n".join(bot.reply_texts(user, "finish"))
    assert "Blaming words" in feedback and "Tone:" in feedback


def test_try_again_replays_the_same_scenario(bot):
    user = sender()
    for message in ("I'm an officer, I want to rehearse", TEST_OFFICER_CODE, "scenario hi_mum_whatsapp"):
        bot.reply_texts(user, message)
    end = bot.say(user, "finish").json()
    button = end[-1]["buttons"][0]
    assert button["title"] == "Try this scenario again"
    assert "officer code" in " ".join(bot.reply_texts(user, button["payload"]))
    menu = bot.say(user, TEST_OFFICER_CODE).json()
    first = next(m for m in menu if m.get("buttons"))["buttons"][0]
    assert first["title"].startswith("Try again") and first["payload"] == "scenario hi_mum_whatsapp"
    assert bot.reply_texts(user, first["payload"])[-1].startswith("Sandra: ")


def test_young_person_scenario_answers_from_the_facts_and_the_debrief_teaches_then_try_again(bot):
    """Issue 28 items 1, 3 and 5 over the REST channel, on a 2025-26 scenario: Josh (16, sextorted) answers the
    officer from his facts; the debrief gives why each missed point matters with its source, tone and the model
    answer; "Try this scenario again" replays the same scenario."""
    from cyberprotect.rehearsal.scenarios import load_library

    josh = load_library()["teen_sextortion"].persona
    user = sender()
    for message in ("I'm an officer, I want to rehearse", TEST_OFFICER_CODE, "scenario teen_sextortion"):
        opening = bot.reply_texts(user, message)
    assert opening[-1].startswith("Josh: Someone I met on Instagram")
    for question, fact in (
        ("How old are you?", "age"),
        ("Where do you live?", "where_live"),
        ("Have you told anyone or reported it?", "reported"),
    ):
        assert bot.reply_texts(user, question) == [f"Josh: {josh.facts[fact]}"], question
    bot.reply_texts(user, "It's not your fault. Don't pay them anything more.")
    reply = bot.reply_texts(user, "finish")
    feedback = "\n".join(reply)
    assert "✔ You reassured Josh" in feedback and "Model answer, from the current advice content" in feedback
    assert feedback.count("Why it matters:") >= 4 and feedback.count("Advice sources: http") >= 4
    again = bot.say(user, "/rehearsal_start").json()
    assert "officer code" in " ".join(m.get("text", "") for m in again)
    menu = bot.say(user, TEST_OFFICER_CODE).json()
    first = next(b for m in menu for b in m.get("buttons", []))
    assert first == {
        "title": "Try again: A 16-year-old being sextorted for money",
        "payload": "scenario teen_sextortion",
    }
    assert bot.reply_texts(user, first["payload"])[-1] == opening[-1]
