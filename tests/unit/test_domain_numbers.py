"""Fixed safety text in domain.yml may only use numbers that the content store also holds (one source of truth)."""

import re

import yaml

from cyberprotect.content_store import default_store
from tests.conftest import ROOT


def test_every_number_in_domain_responses_is_a_known_route_number():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    snapshot = default_store().current()
    known = {r.phone for r in snapshot.routes.values() if r.phone} | {
        r.text for r in snapshot.routes.values() if r.text
    }
    emergency = snapshot.routes["emergency_999"]
    described = emergency.for_ + " " + (emergency.tell or "")  # text relay, 112 and "press 55" are described there
    known |= {n for n in ("18000", "112", "55") if n in described}
    for name, variants in domain["responses"].items():
        for v in variants:
            for number in re.findall(r"\b\d[\d ]{1,12}\d\b", v.get("text", "")):
                number = number.strip()
                if re.fullmatch(r"\d{1,2}|20\d\d", number):
                    continue
                assert number in known, f"{name}: number '{number}' is not in content/routes/routes.yml"


def test_emergency_responses_do_not_depend_on_actions():
    rules = yaml.safe_load((ROOT / "data" / "rules" / "emergency.yml").read_text())["rules"]
    for rule in rules:
        actions = [s["action"] for s in rule["steps"] if "action" in s]
        if rule["steps"][0]["intent"].startswith("emergency_"):
            # every reply is a domain response; the only action server step, the advice for a long story
            # (issue 18), comes after all of them, so the replies are given even with the action server down
            replies = [a for a in actions if a != "action_advice_after_emergency"]
            assert replies and all(a.startswith("utter_") for a in replies), rule["rule"]
            assert actions[: len(replies)] == replies, rule["rule"]
            if rule["steps"][0]["intent"] == "emergency_self_harm":
                assert actions == replies, rule["rule"]  # the Samaritans reply stands on its own
        else:  # distress: the support reply first (a domain response), then the advice from the action server
            assert actions and actions[0].startswith("utter_"), rule["rule"]


def test_the_replies_a_missed_emergency_can_land_on_give_999_and_samaritans():
    # A missed emergency mostly gets the fallback reply or, since the out-of-scope examples grew (2 Dec 2026), the
    # out-of-scope reply. Both must carry 999 and Samaritans and come first in their rules as domain responses, so
    # they reach the person with the action server down.
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    for name in ("utter_default", "utter_out_of_scope"):
        for variant in domain["responses"][name]:
            assert "999" in variant["text"] and "116 123" in variant["text"], name
    rules = yaml.safe_load((ROOT / "data" / "rules" / "conversation.yml").read_text())["rules"]
    for intent, reply in (("nlu_fallback", "utter_default"), ("out_of_scope", "utter_out_of_scope")):
        steps = next(r["steps"] for r in rules if r["steps"][0].get("intent") == intent and "condition" not in r)
        assert steps[1].get("action") == reply, intent


def test_the_child_danger_reply_also_speaks_to_a_child_who_writes_about_themselves():
    # "im 13 and a man says if i dont send more pics he will show my dad" reaches this reply: the child typing it
    # must be told who to tell and where to call, not only an adult to "keep the child with a safe adult".
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    text = domain["responses"]["utter_emergency_child_danger"][0]["text"]
    assert "999" in text and "under 18" in text and "0800 1111" in text and "not your fault" in text
