"""The rehearsal state machine (cyberprotect/rehearsal/engine.py) and its Rasa actions (actions/rehearsal_actions.py),
without servers."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import rehearsal_actions as ra
from cyberprotect.content_store import default_store
from cyberprotect.rehearsal.engine import STOPPED, begin, handle, is_finish, is_stop
from cyberprotect.rehearsal.scenarios import load_library

CODE = "blue-42"


@pytest.fixture(scope="module")
def library():
    return load_library()


@pytest.fixture(scope="module")
def snapshot():
    return default_store().current()


def play(messages, library, snapshot, code=CODE):
    state, steps = begin().state, []
    for text in messages:
        step = handle(state, text, code, library, snapshot)
        steps.append(step)
        state = step.state
        if step.end:
            break
    return steps


def texts(step):
    return "\n".join(m["text"] for m in step.messages)


def test_wrong_or_missing_code_closes_rehearsal(library, snapshot):
    assert play(["guess"], library, snapshot)[-1].end == "denied"
    assert play([CODE], library, snapshot, code=None)[-1].end == "denied"  # REHEARSAL_CODE unset: never opens
    assert play([" blue-42 "], library, snapshot)[-1].end is None


def test_right_code_lists_every_scenario_as_a_button(library, snapshot):
    (step,) = play([CODE], library, snapshot)
    payloads = [b["payload"] for b in step.messages[0]["buttons"]]
    assert payloads[:-2] == [f"scenario {sid}" for sid in library] and payloads[-2:] == ["random", "training record"]


@pytest.mark.parametrize("choice", ["scenario royal_mail_smishing", "royal mail", "11"])
def test_choose_by_button_words_or_number(library, snapshot, choice):
    expected = list(library).index("royal_mail_smishing") + 1
    choice = str(expected) if choice.isdigit() else choice
    steps = play([CODE, choice], library, snapshot)
    assert steps[-1].state["scenario"] == "royal_mail_smishing"
    assert library["royal_mail_smishing"].lines[0] in texts(steps[-1])


def test_hi_mum_persona_answers_what_the_officer_asks(library, snapshot):
    """Issue 28's complaints: asked what happened she told the script's next line; asked about money she
    answered 'How do I report it?'; a full answer got two scripted lines at once."""
    facts = library["hi_mum_whatsapp"].persona.facts
    steps = play(
        [
            CODE,
            "scenario hi_mum_whatsapp",
            "Can you tell me what happened?",
            "Did you send any money?",
            "Where do you live?",
            "Have you told your bank?",
            "Ring your bank now on 159 and ask them to get it back. Call your daughter on the number you "
            "already have, and report the number in WhatsApp. Then report it to Report Fraud.",
        ],
        library,
        snapshot,
    )
    replies = [s.messages for s in steps[2:]]
    assert all(len(r) == 1 and r[0]["text"].startswith("Sandra: ") for r in replies)  # one reply per turn
    said = [r[0]["text"][len("Sandra: ") :] for r in replies]
    assert said[0] == library["hi_mum_whatsapp"].persona.story[0]
    assert said[1] == facts["money"] and said[2] == facts["where_live"] and said[3] == facts["told_bank"]
    assert "report" not in said[0].lower() and "report" not in said[1].lower()
    assert said[4].startswith("Okay")  # advice acknowledged, no scripted question it has already answered


def test_finish_gives_feedback_with_evidence_mistakes_score_and_model_answer(library, snapshot):
    steps = play(
        [
            CODE,
            "scenario scotland_bank_call",
            "Where do you live?",
            "Ring one five nine to reach your bank straight away.",
            "Report it to Report Fraud.",
            "finish",
        ],
        library,
        snapshot,
    )
    final = steps[-1]
    assert final.end == "finished"
    feedback = texts(final)
    assert 'You said: "Ring one five nine to reach your bank straight away."' in feedback
    assert "Sends a Scottish resident to Report Fraud" in feedback
    assert "✘ Right police report route for this case" in feedback
    scot_route = snapshot.routes["police_scotland_101"]
    assert f"Why it matters: {scot_route.for_}" in feedback and f"Advice sources: {scot_route.source}" in feedback
    assert "score 50%" in feedback  # 3 of 4 covered, minus 1 mistake
    scot = snapshot.routes["police_scotland_101"]
    assert f"{scot.name}: call {scot.phone}" in feedback  # model answer from the content store


def test_the_persona_never_runs_out_and_never_ends_the_rehearsal_by_itself(library, snapshot):
    steps = play([CODE, "scenario royal_mail_smishing"] + ["ok, tell me more"] * 12, library, snapshot)
    assert all(s.end is None and len(s.messages) == 1 for s in steps[2:])
    step = handle(steps[-1].state, "finish", CODE, library, snapshot)
    assert step.end == "finished" and "score 0%" in texts(step)


def test_feedback_survives_content_that_no_longer_matches_the_script(library, snapshot):
    import dataclasses

    broken = dataclasses.replace(
        library["royal_mail_smishing"], key_points=({"id": "gone", "route": "no_longer_exists"},)
    )
    steps = play([CODE, "scenario royal_mail_smishing"], {**library, "royal_mail_smishing": broken}, snapshot)
    step = handle(steps[-1].state, "finish", CODE, {**library, "royal_mail_smishing": broken}, snapshot)
    assert step.end == "finished" and "can't mark this rehearsal" in texts(step)


@pytest.mark.parametrize("at", [0, 1, 2, 3])
def test_stop_rehearsal_works_at_every_stage(library, snapshot, at):
    before = [CODE, "scenario courier_fraud", "What happened next?"][:at]
    step = play(before + ["stop rehearsal"], library, snapshot)[-1]
    assert step.end == "stopped" and STOPPED in texts(step)


def test_after_an_emergency_the_message_counts_but_never_ends_rehearsal(library, snapshot):
    state = play([CODE, "scenario courier_fraud"], library, snapshot)[-1].state
    step = handle(state, "finish", CODE, library, snapshot, allow_end=False)
    assert step.end is None and step.state["said"] == ["finish"]


@pytest.mark.parametrize(
    "text,stop,finish",
    [
        ("Stop rehearsal.", True, False),
        ("cancel", True, False),
        ("stop paying them", False, False),
        ("finish", False, True),
        ("I'm done", False, True),
        ("finish paying", False, False),
    ],
)
def test_commands_are_exact(text, stop, finish):
    assert is_stop(text) is stop and is_finish(text) is finish


# --- the Rasa actions ------------------------------------------------------------------------------------
def tracker(text, slots=None, users=1, intent="rehearsal_start"):
    events = [{"event": "user", "text": "x"}] * users
    return Tracker(
        "officer",
        dict(slots or {}),
        {"intent": {"name": intent}, "text": text, "entities": []},
        events,
        False,
        None,
        {"name": "rehearsal_form"},
        "action_listen",
    )


def run(action, trk):
    dispatcher = CollectingDispatcher()
    return dispatcher.messages, action.run(dispatcher, trk, {})


@pytest.mark.parametrize(
    "code,text,available",
    [
        (None, "I'm an officer, I want to rehearse", False),
        (CODE, "I'm an officer, I want to rehearse", True),
        (CODE, "I'm an officer", False),  # the phrase must name rehearsal explicitly
    ],
)
def test_start_needs_a_configured_code_and_an_explicit_phrase(monkeypatch, code, text, available):
    if code:
        monkeypatch.setenv("REHEARSAL_CODE", code)
    else:
        monkeypatch.delenv("REHEARSAL_CODE", raising=False)
    _, events = run(ra.ActionRehearsalStart(), tracker(text))
    assert events == [SlotSet("rehearsal_available", available)]


def test_unavailable_says_so_politely_and_clears_the_slot(monkeypatch):
    monkeypatch.delenv("REHEARSAL_CODE", raising=False)
    messages, events = run(ra.ActionRehearsalUnavailable(), tracker("rehearse"))
    assert "not switched on" in messages[0]["text"] and events == [SlotSet("rehearsal_available", None)]


def test_validation_keeps_the_form_listening_then_completes_it(monkeypatch):
    monkeypatch.setenv("REHEARSAL_CODE", CODE)
    validate = ra.ValidateRehearsalForm()
    d = CollectingDispatcher()
    out = validate.validate_rehearsal_input(CODE, d, tracker(CODE, {"rehearsal": begin().state}, users=2), {})
    assert out["rehearsal_input"] is None and out["rehearsal"]["stage"] == "choose" and out["rehearsal"]["seen"] == 2
    out = validate.validate_rehearsal_input("stop rehearsal", d, tracker("stop", {"rehearsal": out["rehearsal"]}), {})
    assert out["rehearsal_input"] == "stopped"


def test_ask_action_handles_a_message_that_skipped_the_form(monkeypatch):
    monkeypatch.setenv("REHEARSAL_CODE", CODE)
    library, snapshot = load_library(), default_store().current()
    state = play([CODE, "scenario courier_fraud"], library, snapshot)[-1].state
    state["seen"] = 3
    messages, events = run(
        ra.ActionAskRehearsalInput(),
        tracker("is anyone in danger right now?", {"rehearsal": state}, users=4, intent="emergency_danger"),
    )
    assert "Rehearsal" in messages[0]["text"] and events[0].get("value")["said"] == ["is anyone in danger right now?"]
    # already handled by the validation: says nothing
    messages, events = run(ra.ActionAskRehearsalInput(), tracker("x", {"rehearsal": {**state, "seen": 4}}, users=4))
    assert messages == [] and events == []


def test_end_clears_every_rehearsal_slot():
    _, events = run(ra.ActionRehearsalEnd(), tracker("finish"))
    assert {e["name"] for e in events} >= {"rehearsal", "rehearsal_input", "rehearsal_available"}
    assert all(e["value"] is None for e in events)


def test_finish_still_works_if_the_classifier_took_it_for_an_emergency(monkeypatch):
    monkeypatch.setenv("REHEARSAL_CODE", CODE)
    state = play([CODE, "scenario courier_fraud"], load_library(), default_store().current())[-1].state
    state["seen"] = 3
    messages, events = run(
        ra.ActionAskRehearsalInput(), tracker("finish", {"rehearsal": state}, users=4, intent="emergency_danger")
    )
    assert any("Feedback on" in m["text"] for m in messages)
    assert SlotSet("requested_slot", None) in events and SlotSet("rehearsal_input", "finished") in events


def test_feedback_records_scenario_and_score_for_the_dashboard(library, snapshot):
    steps = play(
        [
            CODE,
            "scenario scotland_bank_call",
            "Where do you live?",
            "Ring one five nine to reach your bank straight away.",
            "Report it to Report Fraud.",
            "finish",
        ],
        library,
        snapshot,
    )
    recorded = [m["insights"] for m in steps[-1].messages if m.get("insights")]
    assert len(recorded) == 1 and recorded[0]["rehearsal"]["scenario"] == "scotland_bank_call"
    assert recorded[0]["rehearsal"]["score"] == 50 and recorded[0]["rehearsal"]["mistakes"] == ["wrong_route"]
    assert "police_scotland" in recorded[0]["rehearsal"]["missed"]
    dispatcher = CollectingDispatcher()
    ra._send(dispatcher, steps[-1])  # the action passes it on as the bot event's metadata
    assert [m["insights"] for m in dispatcher.messages if "insights" in m] == recorded


def test_try_again_offers_the_finished_scenario_first(monkeypatch, library, snapshot):
    monkeypatch.setenv("REHEARSAL_CODE", CODE)
    finished = play([CODE, "scenario courier_fraud", "finish"], library, snapshot)[-1]
    assert finished.messages[-1]["buttons"] == [{"title": "Try this scenario again", "payload": "/rehearsal_start"}]
    trk = tracker("finish", {"rehearsal": finished.state, "rehearsal_input": "finished"})
    _, events = run(ra.ActionRehearsalEnd(), trk)
    assert SlotSet("rehearsal", {"last": "courier_fraud"}) in events  # only the scenario id stays
    messages, events = run(
        ra.ActionAskRehearsalInput(), tracker("/rehearsal_start", {"rehearsal": {"last": "courier_fraud"}})
    )
    assert "officer code" in messages[0]["text"] and events[0]["value"]["last"] == "courier_fraud"
    step = handle(events[0]["value"], CODE, CODE, library, snapshot)
    assert step.messages[0]["buttons"][0] == {
        "title": f"Try again: {library['courier_fraud'].title}",
        "payload": "scenario courier_fraud",
    }
    # a stopped rehearsal keeps nothing
    _, events = run(
        ra.ActionRehearsalEnd(), tracker("stop", {"rehearsal": finished.state, "rehearsal_input": "stopped"})
    )
    assert SlotSet("rehearsal", None) in events


@pytest.mark.parametrize("scenario_id", ["teen_sextortion", "hi_mum_whatsapp", "business_ransomware_live"])
def test_debrief_teaches_why_each_missed_point_matters_with_its_source_tone_and_model_answer(
    library, snapshot, scenario_id
):
    """Issue 28 item 3: every missed point with why it matters and its advice source (from the script and the
    content, not Python), the tone feedback and the model answer."""
    from cyberprotect.rehearsal.engine import debrief_text
    from cyberprotect.rehearsal.keypoints import resolve

    steps = play([CODE, f"scenario {scenario_id}", "Why did you send it?", "finish"], library, snapshot)
    feedback, model = steps[-1].messages[0]["text"], steps[-1].messages[1]["text"]
    points, _ = resolve(library[scenario_id], snapshot)
    missed_block = feedback.split("Missed:")[1].split("Mistakes:")[0]
    for p in points:
        assert f"✘ {p.label}\n   Why it matters: {p.why}\n   Advice sources: {p.source}" in missed_block, p.id
        assert p.model in model
    name = library[scenario_id].persona_name
    assert debrief_text()["not_reassured"].format(name=name) in feedback
    assert '⚠ Blaming words: "Why did you send it?"' in feedback


def test_try_again_replays_the_same_scenario_from_the_start(library, snapshot):
    steps = play(
        [CODE, "scenario app_refund_voice_clone", "Call your bank and ask for a refund.", "finish"], library, snapshot
    )
    first_opening = texts(steps[1])
    state = {"last": "app_refund_voice_clone", "seen": 9}  # what the end action keeps (only the id)
    step = handle(state, CODE, CODE, library, snapshot)
    again = handle(step.state, step.messages[0]["buttons"][0]["payload"], CODE, library, snapshot)
    assert texts(again) == first_opening and again.state["scenario"] == "app_refund_voice_clone"
    assert again.state["covered"] == [] and again.state["said"] == []
    final = handle(handle(again.state, "go on", CODE, library, snapshot).state, "finish", CODE, library, snapshot)
    assert "score 0%" in texts(final)  # the first attempt's answers do not carry over
