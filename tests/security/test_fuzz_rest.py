"""Property-based fuzzing (hypothesis) of the REST channel of a real bot: FUZZ_EXAMPLES (5,000) random and
adversarial requests — odd JSON shapes, Unicode of every kind, control characters, markup, intent injection
("/restart", "/inform{...}"), template and format strings, long digit runs, near-limit sizes — must give 0 server
errors (no 5xx, no dropped connection), and the server must still answer normally afterwards. Prints the figures."""

import collections
import json
import os
import time

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES") or 5000)
ADVERSARIAL = [
    "/restart",
    "/session_start",
    '/inform{"nation":"scotland"}',
    '/threat_smishing{"topic":"sextortion"}',
    "/action_rehearsal_end",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "%s%s%s%n",
    "'; DROP TABLE events; --",
    "\x00\x01\x02\x1b[31m",
    "\u202egnp.exe",
    "\ud83d\ude00" * 50,
    "age 50 " * 280,
    "4539 1488 0343 6467",
    "password is " + "x" * 1900,
    "a" * 1999,
    "a" * 2001,
    "\n" * 500,
    "I want to kill myself",
    "k\u200bill myself",
    "ｋｉｌｌ",
    "my son is 14 and someone sent him pictures",
    "\\u0000",
    "null",
    "[]",
    "{}",
    " ",
    "",
    "\t\r\n",
    "🏴\u200d☠️",
    "ṭ̴̛̗h̸͇̿ḯ̵̩s̷̥͠",
    "1" * 1999,
]
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=50))
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
texts = st.one_of(
    st.text(max_size=300),
    st.sampled_from(ADVERSARIAL),
    st.builds(lambda a, b: a + b, st.sampled_from(ADVERSARIAL), st.text(max_size=100)),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), min_size=1, max_size=60),
)
senders = st.one_of(
    st.text(min_size=1, max_size=40),
    st.sampled_from(["+447700900123", "whatsapp:+447700900123", "tw:abc", "web:abc", "default", "x" * 129]),
    json_values,
)
bodies = st.one_of(
    st.builds(lambda s, t: {"sender": s, "message": t}, senders, texts),
    st.builds(
        lambda s, t, m: {"sender": s, "message": t, "metadata": m, "input_channel": "twilio"},
        senders,
        texts,
        json_values,
    ),
    json_values,
)
raw = st.one_of(
    st.binary(max_size=200),
    st.sampled_from([b"{", b'{"sender": "a", "message": "\\ud800"}', b'{"sender": "a"' + b" " * 70000 + b"}"]),
)

seen = collections.Counter()


def post(session, url, body=None, data=None):
    try:
        if data is not None:
            r = session.post(url, data=data, headers={"Content-Type": "application/json"}, timeout=60)
        else:
            r = session.post(url, data=json.dumps(body), headers={"Content-Type": "application/json"}, timeout=60)
    except requests.RequestException as e:
        seen["connection error"] += 1
        raise AssertionError(f"request failed: {type(e).__name__}") from None
    seen[r.status_code] += 1
    assert r.status_code < 500, (r.status_code, r.text[:200])
    return r


def test_fuzz_the_rest_channel_gives_no_server_errors(sbot):
    url = f"{sbot.url}/webhooks/rest/webhook"
    session = requests.Session()
    start = time.perf_counter()

    @settings(
        max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(st.one_of(bodies.map(lambda b: ("json", b)), raw.map(lambda r: ("raw", r))))
    def one(request):
        kind, value = request
        if kind == "json":
            post(session, url, body=value)
        else:
            post(session, url, data=value)

    one()
    elapsed = time.perf_counter() - start
    total = sum(seen.values())
    print(
        f"\nfuzz: {total} requests in {elapsed:.0f} s; status counts {dict(sorted(seen.items(), key=str))}; "
        f"server errors {sum(v for k, v in seen.items() if not isinstance(k, int) or k >= 500)}"
    )
    assert total >= EXAMPLES
    assert sbot.reply_texts("after-fuzz", "I got a text from Royal Mail asking me to pay a fee")  # still answers
