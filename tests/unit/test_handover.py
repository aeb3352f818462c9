"""Talk to a person (issue 27): the summary the agent sees, the actions in and out of hours (fake clock, fake
provider), the numbers for each nation, the nudges, and the Chatwoot webhook reader."""

import datetime as dt
import hashlib
import hmac

import pytest

from tests.unit.action_helpers import all_text, run, slot, titles
from actions.handover import actions as handover
from cyberprotect.handover.providers import HandoverError, provider_from_env
from cyberprotect.handover.summary import build
from cyberprotect.routing import contact_routes
from channels.handover import read_event, speaker, valid_signature
from rasa_sdk import Tracker

IN_HOURS = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.timezone.utc)  # Tuesday 10:00 GMT
OUT_OF_HOURS = dt.datetime(2026, 12, 1, 20, 0, tzinfo=dt.timezone.utc)
BANK_HOLIDAY = dt.datetime(2026, 12, 28, 10, 0, tzinfo=dt.timezone.utc)


class FakeProvider:
    name = "fake"

    def __init__(self, free=1, open_chats=0, fail=False):
        self.free, self.open_chats, self.fail = free, open_chats, fail
        self.started, self.relayed = [], []

    def load(self):
        if self.fail:
            raise HandoverError("down")
        return self.free, self.open_chats

    def start(self, ref, summary):
        if self.fail:
            raise HandoverError("down")
        self.started.append((ref, summary))
        return {"provider": "fake", "conversation_id": 7}

    def relay(self, session, text):
        if self.fail:
            raise HandoverError("down")
        self.relayed.append((session["conversation_id"], text))


@pytest.fixture
def clock(monkeypatch):
    def set_to(when):
        monkeypatch.setattr(handover, "now", lambda: when)

    set_to(IN_HOURS)
    return set_to


@pytest.fixture
def provider(monkeypatch):
    fake = FakeProvider()
    monkeypatch.setattr(handover, "provider_from_env", lambda: fake)
    return fake


def make_tracker(intent="human_handoff", text="can I speak to a person", slots=None, events=None):
    message = {"intent": {"name": intent, "confidence": 0.9}, "text": text, "entities": []}
    return Tracker("web:abc", slots or {}, message, events or [], False, None, {}, "action_listen")


def user(text, intent):
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}


# --- the summary -------------------------------------------------------------------------------------------

STORY = [
    user("I bought a puppy online and paid £400 by bank transfer, it never came", "threat_purchase_scam"),
    {"event": "bot", "text": "...", "metadata": {"insights": {"routes": ["bank", "stop_scams_159", "report_fraud"]}}},
    user("/ask_how_report", "ask_how_report"),
    user(
        "they have my card 4111 1111 1111 1111 and code 123456, call me on 07700 900123 or jo@example.com",
        "already_paid",
    ),
    {"event": "action", "name": "utter_distress_support"},
]


def test_summary_has_topic_nation_facts_routes_and_the_story_redacted():
    text = build(
        STORY,
        {"nation": "scotland", "money_lost": "yes", "under_18": "no"},
        "asked",
        "Online shopping scams",
        {"bank": "Your bank", "stop_scams_159": "Stop Scams UK (159)", "report_fraud": "Report Fraud"},
    ).text()
    assert "Topic: Online shopping scams" in text
    assert "Nation: Scotland" in text
    assert "lost money or gave bank/card details: yes" in text and "under 18 involved: no" in text
    assert "said they already paid or gave details" in text
    assert "Routes already shown: Your bank, Stop Scams UK (159), Report Fraud" in text
    assert "paid £400 by bank transfer" in text  # their own words: no need to retell
    assert "distress support" in text
    for secret in ("4111", "123456", "07700", "900123", "jo@example.com"):
        assert secret not in text, secret
    assert "[card number removed]" in text and "/ask_how_report" not in text


def test_summary_with_nothing_known_says_so():
    text = build([], {}, "fallback", None, {}).text()
    assert "Topic: not known" in text and "Nation: not known" in text and "did not understand twice" in text


# --- numbers for each nation (route engine) ---------------------------------------------------------------


@pytest.mark.parametrize(
    "nation, must, never",
    [
        ("england", ["police_101", "report_fraud", "victim_support", "samaritans"], ["police_scotland_101"]),
        ("scotland", ["police_scotland_101", "victim_support_scotland", "samaritans"], ["report_fraud", "police_101"]),
        ("northern_ireland", ["psni_101", "report_fraud", "victim_support_ni", "samaritans"], ["police_101"]),
        (None, ["police_101", "report_fraud", "police_scotland_101", "samaritans"], []),
    ],
)
def test_contact_routes_fit_the_nation(nation, must, never):
    keys = [d.route for d in contact_routes(nation)]
    assert all(k in keys for k in must) and not any(k in keys for k in never), keys


# --- asking for a person ----------------------------------------------------------------------------------


def test_in_hours_with_someone_free_the_bot_offers_the_team(clock, provider):
    messages, events = run(handover.ActionOfferPerson(), make_tracker())
    assert "are working now" in all_text(messages) and "won't have to tell your story again" in all_text(messages)
    assert titles(messages) == ["Yes, put me through", "No, thanks"]
    assert slot(events, "handover") == {"offered": "asked"}
    assert provider.started == []  # nothing is created until the person says yes


@pytest.mark.parametrize("when", [OUT_OF_HOURS, BANK_HOLIDAY])
def test_out_of_hours_says_so_and_gives_the_numbers_for_scotland(clock, provider, when):
    clock(when)
    messages, events = run(handover.ActionOfferPerson(), make_tracker(slots={"nation": "scotland"}))
    text = all_text(messages)
    assert "can chat right now" in text and "Monday to Thursday 9am to 5pm" in text
    assert "Police Scotland" in text and "Samaritans" in text and "116 123" in text and "999" in text
    assert "Report Fraud" not in text
    assert slot(events, "handover") is None
    assert messages[0]["insights"]["handover"] == {"reason": "asked", "outcome": "closed"}


def test_everyone_busy_says_so(clock, provider):
    provider.free, provider.open_chats = 1, 2
    messages, _ = run(handover.ActionOfferPerson(), make_tracker(slots={"nation": "england"}))
    assert "helping someone else" in all_text(messages) and "Report Fraud" in all_text(messages)


def test_no_provider_configured_gives_the_numbers_and_never_errors(clock, monkeypatch):
    monkeypatch.setattr(handover, "provider_from_env", lambda: None)
    messages, events = run(handover.ActionOfferPerson(), make_tracker())
    assert "can't pass you to a person" in all_text(messages) and "101" in all_text(messages)
    assert slot(events, "handover") is None


def test_provider_down_during_the_check_gives_the_numbers(clock, provider):
    provider.fail = True
    messages, _ = run(handover.ActionOfferPerson(), make_tracker())
    assert "couldn't reach" in all_text(messages) and "Samaritans" in all_text(messages)


def test_no_provider_unless_every_chatwoot_variable_is_set():
    env = {
        "HANDOVER_PROVIDER": "chatwoot",
        "CHATWOOT_URL": "http://127.0.0.1:9",
        "CHATWOOT_ACCOUNT_ID": "1",
        "CHATWOOT_INBOX_ID": "2",
        "CHATWOOT_API_TOKEN": "t",
    }
    assert provider_from_env(env) is not None
    assert provider_from_env({**env, "CHATWOOT_API_TOKEN": ""}) is None
    assert provider_from_env({**env, "HANDOVER_PROVIDER": ""}) is None
    assert provider_from_env({**env, "CHATWOOT_INBOX_ID": "two"}) is None


# --- starting and relaying ---------------------------------------------------------------------------------


def test_yes_starts_the_handover_with_the_summary(clock, provider):
    trk = make_tracker("affirm", "yes", slots={"handover": {"offered": "asked"}, "nation": "wales"}, events=STORY)
    messages, events = run(handover.ActionHandoverStart(), trk)
    assert "You're now talking to the Cyber Protect team" in all_text(messages) and "999" in all_text(messages)
    assert slot(events, "handover_active") is True
    assert slot(events, "handover")["conversation_id"] == 7
    ref, summary = provider.started[0]
    assert ref == "web:abc" and "Nation: Wales" in summary and "4111" not in summary


def test_yes_without_an_offer_offers_first(clock, provider):
    messages, events = run(handover.ActionHandoverStart(), make_tracker("affirm", "yes"))
    assert "Would you like that?" in all_text(messages)
    assert slot(events, "handover_active") is False and provider.started == []


def test_yes_after_the_team_closed_gives_the_numbers(clock, provider):
    clock(OUT_OF_HOURS)
    messages, events = run(
        handover.ActionHandoverStart(), make_tracker("affirm", "yes", slots={"handover": {"offered": "asked"}})
    )
    assert "can chat right now" in all_text(messages) and slot(events, "handover_active") is False


def test_start_failure_gives_the_numbers(clock, provider, monkeypatch):
    monkeypatch.setattr(provider, "start", lambda ref, summary: (_ for _ in ()).throw(HandoverError("x")))
    messages, events = run(
        handover.ActionHandoverStart(), make_tracker("affirm", "yes", slots={"handover": {"offered": "asked"}})
    )
    assert "couldn't reach" in all_text(messages) and slot(events, "handover_active") is False


def validate(text, provider_slots):
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    trk = make_tracker("inform", text, slots=provider_slots)
    result = handover.ValidateHandoverForm().validate_handover_input(text, dispatcher, trk, {})
    return dispatcher.messages, result


def test_messages_during_a_handover_are_relayed_redacted_and_the_bot_stays_quiet(provider):
    messages, result = validate("my card is 4111 1111 1111 1111", {"handover": {"conversation_id": 7}})
    assert messages == [] and result == {"handover_input": None}
    assert provider.relayed == [(7, "my card is [card number removed]")]


def test_relay_failure_ends_the_handover_with_the_numbers(provider):
    provider.fail = True
    messages, result = validate("hello?", {"handover": {"conversation_id": 7, "reason": "asked"}})
    assert result == {"handover_input": "ended"} and "couldn't reach" in all_text(messages)


def test_an_emergency_during_a_handover_is_relayed_after_the_emergency_reply(provider):
    trk = make_tracker("emergency_self_harm", "I want to end it all", slots={"handover": {"conversation_id": 7}})
    messages, events = run(handover.ActionAskHandoverInput(), trk)
    assert messages == [] and events == [] and provider.relayed == [(7, "I want to end it all")]
    provider.relayed.clear()
    run(handover.ActionAskHandoverInput(), make_tracker("affirm", "yes", slots={"handover": {"conversation_id": 7}}))
    assert provider.relayed == []  # the form starting after "yes" relays nothing


# --- nudges: second fallback in a row, distress, a topic the force listed ----------------------------------


def test_first_fallback_says_nothing_second_in_a_row_offers(clock, provider):
    one = [user("blah", "nlu_fallback")]
    from rasa_sdk.executor import CollectingDispatcher

    d = CollectingDispatcher()
    handover.nudge(d, make_tracker("nlu_fallback", "blah", events=one))
    assert d.messages == []
    d = CollectingDispatcher()
    handover.nudge(d, make_tracker("nlu_fallback", "blah", events=[user("x", "nlu_fallback")] + one))
    assert titles(d.messages) == ["Talk to a person"]
    assert d.messages[0]["buttons"][0]["payload"] == "/human_handoff"


def test_second_fallback_out_of_hours_gives_the_numbers(clock, provider):
    from rasa_sdk.executor import CollectingDispatcher

    clock(OUT_OF_HOURS)
    d = CollectingDispatcher()
    handover.nudge(d, make_tracker("nlu_fallback", "x", events=[user("x", "nlu_fallback"), user("y", "nlu_fallback")]))
    assert "101" in all_text(d.messages)


@pytest.mark.parametrize(
    "intent, topic, offered",
    [
        ("distress", "purchase_scam", True),
        ("threat_website_attack", "website_attack", True),
        ("threat_smishing", "smishing", False),
    ],
)
def test_distress_and_listed_topics_get_a_nudge_in_hours(clock, provider, intent, topic, offered):
    from rasa_sdk.executor import CollectingDispatcher

    d = CollectingDispatcher()
    handover.nudge(d, make_tracker(intent, "..."), topic)
    assert bool(d.messages) == offered


def test_distress_before_any_topic_offers_a_person_after_the_support_reply(clock, provider):
    from actions.advice_actions import ActionGiveAdvice

    messages, _ = run(ActionGiveAdvice(), make_tracker("distress", "I feel awful, I can't cope with this"))
    assert titles(messages)[-1:] == ["Talk to a person"]
    messages, _ = run(ActionGiveAdvice(), make_tracker("greet", "hello"))
    assert "Talk to a person" not in titles(messages)


def test_distress_out_of_hours_adds_nothing(clock, provider):
    from rasa_sdk.executor import CollectingDispatcher

    clock(OUT_OF_HOURS)
    d = CollectingDispatcher()
    handover.nudge(d, make_tracker("distress", "..."), "purchase_scam")
    assert d.messages == []


# --- Chatwoot webhooks (channels/handover.py) --------------------------------------------------------------


def agent_message(**changes):
    body = {
        "event": "message_created",
        "message_type": "outgoing",
        "private": False,
        "content": "Hello, I'm Sam.",
        "sender": {"id": 1, "name": "Sam Jones", "type": "user"},
        "conversation": {"id": 7, "additional_attributes": {"cyberprotect_ref": "web:abc"}},
    }
    return {**body, **changes}


def test_agent_replies_are_read_private_notes_and_incoming_messages_are_not():
    assert read_event(agent_message())["kind"] == "agent_message"
    assert read_event(agent_message(private=True)) is None
    assert read_event(agent_message(message_type="incoming")) is None  # the person's own, relayed
    assert read_event(agent_message(conversation={"id": 7})) is None  # not a bot conversation
    resolved = {
        "event": "conversation_status_changed",
        "status": "resolved",
        "id": 7,
        "additional_attributes": {"cyberprotect_ref": "web:abc"},
    }
    assert read_event(resolved) == {"kind": "resolved", "ref": "web:abc", "conversation_id": 7}
    assert read_event({**resolved, "status": "open"}) is None
    assert read_event(["not", "a", "dict"]) is None


def test_who_is_speaking():
    assert speaker({"name": "Sam Jones"}, "the Cyber Protect team") == "Sam (the Cyber Protect team)"
    assert speaker({}, "the Cyber Protect team") == "The Cyber Protect team"


def test_webhook_signature():
    body = b'{"event":"message_created"}'
    sig = "sha256=" + hmac.new(b"s3cret", b"1700000000." + body, hashlib.sha256).hexdigest()
    assert valid_signature("s3cret", "1700000000", body, sig, now=1700000100)
    assert not valid_signature("s3cret", "1700000000", body, sig, now=1700001000)  # too old
    assert not valid_signature("other", "1700000000", body, sig, now=1700000100)
    assert not valid_signature("s3cret", "1700000000", body + b" ", sig, now=1700000100)


@pytest.mark.parametrize("channel, live", [("socketio", True), ("telegram", True), ("twilio", True), ("rest", False)])
def test_live_chat_only_where_the_agents_replies_can_reach_the_person(clock, provider, monkeypatch, channel, live):
    monkeypatch.delenv("HANDOVER_CHANNELS", raising=False)
    trk = make_tracker(
        events=[
            {
                "event": "user",
                "text": "can I speak to a person",
                "input_channel": channel,
                "parse_data": {"intent": {"name": "human_handoff"}},
            }
        ]
    )
    messages, _ = run(handover.ActionOfferPerson(), trk)
    assert ("Would you like that?" in all_text(messages)) == live
    assert ("can't pass you to a person" in all_text(messages)) == (not live)


def test_the_dashboard_counts_why_a_person_came_up_and_what_happened():
    import json

    from insights.events import Folder, Row

    folder = Folder(lambda sender: None, lambda text: text)
    meta = {"insights": {"handover": {"reason": "fallback", "outcome": "closed"}, "routes": ["police_101"]}}
    folder.apply(
        Row(
            1,
            "web:x",
            "user",
            1764756000.0,
            "nlu_fallback",
            None,
            json.dumps(
                {
                    "event": "user",
                    "text": "??",
                    "input_channel": "socketio",
                    "parse_data": {"intent": {"name": "nlu_fallback", "confidence": 0.1}},
                }
            ),
        )
    )
    folder.apply(Row(2, "web:x", "bot", 1764756001.0, None, None, json.dumps({"event": "bot", "metadata": meta})))
    conv = folder.open["web:x"]
    assert conv.handover is True and conv.items[("handover", "fallback:closed")] == 1
