"""Small misses found by trying the bot by hand (issue 18 / 19, 4 Dec 2026), each fixed where it lives:
- "I replied to it" after a scam text is a situation with its own first steps (content/situations.yml `replied`);
- "they got her to download something" (software left unnamed, at a scammer's request) is remote access;
- a relative telling someone else's story reads "Because you said money was paid", not "you have paid";
- "that's too much text" gets the first steps only (action_shorter);
- "is this the police?" is told plainly: a chatbot, not a police officer, 999 and 101 (domain response)."""

from pathlib import Path

import pytest
import yaml

from actions.advice_actions import ActionGiveAdvice, ActionShorter
from cyberprotect import message_facts, replies
from cyberprotect.content_store import read_local_bundle, snapshot_from_bundle
from tests.unit.action_helpers import all_text, run, tracker

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def snapshot():
    return snapshot_from_bundle(read_local_bundle(ROOT / "content"), "local")


# --- "I replied to it" ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,expected",
    [
        ("I replied to it", True),
        ("i texted back STOP", True),
        ("I already responded before I realised", True),
        ("I haven't replied", False),
        ("they replied saying sorry wrong number", False),
        ("I got a text from Royal Mail about a parcel", False),
    ],
)
def test_replying_to_the_scam_is_read(text, expected):
    assert ("replied" in message_facts.situation(text)) is expected


def test_a_reply_to_a_scam_text_puts_the_reply_steps_first():
    messages, _ = run(
        ActionGiveAdvice(),
        tracker("threat_smishing", text="I got a text saying my parcel is held and I replied to it asking who it was"),
    )
    text = all_text(messages)
    assert "Because you said you replied to it, start here:" in text
    first = text.split("start here:\n", 1)[1].splitlines()[0]
    assert "Do not reply again" in first and "Block the sender" in first
    assert "Do not click any link in the text, and do not reply." not in text  # the step it replaces


# --- unnamed software at a scammer's request -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "a man rang my mum saying he was from BT and they got her to download something",
        "they told me to download something so they could fix the problem",
        "the caller asked dad to install some app on his laptop",
    ],
)
def test_unnamed_software_installed_for_a_caller_is_remote_access(text):
    assert "remote_access" in message_facts.situation(text)


def test_wanting_to_download_something_is_not_remote_access():
    assert "remote_access" not in message_facts.situation("my son wants to download something for his game")


# --- someone else's story -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,other",
    [
        ("a man rang my dad saying he was from his bank and he got dad to move 6000 pounds", True),
        ("my mum got a text from Royal Mail and she paid the £2 fee", True),
        ("my husband and I paid a deposit for a holiday let", False),
        ("I paid £400 for a puppy", False),
        ("my friend said it was a scam but I clicked it", False),
    ],
)
def test_someone_elses_story_is_told_apart(text, other):
    assert message_facts.told_for_someone_else([text]) is other


def test_a_relatives_story_is_named_back_without_you():
    text = "My mum got a call from her bank's fraud team and she transferred £3,000 to a safe account"
    messages, _ = run(ActionGiveAdvice(), tracker("threat_vishing", text=text))
    said = all_text(messages)
    assert "Because you said money was paid, start here:" in said
    assert "you have paid" not in said


def test_the_writers_own_story_still_says_you():
    messages, _ = run(
        ActionGiveAdvice(), tracker("threat_purchase_scam", text="I paid £450 for a puppy by bank transfer")
    )
    assert "Because you said you have paid, start here:" in all_text(messages)


def test_every_situation_has_wording_for_someone_elses_story(snapshot):
    data = yaml.safe_load((ROOT / "content" / "situations.yml").read_text(encoding="utf-8"))
    for key, entry in data["situations"].items():
        assert entry.get("said_other") and " you" not in f" {entry['said_other']}", key
        assert snapshot.situations[key].said_other == entry["said_other"]


# --- "that's too much text" -----------------------------------------------------------------------------------------
def test_too_much_text_gives_the_first_three_steps_of_the_topic(snapshot):
    topic = snapshot.topics["smishing"]
    messages, _ = run(ActionShorter(), tracker("ask_shorter", text="that's too much text", slots={"topic": "smishing"}))
    text = all_text(messages)
    numbered = [line for line in text.splitlines() if line[:2] in ("1.", "2.", "3.", "4.", "5.")]
    assert len(numbered) == min(replies.SHORT_STEPS, len(topic.do_now)) == 3
    assert numbered[0].startswith("1. Do not click any link")
    assert "999" in text
    full, _ = run(ActionGiveAdvice(), tracker("threat_smishing", text="I got a scam text"))
    assert len(text) < len(all_text(full)) / 2


def test_too_much_text_keeps_what_the_person_did_first(snapshot):
    trk = tracker("ask_shorter", text="too long", slots={"topic": "purchase_scam"})
    trk.events = [{"event": "user", "text": "I paid £300 for a puppy that never came"}]
    messages, _ = run(ActionShorter(), trk)
    assert "Call your bank now" in all_text(messages).split("\n")[1]


def test_too_much_text_with_no_topic_asks_for_a_few_words():
    messages, _ = run(ActionShorter(), tracker("ask_shorter", text="tl;dr"))
    text = all_text(messages)
    assert "999" in text and "few words" in text


# --- "is this the police?" ------------------------------------------------------------------------------------------
def test_is_this_the_police_is_answered_plainly():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    text = domain["responses"]["utter_bot_challenge"][0]["text"]
    assert "chatbot" in text and "not a police officer" in text and "Cyber Protect team" in text
    assert "999" in text and "101" in text
    examples = yaml.safe_load((ROOT / "data" / "nlu" / "conversation.yml").read_text(encoding="utf-8"))["nlu"]
    bot = next(e for e in examples if e.get("intent") == "bot_challenge")["examples"]
    assert "- is this the police?" in bot


# --- "hello?" in the middle of the triage ---------------------------------------------------------------------------
def test_hello_during_the_triage_asks_the_pending_question_again():
    rules = yaml.safe_load((ROOT / "data" / "rules" / "triage.yml").read_text(encoding="utf-8"))["rules"]
    rule = next(r for r in rules if r["rule"] == "hello during triage, then the pending question again")
    assert rule["condition"] == [{"active_loop": "triage_form"}]
    assert rule["steps"] == [
        {"intent": "greet"},
        {"action": "utter_still_here"},
        {"action": "triage_form"},
        {"active_loop": "triage_form"},
    ]


# --- "I replied to it" as a later message: the steps, and where the numbers are -----------------------------------
def test_if_you_mean_you_replied_says_where_the_numbers_are(snapshot):
    messages = replies.if_you_mean(
        snapshot.topics["smishing"], snapshot.routes, snapshot.situations, ("replied",), ("replied",)
    )
    text = all_text(messages)
    assert text.startswith("If you mean that you replied to it")
    assert replies.NUMBERS_NOTE in text  # the topic's steps say "shown below", and nothing is below


# --- a young person's own story on a topic written for adults ------------------------------------------------------
def test_a_young_persons_hacked_game_account_gets_young_peoples_routes():
    messages, events = run(
        ActionGiveAdvice(), tracker("threat_hacked_account", text="I'm 15 and someone hacked my fortnite account")
    )
    text = all_text(messages)
    assert "adult you trust" in messages[0]["text"] and "not your fault" in messages[0]["text"]
    routes = [line for line in text.splitlines() if line.startswith("• ")]
    assert routes[0].startswith("• The app or website's own") and routes[1].startswith("• Childline")
    assert not any("Cyber Protect team" in line for line in routes)  # talks for groups, not for a 15-year-old
    assert {"event": "slot", "timestamp": None, "name": "young_person", "value": True} in events


def test_an_adults_hacked_account_keeps_the_adult_routes():
    messages, _ = run(ActionGiveAdvice(), tracker("threat_hacked_account", text="someone hacked my facebook account"))
    text = all_text(messages)
    assert "Childline" not in text and "adult you trust" not in text


def test_a_young_writer_who_paid_still_gets_the_bank_before_anything_else():
    from cyberprotect.routing import RouteDecision, for_young_writer

    decisions = [
        RouteDecision("bank", "money_bank"),
        RouteDecision("stop_scams_159", "money_159"),
        RouteDecision("report_fraud", "report_fraud"),
        RouteDecision("platform_report", "platform_report"),
        RouteDecision("childline", "childline"),
        RouteDecision("local_cyber_protect", "local_cyber_protect"),
    ]
    assert [d.route for d in for_young_writer(decisions)] == [
        "bank",
        "stop_scams_159",
        "platform_report",
        "childline",
        "report_fraud",
    ]


# --- out of scope: can't help, what it can do, who can ---------------------------------------------------------------
def test_the_out_of_scope_reply_says_what_it_can_do_and_who_can_help(snapshot):
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    text = domain["responses"]["utter_out_of_scope"][0]["text"]
    assert text.startswith("Sorry, I can't help with that.")
    assert "online scams, fraud and staying safe online" in text
    for key in ("citizens_advice_consumer", "advice_direct_scotland", "consumerline_ni", "police_101"):
        assert snapshot.routes[key].phone in text, key
    assert "999" in text and "116 123" in text


def test_a_young_person_who_has_told_the_story_is_not_asked_to_tell_it(snapshot):
    messages, _ = run(
        ActionGiveAdvice(), tracker("threat_hacked_account", text="I'm 15 and someone hacked my fortnite account")
    )
    lead = messages[0]["text"]
    assert lead.startswith(snapshot.young_people.story_intro)
    assert "tell me what happened" not in lead.lower() and "Childline" in lead
