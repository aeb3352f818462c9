"""The insights dashboard reads what the running bot stores: a real conversation over the REST channel, then
the summary cache (insights/cache.py) on the bot's own SQLite tracker store. The routes offered reach the
store as bot-event metadata, and never the person."""

import uuid

from insights.cache import Cache


def test_a_real_conversation_shows_its_topic_routes_nation_and_redacted_fallback(bot, tmp_path):
    person = f"test-insights-{uuid.uuid4().hex[:8]}"
    replies = bot.say(person, "/threat_smishing").json()
    assert replies and all("insights" not in r for r in replies)  # the metadata is not sent to the person
    bot.say(person, '/inform_nation{"nation": "scotland"}')
    bot.say(person, "/ask_how_report")
    gibberish = [
        "qwpoeiruty zmxncbv 07700 900123",
        "blorp fnarg wibble 4111 1111 1111 1111",
        "asdf ghjk lkjh jo.bloggs@example.com",
    ]
    for text in gibberish:  # at least one of these is not understood (nlu_fallback or low confidence)
        bot.say(person, text)
    cache = Cache(f"sqlite:///{bot.tmp / 'tracker.db'}", str(tmp_path / "cache.db"))
    assert cache.refresh() > 0
    items = {(k, key) for k, key in cache.query("SELECT kind, key FROM item")}
    assert ("topic", "smishing") in items
    assert ("route", "forward_7726") in items and ("route", "police_scotland_101") in items
    assert ("nation", "scotland") in {(k, key) for k, key in cache.query("SELECT kind, key FROM rollup")}
    texts = " ".join(t for (t,) in cache.query("SELECT text FROM unrecognised"))
    assert "[phone number removed" in texts or "[card number removed]" in texts or "[email removed]" in texts, texts
    cache_bytes = b"".join(p.read_bytes() for p in tmp_path.glob("cache.db*"))
    for secret in (b"900123", b"4111 1111", b"jo.bloggs", person.encode()):
        assert secret not in cache_bytes  # neither the details nor the sender id are kept
