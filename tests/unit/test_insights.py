"""The insights dashboard's aggregation (insights/), on tracker stores built without a trained model: one
written by Rasa's own SQLTrackerStore, and synthetic ones (insights/synthetic.py) whose numbers are checked
against what the generator says it wrote."""

import asyncio
import datetime as dt
import json
from collections import Counter

import pytest
import yaml

from insights import figures
from insights.cache import EVENTS, Cache
from insights.redact import redact
from insights.synthetic import generate

END = dt.date(2026, 11, 30)


def _truth_totals(truth, start=None, end=None, channel=None):
    out = Counter()
    for r in truth["cells"]:
        if (start and r["day"] < start) or (end and r["day"] > end) or (channel and r["channel"] != channel):
            continue
        out[(r["kind"], r["key"], "c")] += r["conversations"]
        out[(r["kind"], r["key"], "t")] += r["total"]
    return out


def _cache_totals(cache, start="0000", end="9999", channel=None):
    sql = "SELECT kind, key, sum(conversations), sum(total) FROM rollup WHERE day BETWEEN ? AND ?"
    params = [start, end]
    if channel:
        sql += " AND channel = ?"
        params.append(channel)
    out = Counter()
    for kind, key, c, t in cache.query(sql + " GROUP BY kind, key", params):
        out[(kind, key, "c")] += c
        out[(kind, key, "t")] += t
    return out


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("insights")
    url = f"sqlite:///{tmp / 'tracker.db'}"
    truth = generate(url, 1500, days=60, seed=11, end=END)
    cache = Cache(url, str(tmp / "cache.db"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("INSIGHTS_KEEP_TEXT_DAYS", "90")  # the seed spans 60 days: every text is kept
        cache.refresh()
    return url, truth, cache, tmp


def test_the_events_table_is_rasas_sql_tracker_store_schema():
    from rasa.core.tracker_store import SQLTrackerStore

    rasa_table = SQLTrackerStore.SQLEvent.__table__
    assert rasa_table.name == EVENTS.name
    assert {c.name: type(c.type) for c in rasa_table.columns} == {c.name: type(c.type) for c in EVENTS.columns}


def test_synthetic_events_are_valid_rasa_events(seeded):
    from rasa.shared.core.events import Event

    url, _, _, _ = seeded
    import sqlalchemy as sa

    with sa.create_engine(url).connect() as db:
        rows = db.execute(sa.select(EVENTS).limit(400)).fetchall()
    kinds = set()
    for row in rows:
        data = json.loads(row.data)
        event = Event.from_parameters(data)
        assert event is not None and event.type_name == row.type_name
        kinds.add(row.type_name)
        again = event.as_dict()
        for key in ("text", "name", "value", "input_channel"):
            if key in data:
                assert again.get(key) == data[key], (key, data)
        if row.type_name == "user":
            assert row.intent_name == again["parse_data"]["intent"]["name"]
    assert {"user", "bot", "action", "slot", "session_started"} <= kinds


def test_every_count_matches_what_the_generator_wrote(seeded):
    _, truth, cache, _ = seeded
    expected, got = _truth_totals(truth), _cache_totals(cache)
    assert expected["all", "", "c"] > 1000  # empty and rehearsal sessions are left out of 1500
    assert {k: (expected[k], got[k]) for k in expected | got if expected[k] != got[k]} == {}
    assert cache.query("SELECT count(*) FROM unrecognised")[0][0] == len(truth["unrecognised"])


def test_period_and_channel_filters_match_the_generator(seeded):
    _, truth, cache, _ = seeded
    start, end = (END - dt.timedelta(days=20)).isoformat(), (END - dt.timedelta(days=6)).isoformat()
    expected = _truth_totals(truth, start, end, "whatsapp")
    period, notes = figures.parse_period(cache, start, end, "whatsapp")
    assert notes == [] and period.channel == "whatsapp"
    result = figures.compute(cache, period)
    fig = {f["id"]: f for f in result["figures"]}
    conv = expected["all", "", "c"]
    assert result["headline"]["conversations"] == figures.shown(conv) and conv >= 5
    per_day = {d: v for d, v in fig["conversations_per_day"]["rows"]}
    assert len(per_day) == 15
    day_truth = Counter()
    for r in truth["cells"]:
        if r["kind"] == "all" and r["channel"] == "whatsapp" and start <= r["day"] <= end:
            day_truth[r["day"]] += r["conversations"]
    assert per_day == {d: figures.shown(day_truth[d]) for d in per_day}
    nations = {r[0]: r[1] for r in fig["nation"]["rows"]}
    assert nations.get("Not said") == figures.shown(expected["nation", "unknown", "c"])
    handled = [r for r in fig["outcomes"]["rows"] if r[0].startswith("Handled")][0]
    assert handled[1] == figures.shown(expected["handled", "", "c"])
    assert handled[2] == figures.share(expected["handled", "", "c"], conv)


def test_figures_for_the_whole_period(seeded):
    _, truth, cache, _ = seeded
    expected = _truth_totals(truth)
    period, _ = figures.parse_period(cache, truth["first_day"], truth["last_day"], "all")
    fig = {f["id"]: f for f in figures.compute(cache, period)["figures"]}
    emergencies = {r[0]: r[1] for r in fig["emergency_replies"]["rows"]}
    assert emergencies["Danger to life"] == figures.shown(expected["emergency", "danger", "t"])
    routes = {r[0]: r[1] for r in fig["routes_offered"]["rows"]}
    assert routes["Report Fraud (formerly Action Fraud)"] == figures.shown(expected["route", "report_fraud", "c"])
    assert {r[0]: r[1] for r in fig["children"]["rows"]}["A young person themselves"] == figures.shown(
        expected["child", "young_person", "c"]
    )
    assert fig["checker"]["rows"][0][1] == figures.shown(expected["checker", "uses", "t"])
    topic_totals = {r[0]: r[-1] for r in fig["topics_per_week"]["rows"]}
    assert topic_totals["Scam text messages (smishing)"] == figures.shown(expected["topic", "smishing", "c"])
    # 2 Oct (a Friday) to 30 Nov 2026 (a Monday): weeks starting 28 Sep ... 30 Nov, 10 of them
    columns = fig["topics_per_week"]["columns"]
    assert len(columns) == 1 + 10 + 1 and columns[1] == "w/c 2026-09-28" and columns[-2] == "w/c 2026-11-30"
    for scenario, sessions, average in fig["rehearsal"]["rows"]:
        key = scenario.lower().replace(" ", "_")
        n = expected["rehearsal", key, "t"]
        assert sessions == figures.shown(n)
        assert average == (round(expected["rehearsal_score", key, "t"] / n, 1) if n >= 5 else None)


def test_reading_in_small_batches_and_later_additions_give_the_same_figures(seeded, monkeypatch, tmp_path):
    import shutil

    import insights.cache as cache_module

    _, truth, _, tmp = seeded
    shutil.copy(tmp / "tracker.db", tmp_path / "tracker.db")  # a copy: more conversations are added below
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    monkeypatch.setattr(cache_module, "BATCH", 777)  # conversations cut across batches
    cache = Cache(url, str(tmp_path / "small.db"))
    assert cache.refresh(max_batches=3) == 3 * 777  # part read: a page view in the middle of the first read
    cache.refresh()
    assert _cache_totals(cache) == _truth_totals(truth)
    more = generate(url, 300, days=10, seed=12, end=END)  # new conversations arrive: only they are read
    before = cache.status()["last_event_id"]
    assert 0 < cache.refresh() < 300 * 40
    assert int(cache.status()["last_event_id"]) > int(before)
    assert _cache_totals(cache) == _truth_totals(truth) + _truth_totals(more)


def test_a_tracker_written_by_rasas_own_store_is_read(tmp_path):
    """Rasa's SQLTrackerStore.save writes the rows: sessions split, routes from metadata, redacted text."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.slots import BooleanSlot, TextSlot
    from rasa.shared.core.trackers import DialogueStateTracker

    store = SQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(tmp_path / "rasa.db"))
    slots = [TextSlot(n, mappings=[{}]) for n in ("nation", "under_18", "topic")] + [
        BooleanSlot("young_person", mappings=[{}])
    ]
    t0 = dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.timezone.utc).timestamp()

    def user(text, intent, conf, channel="twilio", ts=0.0):
        parse = {
            "intent": {"name": intent, "confidence": conf},
            "entities": [],
            "intent_ranking": [{"name": intent, "confidence": conf}, {"name": "threat_smishing", "confidence": 0.2}],
        }
        return UserUttered(text, intent=parse["intent"], parse_data=parse, input_channel=channel, timestamp=t0 + ts)

    session = lambda ts: [
        ActionExecuted("action_session_start", timestamp=t0 + ts),  # noqa: E731
        SessionStarted(timestamp=t0 + ts),
        ActionExecuted("action_listen", timestamp=t0 + ts),
    ]
    first = session(0) + [
        user("they texted me from 07700 900123, card 4111 1111 1111 1111", "nlu_fallback", 0.3, ts=1),
        ActionExecuted("utter_default", timestamp=t0 + 2),
        ActionExecuted("action_suggest_topics", timestamp=t0 + 2),
        user("/threat_smishing", "threat_smishing", 1.0, ts=3),
        ActionExecuted("action_give_advice", timestamp=t0 + 4),
        BotUttered(
            "Where to report:", metadata={"insights": {"routes": ["report_fraud", "forward_7726"]}}, timestamp=t0 + 4
        ),
        SlotSet("topic", "smishing", timestamp=t0 + 4),
        SlotSet("nation", "wales", timestamp=t0 + 4),
    ]
    tracker = DialogueStateTracker.from_events("whatsapp:+447700900123", first, slots=slots)
    asyncio.run(store.save(tracker))
    second = session(7200) + [
        user("I want to rehearse", "rehearsal_start", 0.9, ts=7201),
        ActiveLoop("rehearsal_form", timestamp=t0 + 7202),
        user("blah blah officer words", "nlu_fallback", 0.2, ts=7203),
        BotUttered(
            "Feedback",
            metadata={"insights": {"rehearsal": {"scenario": "courier_fraud", "score": 75}}},
            timestamp=t0 + 7204,
        ),
    ]
    for e in second:
        tracker.update(e)
    asyncio.run(store.save(tracker))
    cache = Cache(f"sqlite:///{tmp_path / 'rasa.db'}", str(tmp_path / "cache.db"))
    cache.refresh()
    got = {(k, key): (c, t) for _, _, k, key, c, t in cache.query("SELECT * FROM rollup")}
    assert got[("all", "")] == (1, 2)  # the rehearsal session is not a public conversation
    assert got[("route", "report_fraud")] == (1, 1) and got[("route", "forward_7726")] == (1, 1)
    assert got[("nation", "wales")] == (1, 0) and got[("topic", "smishing")] == (1, 1)
    assert got[("fallback", "")] == (1, 1) and ("handled", "") not in got
    assert got[("rehearsal", "courier_fraud")] == (1, 1) and got[("rehearsal_score", "courier_fraud")] == (1, 75)
    assert cache.query("SELECT DISTINCT channel FROM rollup") == [("whatsapp",)]
    texts = [t for (t,) in cache.query("SELECT text FROM unrecognised")]
    assert texts == [
        "they texted me from [phone number removed: mobile], card [card number removed]"
    ]  # officer text not listed
    dump = open(tmp_path / "cache.db", "rb").read() + open(tmp_path / "cache.db-wal", "rb").read()
    assert b"447700900123" not in dump and b"4111" not in dump and b"900123" not in dump


def test_the_metadata_the_actions_send_reaches_the_stored_bot_event_but_not_the_person():
    """rasa_sdk's utter_message(insights=...) -> Rasa's RemoteAction -> BotUttered.metadata; the REST
    channel's output has no trace of it."""
    from rasa.core.actions.action import RemoteAction
    from rasa.core.channels.channel import CollectingOutputChannel

    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    dispatcher.utter_message(text="Where to report:", buttons=[], insights={"routes": ["report_fraud"]})
    channel = CollectingOutputChannel()
    events = asyncio.run(RemoteAction._utter_responses(dispatcher.messages, channel, None, None))
    assert events[0].metadata == {"insights": {"routes": ["report_fraud"]}}
    asyncio.run(channel.send_response("x", events[0].message()))
    assert channel.messages and "insights" not in json.dumps(channel.messages)


@pytest.mark.parametrize(
    "text,gone,kept",
    [
        ("mail me at jo.bloggs+x@example.co.uk please", "jo.bloggs", "please"),
        ("they called from +44 7700 900123 yesterday", "900123", "yesterday"),
        ("ring 020 7946 0018", "7946", "ring"),
        ("card 4111-1111-1111-1111 exp 12/27", "1111", "card"),
        ("sort code 12-34-56 account 12345678", "12345678", "sort code"),
        ("I live at SW1A 1AA", "SW1A", "I live at"),
        ("see https://evil.example/pay?x=1", "evil.example", "see"),
    ],
)
def test_redaction_removes_contact_and_card_details(text, gone, kept):
    out = redact(text)
    assert gone not in out and kept in out


def test_small_counts_are_never_shown():
    assert [figures.shown(n) for n in (0, 1, 4, 5, 17)] == [0, None, None, 5, 17]
    assert figures.share(3, 100) is None and figures.share(10, 4) is None and figures.share(10, 40) == 25.0


def test_csv_and_labelling_yaml(seeded):
    _, truth, cache, _ = seeded
    period, _ = figures.parse_period(cache, truth["first_day"], truth["last_day"], "all")
    result = figures.compute(cache, period)
    text = figures.to_csv(result)
    assert text.splitlines()[0] == "period,channel,figure,row,column,value"
    assert "fewer than 5" in text  # rehearsal scenarios and small weekly topic counts
    conv = _truth_totals(truth)["all", "", "c"]
    assert f"Handled share and fallback rate,Conversations,Count,{conv}" in text
    items = figures.unrecognised(cache, period, 500)["rows"]
    data = yaml.safe_load(figures.to_labelling_yaml(items, period))
    assert data["version"] == "3.1" and len(data["nlu"]) == len(items) > 100
    assert all(e["intent"] is None and e["examples"].startswith("- ") for e in data["nlu"])
    joined = " ".join(e["examples"] for e in data["nlu"])
    assert "@example.com" not in joined and "07700" not in joined and "4929 1234" not in joined
    assert "[email removed]" in joined and "[phone number removed" in joined and "[card number removed]" in joined
    assert "<b>hello</b>" in joined  # kept as text: it is escaped where shown, never rendered


def test_bad_period_input_gets_a_note_not_an_error(seeded):
    _, _, cache, _ = seeded
    period, notes = figures.parse_period(cache, "yesterday", "2026-11-01", "<script>")
    assert period.channel == "all" and len(notes) == 2
    period, notes = figures.parse_period(cache, "2026-11-20", "2026-11-01", None)
    assert period.start < period.end and notes


def test_redacted_texts_are_kept_only_for_the_set_number_of_days(seeded, monkeypatch, tmp_path):
    url, truth, _, _ = seeded
    monkeypatch.setenv("INSIGHTS_KEEP_TEXT_DAYS", "10")
    cache = Cache(url, str(tmp_path / "short.db"))
    cache.refresh()
    days = [d for (d,) in cache.query("SELECT day FROM unrecognised")]
    assert days and min(days) >= (END - dt.timedelta(days=10)).isoformat()
    recent = [u for u in truth["unrecognised"] if u["day"] >= (END - dt.timedelta(days=9)).isoformat()]
    assert len(days) >= len(recent) > 0
    assert _cache_totals(cache) == _truth_totals(truth)  # the counts stay


@pytest.mark.parametrize(
    "channel,sender,name",
    [
        ("twilio", "whatsapp:+447700900123", "whatsapp"),
        ("twilio", "+447700900123", "sms"),
        ("twilio", "tw:3f2a9c", "sms"),
        ("twilio", "wa:3f2a9c", "whatsapp"),
        ("twilio", "x9", "twilio"),
        ("socketio", "web:abc", "website"),
        ("telegram", "tg:1", "telegram"),
        (None, "x", "unknown"),
    ],
)
def test_channel_names(channel, sender, name):
    from insights.events import channel_name

    assert channel_name(channel, sender) == name


def test_texts_are_kept_no_longer_than_the_conversations_by_default(monkeypatch):
    from insights.cache import keep_text_days

    monkeypatch.delenv("INSIGHTS_KEEP_TEXT_DAYS", raising=False)
    monkeypatch.delenv("RETENTION_DAYS", raising=False)
    assert keep_text_days() == 30
    monkeypatch.setenv("RETENTION_DAYS", "14")
    assert keep_text_days() == 14
    monkeypatch.setenv("INSIGHTS_KEEP_TEXT_DAYS", "7")
    assert keep_text_days() == 7


def test_the_scam_checkers_action_is_counted_with_its_signs_and_nothing_of_the_message():
    """actions/checker_actions.py -> Rasa's RemoteAction -> the stored bot event -> insights: one check, its
    sign keys, its routes; asking without pasting anything is not a check."""
    from rasa.core.actions.action import RemoteAction
    from rasa_sdk.executor import CollectingDispatcher

    from actions.checker_actions import ActionCheckMessage
    from insights.events import Folder, Row
    from tests.unit.action_helpers import tracker

    scam = "Royal Mail: your parcel is held, pay a £1.45 fee within 24 hours at http://royalmail-redeliver.info"
    rows, next_id = [], 1
    for text in ("can you check a text for me", scam):
        dispatcher = CollectingDispatcher()
        ActionCheckMessage().run(dispatcher, tracker("check_message", text=text), {})
        for event in asyncio.run(RemoteAction._utter_responses(dispatcher.messages, None, None, None)):
            rows.append(Row(next_id, "web:x", "bot", 1.0, None, None, json.dumps(event.as_dict())))
            next_id += 1
    folder = Folder(lambda sender: None, redact)
    folder.apply_all([Row(0, "web:x", "session_started", 1.0, None, None, "{}")] + rows)
    conv = folder.open["web:x"]
    signs = {key for (kind, key) in conv.items if kind == "sign"}
    assert conv.items[("checker", "uses")] == 1 and conv.advice
    assert {"urgency", "small_fee"} <= signs, signs
    assert ("route", "forward_7726") in conv.items
    assert "royalmail-redeliver" not in repr(conv) and not folder.unrecognised


def test_handovers_are_counted_with_their_reason_and_outcome_and_nothing_of_the_message(monkeypatch):
    """actions/handover/ -> Rasa's RemoteAction -> the stored bot event -> insights (issue 27): asking for a person
    with no live chat ("asked:no_live_chat") and a distress nudge when the team is on ("distress:nudged") are each
    counted once per conversation, and the conversation counts as one with a handover."""
    import datetime as _dt

    from rasa.core.actions.action import RemoteAction
    from rasa_sdk.executor import CollectingDispatcher

    from actions.handover import actions as handover
    from insights.events import Folder, Row
    from tests.unit.action_helpers import tracker

    class Live:
        live = True

        def load(self):
            return 1, 0  # one agent free, no open chats

    rows, next_id = [], 1

    def run(action_run, intent, text):
        nonlocal next_id
        dispatcher = CollectingDispatcher()
        action_run(dispatcher, tracker(intent, text=text))
        for event in asyncio.run(RemoteAction._utter_responses(dispatcher.messages, None, None, None)):
            rows.append(Row(next_id, "web:h", "bot", 1.0, None, None, json.dumps(event.as_dict())))
            next_id += 1

    monkeypatch.setattr(handover, "provider_from_env", lambda: None)
    run(lambda d, t: handover.ActionOfferPerson().run(d, t, {}), "human_handoff", "can I talk to a person, I'm Jo")
    run(lambda d, t: handover.ActionOfferPerson().run(d, t, {}), "human_handoff", "a person please")
    monkeypatch.setattr(handover, "provider_from_env", lambda: Live())
    monkeypatch.setattr(handover, "now", lambda: _dt.datetime(2026, 12, 1, 10, 0, tzinfo=_dt.timezone.utc))
    run(lambda d, t: handover.nudge(d, t), "distress", "I feel so stupid")
    folder = Folder(lambda sender: None, redact)
    folder.apply_all([Row(0, "web:h", "session_started", 1.0, None, None, "{}")] + rows)
    conv = folder.open["web:h"]
    assert conv.handover
    reasons = {key: n for (kind, key), n in conv.items.items() if kind == "handover"}
    assert reasons == {"asked:no_live_chat": 1, "distress:nudged": 1}, reasons
    assert "Jo" not in repr(conv)
