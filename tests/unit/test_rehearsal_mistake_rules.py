"""Rules added after the blind development batch (tests/rehearsal/dev_blind.yml) showed mistake recall at 0.61:
subtler victim-blaming, advice to pay inside an "if" clause or said as a narrative, routes named by initials or
without their web ending, and a route named only to warn someone off it. Sentences here are written for the test
(not copied from any labelled set)."""

import pytest

from cyberprotect.content_store import default_store
from cyberprotect.rehearsal.keypoints import assess, name_variants, resolve
from cyberprotect.rehearsal.matching import clauses
from cyberprotect.rehearsal.questions import blame_sentence
from cyberprotect.rehearsal.scenarios import load_library


@pytest.fixture(scope="module")
def snapshot():
    return default_store().current()


def _found(sid, said, snapshot):
    points, mistakes = resolve(load_library()[sid], snapshot)
    result = assess(points, mistakes, [said])
    return {p.id for p, _ in result.covered}, {m.id for m, _ in result.mistakes}


@pytest.mark.parametrize(
    "text",
    [
        "Your husband really should have checked the account name first.",
        "Honestly, she ought to have known better at her age.",
        "You should never have read the code out to him.",
        "Everyone knows that banks don't ring like this.",
        "It's the first thing they tell you at the bank: never share a code.",
        "Well, that's a lesson learnt for next time.",
        "If you'd used a better password, none of this would have happened.",
        "He needs to stop being so sensitive about a few messages.",
    ],
)
def test_subtler_blame_is_found(text):
    assert blame_sentence(text)


@pytest.mark.parametrize(
    "text",
    [
        "Never share a code with anyone who rings you.",  # prevention advice, not hindsight
        "The bank should have spotted that payment.",  # blames the bank, not the person
        "Don't be so hard on yourself, nobody could have known better.",
        "If you'd like, I can help you report it now.",
    ],
)
def test_fair_wording_is_not_blame(text):
    assert not blame_sentence(text)


def test_an_if_clause_without_a_comma_ends_where_the_main_clause_starts():
    # "if the fee is small it might be worth paying": the advice is in the main clause
    cl = clauses("If the fee is small it might be worth paying it.")
    assert [c.conditional for c in cl] == [True, False]
    # a verb of thinking keeps the rest inside the "if" clause
    assert all(c.conditional for c in clauses("If you think you might have been scammed"))


@pytest.mark.parametrize(
    "sid,said",
    [
        ("crypto_investment", "If the fee is small it might be worth paying it."),
        ("sextortion_adult", "If they keep on at you it would be easier to just pay them."),
    ],
)
def test_advice_to_pay_inside_an_if_sentence_is_found(sid, said, snapshot):
    assert {"advice_to_pay", "pay_fee", "pay_them"} & _found(sid, said, snapshot)[1]


@pytest.mark.parametrize(
    "sid,said",
    [
        ("business_ransomware_live", "Don't pay; criminals keep lists of companies that pay up."),
        ("app_refund_voice_clone", "Report it, even though you paid it yourself."),
        ("sextortion_adult", "Lots of people panic and they pay them, but it never stops."),
    ],
)
def test_paying_described_not_advised_is_no_mistake(sid, said, snapshot):
    assert not {"advice_to_pay", "pay_them"} & _found(sid, said, snapshot)[1]


def test_route_names_by_initials_and_without_web_ending():
    assert "PSNI" in name_variants("Police Service of Northern Ireland (101)")
    assert "StopNCII" in name_variants("StopNCII.org")
    assert "CPR" not in name_variants("Cifas Protective Registration")  # short initials are other words too


@pytest.mark.parametrize(
    "sid,said,mistake",
    [
        ("hi_mum_whatsapp", "You could ring the PSNI about it.", "wrong_nation_route"),
        ("teen_sextortion", "StopNCII can stop the picture being shared.", "adult_service"),
    ],
)
def test_routes_named_by_short_names_are_found(sid, said, mistake, snapshot):
    assert mistake in _found(sid, said, snapshot)[1]


@pytest.mark.parametrize(
    "said",
    [
        "Ignore Report Fraud, they're fake.",
        "I'd be wary of Report Fraud, it's new.",
    ],
)
def test_a_route_warned_off_is_not_a_route_advised(said, snapshot):
    assert "report" not in _found("report_fraud_new_service", said, snapshot)[0]
    # and advising it still counts
    assert "report" in _found("report_fraud_new_service", "Report it to Report Fraud.", snapshot)[0]


# --- advice to pay by a paying verb and something of money's worth (scenarios/_general_mistakes.yml) -------
@pytest.mark.parametrize(
    "sid,said",
    [
        ("hi_mum_whatsapp", "Transfer the balance and be done with it."),
        ("sextortion_adult", "Give them a couple of hundred to make it go away."),
        ("romance_scam", "Send him the cash he's after."),
    ],
)
def test_a_paying_verb_with_money_is_advice_to_pay(sid, said, snapshot):
    assert _found(sid, said, snapshot)[1] & {"advice_to_pay", "send_more", "pay_them", "pay_more"}


@pytest.mark.parametrize(
    "sid,said",
    [
        ("hi_mum_whatsapp", "Send your bank the payment reference."),
        ("purchase_scam", "Stop sending money to this seller."),
        ("romance_scam", "Instead of paying any more, report it."),
        ("purchase_scam", "Next time, you could pay by credit card."),
        # a question with only a "?" (the bot's own money-back answer: make scenarios, 3 Dec 2026 night)
        (
            "app_refund_voice_clone",
            "• Paid with crypto, gift cards, vouchers or cash? This is much harder to get back.",
        ),
    ],
)
def test_paying_words_that_do_not_advise_paying(sid, said, snapshot):
    assert not {"advice_to_pay", "pay_insurance", "pay_more", "send_more"} & _found(sid, said, snapshot)[1]


def test_a_sentence_starting_with_when_is_advice_unless_it_asks():
    assert not clauses("When he comes back, give him the card.")[0].asking
    assert clauses("When did he come back?")[0].asking


@pytest.mark.parametrize(
    "sid,said,mistake",
    [
        ("courier_fraud", "When he comes back, give him the card.", "hand_over"),
        ("courier_fraud", "Hand over a different card.", "hand_over"),  # articles aside
        ("report_fraud_new_service", "Be careful with Report Fraud, it might be fake.", "report_fraud_is_fake"),
        ("child_cyberbullying", "Tell him to answer them back.", "reply_back"),
    ],
)
def test_scenario_mistakes_in_other_words(sid, said, mistake, snapshot):
    assert mistake in _found(sid, said, snapshot)[1]


def test_dismissing_a_step_does_not_cover_it(snapshot):
    assert "passkey" not in _found("passkeys_after_phishing", "I'd ignore the passkey prompt for now.", snapshot)[0]
    assert "report_fraud_is_fake" not in _found("report_fraud_new_service", "Report it to Report Fraud.", snapshot)[1]


# --- key points in other words -------------------------------------------------------------------------------
def test_a_relative_clauses_negation_is_its_own():
    cl = clauses("Pick a safe word that a stranger could not guess.")
    assert [c.negated for c in cl] == [False, True]
    assert all(c.negated for c in clauses("Make sure that you do not reply."))  # "that" after "sure" is no relative


@pytest.mark.parametrize(
    "sid,said,point",
    [
        ("app_refund_voice_clone", "Set up a code word with your family.", "safe_word"),
        ("app_refund_voice_clone", "Choose a safe word that nobody outside the family would know.", "safe_word"),
        ("crypto_investment", "Make sure you tell your bank today.", "call_bank"),
        ("child_cyberbullying", "Keep a diary of what happens and when.", "keep_record"),
    ],
)
def test_key_points_in_other_words(sid, said, point, snapshot):
    assert point in _found(sid, said, snapshot)[0]


@pytest.mark.parametrize(
    "text,asking",
    [
        ("Have a word with your bank.", False),  # "have" without a subject after it advises
        ("Have a look at your email settings.", False),
        ("Have you had a word with your bank?", True),
        ("Is the bank aware?", True),
    ],
)
def test_an_auxiliary_asks_only_before_its_subject(text, asking):
    assert clauses(text)[0].asking is asking


def test_a_bell_is_a_call(snapshot):
    assert "call_bank" in _found("hi_mum_whatsapp", "Give the bank a bell as soon as you can.", snapshot)[0]
