"""The rehearsal persona (cyberprotect/rehearsal/persona.py): one reply per officer turn, from the scenario's facts."""

import pytest

from cyberprotect.rehearsal.persona import DEFAULT_REACTIONS, Persona, new_state, reply

P = Persona(
    name="Sam",
    facts={"money": "Yes, £50.", "where_live": "Leeds.", "when": "Yesterday."},
    story=("First part.", "Second part."),
    asks=({"say": "Can I get it back?", "unless": ["bank"]}, {"say": "Who do I tell?", "unless": ["report"]}),
    reactions={"reassured": "That helps.", "blamed": "Ouch."},
)


def talk(*turns, covered_by=None):
    state, out = new_state(), []
    covered = []
    for t in turns:
        newly = (covered_by or {}).get(t, [])
        covered += newly
        text, state, _ = reply(P, state, t, covered, newly)
        out.append(text)
    return out


def test_answers_from_the_facts_and_defaults_for_the_rest():
    money, where, bank = talk("Did you send any money?", "Where do you live?", "Have you told your bank?")
    assert (money, where) == ("Yes, £50.", "Leeds.")
    assert bank == "No, not yet. Should I?"  # the table's default: this persona has no told_bank fact


def test_story_in_order_when_invited_then_says_there_is_no_more():
    assert talk("What happened?", "Go on", "Go on") == [
        "First part.",
        "Second part.",
        DEFAULT_REACTIONS["nothing_left"],
    ]


def test_several_questions_one_reply():
    (text,) = talk("When was it, and where do you live?")
    assert text == "Yesterday. Leeds."


def test_reacts_to_reassurance_once_and_to_blame():
    assert talk("It's not your fault.", "It's not your fault.") == ["That helps.", DEFAULT_REACTIONS["reassured_again"]]
    assert talk("You should have known better.")[0] == "Ouch."


def test_asks_what_a_real_person_asks_until_the_officer_covers_it():
    out = talk("Call your bank now.", "Report it to the police.", "Okay.", covered_by={"Call your bank now.": ["bank"]})
    assert out[0] == "Okay, thank you. Who do I tell?"  # 'Can I get it back?' is covered by the advice
    assert out[1] == "Okay, thank you. " + DEFAULT_REACTIONS["thanks"]


def test_anything_else_gets_the_next_open_question():
    assert talk("Is there anything else?") == ["Can I get it back?"]


@pytest.mark.parametrize("text", ["", "   ", "asdfgh", "<script>alert(1)</script>", "¿Dónde vives?"])
def test_odd_input_still_gets_one_plain_reply(text):
    (out,) = talk(text)
    assert out and "<" not in out
