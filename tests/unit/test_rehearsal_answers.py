"""Whole officer answers, written in an officer's own words (not copied from the content), against the
scenario key points: good answers cover every key point with no mistake; plainly wrong answers cover none
and their mistakes are flagged."""

import pytest

from cyberprotect.content_store import default_store
from cyberprotect.rehearsal.keypoints import assess, resolve
from cyberprotect.rehearsal.scenarios import load_library

GOOD = {
    "royal_mail_smishing": [
        "Have you lost any money or given card details?",
        "Right, don't tap on any more links in texts like that, and don't text them back.",
        "Ring your bank straight away using the number on the back of your card so they can stop the card.",
        "Forward the text to 7726, it's free, then delete it.",
        "You can report it to Report Fraud online or on 0300 123 2040.",
    ],
    "scotland_bank_call": [
        "Where do you live?",
        "Phone your bank now, you can dial one five nine to get through safely.",
        "Because you're in Scotland, report it to Police Scotland by calling 101.",
    ],
    "child_asked_for_photos": [
        "Is he safe right now, is anyone in danger?",
        "Please don't let him send anything more and don't pay.",
        "Keep the chat and the usernames, but don't save or forward the image itself.",
        "Report it to CEOP at ceop.police.uk.",
        "Childline's Report Remove tool can help get the photo taken down.",
    ],
    "hacked_instagram": [
        "Use Instagram's official help pages to recover the account.",
        "Then change your password, and the email password too since it's the same.",
        "Turn on 2-step verification.",
        "Warn your contacts to ignore any messages about investing.",
    ],
    "invoice_mandate_fraud": [
        "Since you've paid, ring your bank immediately, speed matters.",
        "Always check a change of bank details with the supplier on a number you already hold.",
        "Let the real supplier know their name is being used.",
        "Report it to Report Fraud.",
    ],
    "courier_fraud": [
        "Is the courier coming back now? If so that's a 999 call.",
        "The police and your bank will never send someone to collect your card.",
        "Phone your bank from a different phone and get that card cancelled now.",
        "Then report it to Report Fraud.",
    ],
    "sextortion_adult": [
        "This is not your fault and you're not alone.",
        "Please don't pay them, paying just leads to more demands.",
        "Keep the chat and their username as evidence.",
        "Report it to the police on 101.",
        "The Revenge Porn Helpline can help get the video taken down.",
    ],
}
BAD = [
    "Just ignore it, these things happen.",
    "You should pay the fee to be safe.",
    "Reply to them and ask for the money back.",
]


@pytest.fixture(scope="module")
def snapshot():
    return default_store().current()


@pytest.mark.parametrize("sid", sorted(GOOD))
def test_good_answers_in_own_words_cover_every_key_point(sid, snapshot):
    points, mistakes = resolve(load_library()[sid], snapshot)
    result = assess(points, mistakes, GOOD[sid])
    assert [p.id for p in result.missed] == [] and result.mistakes == () and result.score == 100


@pytest.mark.parametrize("sid", sorted(GOOD))
def test_plainly_wrong_answers_cover_nothing(sid, snapshot):
    points, mistakes = resolve(load_library()[sid], snapshot)
    result = assess(points, mistakes, BAD)
    assert result.covered == () and result.score == 0


def test_wrong_answers_are_flagged_as_mistakes(snapshot):
    library = load_library()
    cases = {
        "royal_mail_smishing": (["Just pay the fee and it'll go away."], "told_to_pay"),
        "scotland_bank_call": (["You need to report it to Report Fraud on 0300 123 2040."], "report_fraud_in_scotland"),
        "romance_scam": (["Honestly, you should have known better."], "victim_blaming"),
        "child_asked_for_photos": (["Screenshot the photo and send it to me."], "forward_image"),
    }
    for sid, (said, mistake) in cases.items():
        points, mistakes = resolve(library[sid], snapshot)
        assert [m.id for m, _ in assess(points, mistakes, said).mistakes] == [mistake], sid


# --- issue 28: fair marking of paraphrases, questions and the general mistakes ------------------------------
def _covered(sid, said, snapshot):
    points, mistakes = resolve(load_library()[sid], snapshot)
    result = assess(points, mistakes, said)
    return {p.id for p, _ in result.covered}, {m.id for m, _ in result.mistakes}


@pytest.mark.parametrize(
    "sid,said,point",
    [
        ("hi_mum_whatsapp", "Call your son on his old number to check it's really him.", "check_relative"),
        ("hi_mum_whatsapp", "Give your daughter a ring on the number you've always had.", "check_relative"),
        ("hi_mum_whatsapp", "Get on to your bank now and ask for a refund.", "call_bank"),
        ("hi_mum_whatsapp", "Ring one five nine and it puts you through to your bank.", "call_bank"),
        ("hacked_instagram", "Set up 2FA on your email too.", "two_step"),
        ("tech_support_remote_access", "Turn off the wi-fi on that computer.", "disconnect"),
        ("romance_scam", "Please don't send her the £1,000.", "stop_sending"),
        ("scotland_bank_call", "Can I ask where you live?", "ask_where"),
    ],
)
def test_paraphrases_count(sid, said, point, snapshot):
    assert point in _covered(sid, [said], snapshot)[0]


@pytest.mark.parametrize(
    "sid,said,point",
    [
        ("royal_mail_smishing", "Have you called your bank yet?", "call_bank"),  # a question is not advice
        ("hacked_instagram", "Have you changed your password?", "change_password"),
        ("hacked_instagram", "Follow the steps on Instagram's help pages.", "two_step"),  # "steps" is not 2-step
        ("hi_mum_whatsapp", "Call the new number back.", "check_relative"),
    ],
)
def test_look_alikes_do_not_count(sid, said, point, snapshot):
    assert point not in _covered(sid, [said], snapshot)[0]


@pytest.mark.parametrize(
    "sid,said,mistake",
    [
        ("hi_mum_whatsapp", "Why did you send money without checking it was her?", "victim_blaming"),
        ("courier_fraud", "How could you give your PIN to a stranger?", "victim_blaming"),
        ("hi_mum_whatsapp", "Report it to Police Scotland on 101.", "wrong_nation_route"),
        ("romance_scam", "Report it to Police Scotland.", "wrong_nation_route"),
        ("child_asked_for_photos", "Just pay them what they want.", "advice_to_pay"),
        ("hi_mum_whatsapp", "If they ask again, send the money.", "send_more"),
    ],
)
def test_general_mistakes(sid, said, mistake, snapshot):
    assert mistake in _covered(sid, [said], snapshot)[1]


@pytest.mark.parametrize(
    "sid,said",
    [
        ("hi_mum_whatsapp", "It's not your fault, and you're not stupid."),
        ("hi_mum_whatsapp", "Report it to the police on 101."),  # 101 serves Wales too
        ("scotland_bank_call", "Report it to Police Scotland on 101."),
        ("sextortion_adult", "Have you paid them anything?"),
        ("sextortion_adult", "If you've paid them, tell your bank."),
        ("courier_fraud", "Anyone could fall for this, they're professionals."),
    ],
)
def test_no_mistake_in_fair_answers(sid, said, snapshot):
    assert _covered(sid, [said], snapshot)[1] == set()


def test_one_finding_per_kind_of_mistake(snapshot):
    # the scenario's own "send the money" and the general advice-to-pay are the same mistake, counted once
    assert _covered("hi_mum_whatsapp", ["Just send the money."], snapshot)[1] == {"send_more"}
