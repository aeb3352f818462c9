"""Defects found by trying the bot (4 Dec 2026 evening):
(1) someone in Scotland who asks "Should I report it to Action Fraud?" is told plainly, beside the routes, that in
    Scotland you report to Police Scotland on 101, not to Report Fraud (which replaced Action Fraud);
(2) a story that names how the money went (gift cards, Western Union / MoneyGram, crypto) gets one step for that way
    of paying among the "Because you said you have paid" steps;
(3) Report Remove (nude or sexual images of under-18s) is offered only when such images are mentioned or the topic
    is about them."""

import pytest

from actions.advice_actions import ActionGiveAdvice, ActionHowReport
from cyberprotect.content_store import default_store
from cyberprotect.questions import names_report_fraud
from cyberprotect.routing import Case, decide_routes
from tests.unit.action_helpers import all_text, run, tracker

ABERDEEN_STORY = (
    "I live in Aberdeen. I met a man on a dating site, he said he was working on an oil rig and needed money for "
    "his flight home. I sent him £3,000 and now he has blocked me. Should I report it to Action Fraud?"
)


def scotland_answer() -> str:
    return default_store().current().reasons["police_scotland_not_report_fraud"]


# --- (1) Action Fraud asked about from Scotland -------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,named",
    [
        ("Should I report it to Action Fraud?", True),
        ("do i ring actionfraud", True),
        ("Can I report it to Report Fraud?", True),
        ("is reportfraud.police.uk the right site", True),
        ("how do I report fraud?", False),
        ("I want to report fraud", False),
        ("where do I report it", False),
    ],
)
def test_names_report_fraud_means_the_service_not_the_verb(text, named):
    assert names_report_fraud(text) is named


def test_the_scotland_answer_is_content_and_says_101_not_report_fraud():
    line = scotland_answer()
    assert line.startswith("In Scotland, report to Police Scotland, not Report Fraud")
    assert "replaced Action Fraud" in line and "England, Wales and NI" in line


@pytest.mark.parametrize("threat,category", [("romance_scam", "fraud"), ("smishing", "fraud"), (None, None)])
def test_scotland_and_action_fraud_named_gives_the_plain_answer_on_police_scotland(threat, category):
    case = Case(threat=threat, category=category, nation="scotland", names_report_fraud=True)
    decisions = decide_routes(case)
    reasons = {d.route: d.reason for d in decisions}
    assert reasons["police_scotland_101"] == "police_scotland_not_report_fraud"
    assert "report_fraud" not in reasons
    # not named, or not Scotland: unchanged
    plain = {d.route: d.reason for d in decide_routes(Case(threat=threat, category=category, nation="scotland"))}
    assert plain["police_scotland_101"] != "police_scotland_not_report_fraud"
    for nation in ("england", "wales", "northern_ireland", None):
        other = decide_routes(Case(threat=threat, category=category, nation=nation, names_report_fraud=True))
        assert all(d.reason != "police_scotland_not_report_fraud" for d in other)


def test_aberdeen_romance_story_asking_about_action_fraud_is_answered_beside_the_routes():
    messages, _ = run(ActionGiveAdvice(), tracker("threat_romance_scam", text=ABERDEEN_STORY))
    routes_message = messages[-1]["text"]
    line = next(line for line in routes_message.splitlines() if "Police Scotland (101)" in line)
    assert "call 101" in line and scotland_answer() in line  # the number and the answer on one line
    assert "0300 123 2040" not in all_text(messages)


def test_scotland_from_the_slot_asking_about_action_fraud_gets_the_answer():
    messages, _ = run(
        ActionHowReport(),
        tracker("ask_how_report", {"topic": "smishing", "nation": "scotland"}, text="Do I tell Action Fraud?"),
    )
    assert scotland_answer() in all_text(messages)
    messages, _ = run(
        ActionHowReport(),
        tracker("ask_how_report", {"topic": "smishing", "nation": "scotland"}, text="Where do I report it?"),
    )
    assert scotland_answer() not in all_text(messages)


# --- (3) Report Remove only for nude or sexual images ---------------------------------------------------------------
INSTAGRAM_STORY = (
    "im 16 and someone has made an instagram account with my photos and is messaging my friends asking for money"
)


@pytest.mark.parametrize(
    "texts,expected",
    [
        ([INSTAGRAM_STORY], False),
        (["someone is threatening to share pictures of me unless I pay them £200 by tonight please help"], True),
        (["he says he'll post my pics on snapchat if i don't send him money"], True),
        (["a boy in my year sent my nudes to a group chat"], True),
        (["my boy sent a pic to a girl online and now theyre demanding 200 quid or theyll send it to his mates"], True),
        (["someone made a fake naked picture of me with an AI app"], True),
        (["how do I report it?"], None),
        (["/threat_sextortion"], None),
    ],
)
def test_mentions_sexual_images(texts, expected):
    from cyberprotect.message_facts import mentions_sexual_images

    assert mentions_sexual_images(texts) is expected


# (threat, category, child, sexual_images, report_remove offered?): the routing table
REPORT_REMOVE_TABLE = [
    # topics about such images: offered unless the story told says otherwise
    ("sextortion", "abuse", True, None, True),
    ("sextortion", "abuse", True, True, True),
    ("sextortion", "abuse", True, False, True),  # a topic about such images always gets it, whatever words were used
    ("sextortion", "abuse", None, None, True),
    ("deepfake_images", "abuse", True, None, True),
    ("child_abuse_images", "child_safety", None, None, True),
    # other topics that list it: only when such images are mentioned
    ("cyberbullying", "child_safety", True, None, False),
    ("cyberbullying", "child_safety", True, False, False),
    ("cyberbullying", "child_safety", True, True, True),
    ("child_grooming", "child_safety", True, None, False),
    ("child_grooming", "child_safety", True, True, True),
    ("hacked_account", "cyber_crime", True, False, False),
    # never for an adult
    ("sextortion", "abuse", False, True, False),
]


@pytest.mark.parametrize("threat,category,child,images,offered", REPORT_REMOVE_TABLE)
def test_report_remove_only_for_nude_or_sexual_images(threat, category, child, images, offered):
    topic = default_store().topic(threat)
    case = Case(
        threat=threat,
        category=category,
        child_involved=child,
        sexual_images=images,
        topic_routes=topic.routes + topic.support,
    )
    assert ("report_remove" in [d.route for d in decide_routes(case)]) is offered


def test_young_persons_impersonation_story_gets_no_report_remove():
    """The 16-year-old whose photos were used for a fake Instagram account asking friends for money: the story says
    nothing of nude or sexual images, whichever topic it is read as."""
    ranking = [{"name": "threat_sextortion", "confidence": 0.4}, {"name": "threat_hacked_account", "confidence": 0.3}]
    # Read as sextortion it gets Report Remove (a topic about such images always does: a real sextortion told in
    # words the cue list misses must not lose it); the fix for that misreading is the topic, not the route.
    for intent in ("threat_cyberbullying", "threat_hacked_account"):
        trk = tracker(intent, text=INSTAGRAM_STORY, ranking=ranking, confidence=0.4)
        messages, _ = run(ActionGiveAdvice(), trk)
        offered = [r for m in messages for r in (m.get("insights") or {}).get("routes", [])]
        assert offered and "report_remove" not in offered, intent


def test_young_persons_nude_image_story_still_gets_report_remove():
    text = "im 15 and a boy from school has posted my nudes on snapchat and everyone has seen them"
    messages, _ = run(ActionGiveAdvice(), tracker("threat_sextortion", text=text))
    offered = [r for m in messages for r in (m.get("insights") or {}).get("routes", [])]
    assert "report_remove" in offered


def test_photo_take_down_still_offers_report_remove():
    from cyberprotect.routing import image_removal_routes

    assert "report_remove" in [d.route for d in image_removal_routes(True, None)]
    assert "report_remove" in [d.route for d in image_removal_routes(None, None)]


# --- (2) a step for how the money went ------------------------------------------------------------------------------
WESTERN_UNION_STORY = "I've sent about £12,000 through Western Union and gift cards to a man I met online"


@pytest.mark.parametrize(
    "text,methods",
    [
        (WESTERN_UNION_STORY, ("gift_card", "money_transfer")),
        ("I paid him £500 in bitcoin from my Coinbase account", ("crypto",)),
        ("they made me buy Steam cards and read out the codes", ("gift_card",)),
        ("I sent it by MoneyGram", ("money_transfer",)),
        ("I paid £3,000 by bank transfer", ()),
    ],
)
def test_paid_with_reads_how_the_money_went(text, methods):
    from cyberprotect.message_facts import paid_with

    assert paid_with(text) == methods


def test_every_way_of_paying_has_content_with_sources_and_a_review_date():
    from cyberprotect.content_schema import PAYMENT_METHODS
    from cyberprotect.message_facts import PAID_WITH

    assert tuple(PAID_WITH) == PAYMENT_METHODS
    paid = default_store().current().situations["paid"]
    assert set(paid.by_method) == set(PAYMENT_METHODS)
    for method in paid.by_method.values():
        assert len(method.steps) == 1 and method.sources and method.last_reviewed
        assert all(s.url.startswith("https://") for s in method.sources)


def method_step(key: str) -> str:
    return default_store().current().situations["paid"].by_method[key].steps[0]


def test_western_union_and_gift_cards_story_gets_a_step_for_each():
    messages, _ = run(
        ActionGiveAdvice(), tracker("threat_romance_scam", {"nation": "england"}, text=WESTERN_UNION_STORY)
    )
    steps = messages[1]["text"]
    assert steps.startswith("Because you said you have paid, start here:")
    assert method_step("gift_card") in steps and method_step("money_transfer") in steps
    assert method_step("crypto") not in steps
    lines = steps.splitlines()
    assert lines[1].startswith("1. Call your bank now")  # the bank first, then the ways of paying
    assert method_step("gift_card") in lines[2] and method_step("money_transfer") in lines[3]


def test_crypto_story_gets_the_exchange_step_and_a_bank_transfer_story_gets_none():
    text = "I invested £4,000 in crypto on a trading site an advert sent me to, I paid and now I can't withdraw"
    messages, _ = run(ActionGiveAdvice(), tracker("threat_investment_scam", {"nation": "england"}, text=text))
    assert method_step("crypto") in all_text(messages)
    text = "I paid £3,000 by bank transfer for a puppy and the seller has vanished"
    messages, _ = run(ActionGiveAdvice(), tracker("threat_purchase_scam", {"nation": "england"}, text=text))
    assert not any(method_step(k) in all_text(messages) for k in ("gift_card", "money_transfer", "crypto"))


def test_gift_cards_named_without_paying_add_no_step():
    text = "I got a text saying I'd won a £500 Amazon gift card, I haven't clicked it"
    messages, _ = run(ActionGiveAdvice(), tracker("threat_smishing", {"nation": "england"}, text=text))
    assert method_step("gift_card") not in all_text(messages)
