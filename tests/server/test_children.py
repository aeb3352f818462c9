"""Parents, carers and young people through the real bot (REST channel, real NLU, real action server):
the TALK walk-through with age tips, app settings, and every child-at-risk message in tests/children/."""

import uuid

import pytest
import yaml

from tests.conftest import ROOT

CASES = yaml.safe_load((ROOT / "tests" / "children" / "child_at_risk.yml").read_text())["messages"]

# What each kind of answer must (and must not) contain. Route names and numbers come from routes.yml.
EXPECT = {
    "emergency": (["If a child is in danger right now, call 999 now"], []),
    "grooming": (["CEOP", "Childline"], ["Revenge Porn Helpline"]),
    "sextortion": (["CEOP", "Report Remove", "Do not pay"], ["Revenge Porn Helpline", "StopNCII"]),
    "bullying": (["Childline", "Block"], ["CEOP Safety Centre"]),
    "flashing": (["CEOP", "Childline"], []),
}


def texts(bot, sender, message):
    return "\n".join(bot.reply_texts(sender, message))


def problems(reply, expect, young):
    """What is wrong with `reply` as an answer of kind `expect` (empty: it is right)."""
    must, must_not = EXPECT[expect]
    found = [f"missing {p!r}" for p in must if p.lower() not in reply.lower()]
    found += [f"should not say {p!r}" for p in must_not if p.lower() in reply.lower()]
    if expect == "grooming" and not young:
        found += [f"missing {p!r}" for p in ("never view, copy", "not their fault") if p not in reply.lower()]
    if young and "not your fault" not in reply.lower():
        found.append("missing 'not your fault' (young person's wording)")
    return found


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:50] for c in CASES])
def test_every_child_at_risk_message_reaches_the_right_steps_and_routes(bot, case):
    response = bot.say(f"child-{uuid.uuid4().hex[:8]}", case["text"]).json()
    reply = "\n".join(m.get("text") or "" for m in response)
    expects = case["expect"] if isinstance(case["expect"], list) else [case["expect"]]
    results = {e: problems(reply, e, case.get("young")) for e in expects}
    assert any(not p for p in results.values()), (case["text"], results, reply)
    if expects == ["emergency"]:  # 999 first, then one tap to the child protection steps
        assert "/threat_child_grooming" in [b["payload"] for m in response for b in m.get("buttons") or []]


def test_a_parent_goes_through_all_four_talk_steps_with_age_tips(bot):
    sender = f"talk-{uuid.uuid4().hex[:8]}"
    first = texts(bot, sender, "how do I keep my 10 year old safe online?")
    assert "Talk to your child about online sexual abuse" in first and "Step 1 of 4" in first
    more = texts(bot, sender, "/talk_more")
    assert "tips for children aged 8 to 12" in more  # the age in the first message was remembered
    for word in ("Agree", "Learn", "Know"):
        step = texts(bot, sender, "/talk_next")
        assert f"is for {word}" in step, step
    done = texts(bot, sender, "/talk_next")
    assert "all four TALK steps" in done


def test_age_buttons_tailor_the_tips(bot):
    sender = f"talk-{uuid.uuid4().hex[:8]}"
    texts(bot, sender, "what is TALK?")
    ask = bot.say(sender, "/talk_more").json()
    payloads = [b["payload"] for m in ask for b in m.get("buttons") or []]
    teen = next(p for p in payloads if "13_to_17" in p)
    assert "tips for children aged 13 to 17" in texts(bot, sender, teen)


def test_app_settings_for_a_named_game_with_the_childs_age(bot):
    reply = texts(bot, f"app-{uuid.uuid4().hex[:8]}", "how do I keep my 10-year-old safe on Roblox?")
    assert "Keeping your child safe on Roblox" in reply and "Parental Controls" in reply


def test_the_bot_says_not_to_send_images(bot):
    reply = texts(bot, f"img-{uuid.uuid4().hex[:8]}", "can I send you a screenshot of what he sent her?")
    assert "Please don't send me any pictures" in reply
