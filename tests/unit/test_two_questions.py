"""Two questions in one message get both answered (issue 18, item 4): cyberprotect/questions.py finds them, and each
action answers the ones its own reply does not cover (advice_actions.answer_the_rest)."""

from pathlib import Path

import pytest

from tests.unit.action_helpers import all_text, run, tracker

ROOT = Path(__file__).resolve().parents[2]
from actions.advice_actions import ActionGiveAdvice, ActionHowReport, ActionWhatNow  # noqa: E402
from actions.checker_actions import ActionCheckMessage  # noqa: E402
from cyberprotect.questions import asked  # noqa: E402


@pytest.mark.parametrize(
    "text,expected",
    [
        ("is this a scam and where do I report it?", ("is_scam", "report")),
        ("how do I report it and will I get my money back?", ("report", "money_back")),
        ("I got a text from royal mail, is it real? what should I do?", ("is_scam", "what_now")),
        ("I paid for a puppy that never came. Can I get a refund?", ("money_back",)),
        ("will the bank refund me?", ("money_back",)),
        ("what do we do now and will he get the money back?", ("what_now", "money_back")),
        ("how can I protect myself", ("protect",)),
        ("who do I tell", ("report",)),
        # news, not questions; and a pasted scam text's own "claim your refund"
        ("the bank refunded me", ()),
        ("hello", ()),
        ("", ()),
        (
            "Is this a scam? HMRC: You are due a tax refund of £326.11. Claim a refund now at hmrc-refund-uk.com",
            ("is_scam",),
        ),
    ],
)
def test_questions_asked(text, expected):
    assert asked(text) == expected


def test_is_this_a_scam_and_where_do_i_report_it_gets_both():
    messages, _ = run(ActionCheckMessage(), tracker("check_message", text="is this a scam and where do I report it?"))
    text = all_text(messages)
    assert "Paste the message" in text  # the first question: the checker needs the words
    assert "7726" in text and "report@phishing.gov.uk" in text and "Report Fraud" in text  # the second


def test_is_this_a_scam_and_where_do_i_report_it_read_as_a_report_question_gets_both():
    messages, _ = run(ActionHowReport(), tracker("ask_how_report", text="is this a scam and where do I report it?"))
    text = all_text(messages)
    assert "7726" in text and "report@phishing.gov.uk" in text and "Report Fraud" in text  # where scams go
    assert "Paste the words of the message" in text  # and the scam question: the checker needs the words


def test_how_do_i_report_it_and_will_i_get_my_money_back_gets_both():
    messages, _ = run(
        ActionHowReport(),
        tracker(
            "ask_how_report",
            slots={"topic": "purchase_scam", "nation": "wales"},
            text="how do I report it and will I get my money back?",
        ),
    )
    text = all_text(messages)
    assert "Report Fraud" in text
    assert "depends on how you paid" in text and "chargeback" in text and "£85,000" in text


def test_money_back_answer_follows_how_they_paid():
    messages, _ = run(
        ActionHowReport(),
        tracker(
            "ask_how_report",
            slots={"topic": "purchase_scam", "nation": "england"},
            text="I paid by bank transfer, how do I report it and can I get my money back?",
        ),
    )
    text = all_text(messages)
    assert "Paid by bank transfer?" in text and "Paid by card?" not in text


def test_advice_with_a_money_question_answers_it_after_the_steps():
    messages, _ = run(
        ActionGiveAdvice(),
        tracker(
            "threat_purchase_scam", text="I sent £300 by card for concert tickets that never came, will I get it back?"
        ),
    )
    text = all_text(messages)
    assert text.index("start here") < text.index("Here is where to go") < text.index("depends on how you paid")
    assert "Paid by card?" in text


def test_one_question_gets_one_answer():
    messages, _ = run(
        ActionWhatNow(), tracker("ask_what_now", slots={"topic": "smishing"}, text="what should I do now?")
    )
    assert len(messages) == 1
    messages, _ = run(ActionHowReport(), tracker("ask_how_report", slots={"topic": "smishing"}, text="/ask_how_report"))
    assert len(messages) == 1  # a button press asks one thing


def test_will_i_get_my_money_back_on_its_own_gets_the_money_back_answer():
    """Issue 18: "Will I get my money back?" alone (or after the advice) is its own intent, answered by
    action_money_back (content/answers.yml), not "Sorry, I didn't understand"."""
    from actions.advice_actions import ActionMoneyBack

    messages, _ = run(ActionMoneyBack(), tracker("ask_money_back", text="Will I get my money back?"))
    text = all_text(messages)
    assert "depends on how you paid" in text and "chargeback" in text and "£85,000" in text
    messages, _ = run(
        ActionMoneyBack(),
        tracker(
            "ask_money_back",
            slots={"topic": "purchase_scam"},
            text="I paid by card, will I get a refund? and how do I report it?",
        ),
    )
    text = all_text(messages)
    assert "Paid by card?" in text and "Paid by bank transfer?" not in text
    assert text.index("chargeback") < text.index("Report Fraud")  # the routes after the answer
    messages, _ = run(
        ActionMoneyBack(),
        tracker(
            "ask_money_back",
            slots={"topic": "purchase_scam", "nation": "northern_ireland"},
            text="Can I get my money back? I paid by bank transfer.",
        ),
    )
    assert "Paid by bank transfer?" in all_text(messages) and "Consumerline" in all_text(messages)


def test_money_back_question_has_an_intent_and_a_rule():
    import yaml

    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    assert "ask_money_back" in domain["intents"] and "action_money_back" in domain["actions"]
    rules = yaml.safe_load((ROOT / "data" / "rules" / "advice.yml").read_text())["rules"]
    assert any(r["steps"] == [{"intent": "ask_money_back"}, {"action": "action_money_back"}] for r in rules)
