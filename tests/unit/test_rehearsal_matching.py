"""The rehearsal matcher (cyberprotect/rehearsal/matching.py) and key-point resolution
(cyberprotect/rehearsal/keypoints.py): paraphrased good answers pass, plainly wrong ones fail, mistakes are caught."""

import pytest

from cyberprotect.content_store import default_store
from cyberprotect.rehearsal.keypoints import assess, resolve, route_need
from cyberprotect.rehearsal.matching import clauses, find, need_from_phrase, need_from_saying
from cyberprotect.rehearsal.scenarios import load_library


@pytest.fixture(scope="module")
def snapshot():
    return default_store().current()


@pytest.fixture(scope="module")
def library():
    return load_library()


def points_by_id(scenario, snapshot):
    points, mistakes = resolve(scenario, snapshot)
    return {p.id: p for p in points}, {m.id: m for m in mistakes}


def covers(point, text):
    return find(point.needs, [text]) is not None


# --- the route to your bank via 159, derived from routes.yml ------------------------------------------
@pytest.mark.parametrize(
    "answer",
    [
        "call your bank on 159",
        "ring one five nine to reach your bank",
        "You can phone 159 and it puts you through to your bank.",
        "Go to stopscamsuk.org.uk/159 to get through to them safely",
    ],
)
def test_paraphrases_of_the_159_route_pass(snapshot, answer):
    assert find([route_need(snapshot.routes["stop_scams_159"])], [answer])


@pytest.mark.parametrize(
    "answer",
    [
        "just ignore it",
        "don't call 159",
        "call 1590 for help",
        "Call your bank.",  # the bank, but not the 159 route
    ],
)
def test_wrong_answers_do_not_count_as_the_159_route(snapshot, answer):
    assert not find([route_need(snapshot.routes["stop_scams_159"])], [answer])


def test_the_159_number_comes_from_the_content_not_the_code(snapshot):
    # if the content said another number, that number (and not 159) would be the evidence
    import dataclasses

    changed = dataclasses.replace(
        snapshot.routes["stop_scams_159"], phone="0800 123 4567", url=None, name="Some Service"
    )
    assert find([route_need(changed)], ["call 0800 123 4567"])
    assert not find([route_need(changed)], ["call 159"])


# --- topic steps: paraphrase and polarity ----------------------------------------------------------------
@pytest.mark.parametrize(
    "answer,expected",
    [
        ("Don't tap on the link.", True),
        ("Never click links in texts like that", True),
        ("Do not open the link, and don't reply", True),
        ("Click the link to check it", False),  # the opposite advice
        ("just ignore it", False),
    ],
)
def test_do_not_click_the_link(library, snapshot, answer, expected):
    points, _ = points_by_id(library["royal_mail_smishing"], snapshot)
    assert covers(points["no_link_no_reply"], answer) is expected


@pytest.mark.parametrize(
    "answer,expected",
    [
        ("Call your bank now, use the number on the back of your card.", True),
        ("Ring your bank straight away", True),
        ("Phone the building society", True),
        ("If you gave your card details, contact your bank right now", True),
        ("Don't call your bank", False),
        ("Forward it to 7726", False),
    ],
)
def test_call_your_bank(library, snapshot, answer, expected):
    points, _ = points_by_id(library["royal_mail_smishing"], snapshot)
    assert covers(points["call_bank"], answer) is expected


def test_words_may_spread_over_a_sentence_with_the_anchor_polarity(library, snapshot):
    points, _ = points_by_id(library["child_cyberbullying"], snapshot)
    assert covers(points["police_when_threats"], "If there are threats, go to the police.")
    assert not covers(points["police_when_threats"], "Threats are horrible. Talk to the school.")


# --- the route engine decides the report route for the persona's case --------------------------------
def test_scottish_persona_report_route_is_police_scotland(library, snapshot):
    points, mistakes = points_by_id(library["scotland_bank_call"], snapshot)
    assert covers(points["police_scotland"], "Report it to Police Scotland on 101.")
    assert not covers(points["police_scotland"], "Report it to Report Fraud.")
    assert not covers(points["police_scotland"], "Report the call by texting 7726.")  # a quick action, not the police
    assert find(mistakes["report_fraud_in_scotland"].needs, ["report it to Report Fraud"])
    assert find(mistakes["report_fraud_in_scotland"].needs, ["ring 0300 123 2040"])
    assert find(mistakes["report_fraud_in_scotland"].needs, ["report it to action fraud"])


def test_english_persona_report_route_is_report_fraud(library, snapshot):
    points, _ = points_by_id(library["bank_safe_account_call"], snapshot)
    assert covers(points["report"], "Report it to Report Fraud on 0300 123 2040")
    assert not covers(points["report"], "Report it to Police Scotland")


def test_101_for_a_scottish_persona_is_not_a_report_fraud_mistake(library, snapshot):
    _, mistakes = points_by_id(library["scotland_bank_call"], snapshot)
    assert not find(mistakes["report_fraud_in_scotland"].needs, ["Call 101 to report it."])
    assert not find(mistakes["report_fraud_in_scotland"].needs, ["In Scotland you report fraud to Police Scotland."])
    assert not find(mistakes["report_fraud_in_scotland"].needs, ["Don't use Report Fraud, you're in Scotland."])


# --- mistakes ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "answer,flagged",
    [
        ("Just pay them and it will go away", True),
        ("I'd pay the £500 if I were you", True),
        ("Don't pay them.", False),
        ("Someone threatens to share images unless you pay them.", False),
        ("Paying usually leads to more demands.", False),
    ],
)
def test_telling_a_victim_to_pay_is_a_mistake(library, snapshot, answer, flagged):
    _, mistakes = points_by_id(library["sextortion_adult"], snapshot)
    assert (find(mistakes["pay_them"].needs, [answer]) is not None) is flagged


def test_negation_carries_through_a_list_ending_in_or():
    cl = clauses("Do not open the door, hand over cards, cash or valuables, or share your PIN.")
    assert all(c.negated for c in cl)
    cl = clauses("Don't click, call your bank instead.")
    assert [c.negated for c in cl] == [True, False]


def test_spoken_numbers_become_digits():
    (c,) = clauses("ring one one six one two three")
    assert "116123" in c.numbers
    (c,) = clauses("call 0300 123 2040")
    assert "03001232040" in c.numbers


def test_branch_questions_match_either_polarity():
    need = need_from_phrase("lost money", either=True)
    assert find([need], ["Have you lost any money?"]) and find([need], ["You haven't lost money, have you?"])
    assert not find([need], ["Where do you live?"])


def test_assessment_reports_evidence_and_score(library, snapshot):
    points, mistakes = resolve(library["royal_mail_smishing"], snapshot)
    said = ["Don't click any more links.", "Ring your bank now on the number on your card.", "Just pay the fee."]
    result = assess(points, mistakes, said)
    covered = {p.id: e for p, e in result.covered}
    assert covered["call_bank"] == "Ring your bank now on the number on your card."
    assert "no_link_no_reply" in covered and "forward_7726" in {p.id for p in result.missed}
    assert [m.id for m, _ in result.mistakes] == ["told_to_pay"]
    assert result.score == round(100 * (2 - 1) / result.total)


def test_saying_phrases_need_the_words_in_order():
    need = need_from_saying("pay the fee")
    assert find([need], ["You should pay the fee."]) and not find([need], ["The fee is fake, so never pay."])


# --- general rules added on the third development batch (tests/rehearsal/dev.yml, batch 3) ---------------
@pytest.mark.parametrize(
    "scenario,point,answer,expected",
    [
        # "not to" opens its own negated clause: the telling is advice, the answering is what is negated
        ("hacked_instagram", "warn_contacts", "Let your friends know not to answer any odd messages from you.", True),
        ("child_cyberbullying", "no_reply", "Tell her not to reply to them, however tempting.", True),
        ("child_cyberbullying", "no_reply", "Tell her to reply to them.", False),
        # the words of the step's "if" clause are when the advice applies, not the advice
        ("bank_safe_account_call", "tell_bank", "Let your bank know today what's happened.", True),
        ("hi_mum_whatsapp", "call_bank", "Give your bank a ring straight away.", True),
        ("hi_mum_whatsapp", "call_bank", "Have you rung your bank?", False),
        # a route's leading capitalised words are a name; a bracket naming nations is not
        ("purchase_scam", "consumer_advice", "Citizens Advice can help you with your consumer rights.", True),
        (
            "northern_ireland_ticket_scam",
            "consumerline",
            "Report it to Report Fraud, it covers Northern Ireland.",
            False,
        ),
        ("purchase_scam", "report", "Report Fraud covers England and Wales.", True),
        # "shift" is "move"
        (
            "bank_safe_account_call",
            "never_safe_account",
            "Your bank will never ask you to shift your money into another account to keep it safe.",
            True,
        ),
    ],
)
def test_general_rules_from_the_third_development_batch(library, snapshot, scenario, point, answer, expected):
    points, _ = points_by_id(library[scenario], snapshot)
    assert covers(points[point], answer) is expected


def test_not_to_pay_is_never_advice_to_pay(library, snapshot):
    _, mistakes = resolve(library["sextortion_adult"], snapshot)
    assert assess([], mistakes, ["Tell them you're not going to pay them."]).mistakes == ()
    assert assess([], mistakes, ["Tell him not to pay them anything."]).mistakes == ()


def test_a_bracket_of_nations_is_not_a_route_name():
    from cyberprotect.rehearsal.keypoints import name_variants

    assert name_variants("Victim Support (England and Wales)") == ["Victim Support"]
    assert "Citizens Advice" in name_variants("Citizens Advice consumer helpline (England and Wales)")
    assert name_variants("Police Service of Northern Ireland (101)") == ["Police Service of Northern Ireland", "PSNI"]
