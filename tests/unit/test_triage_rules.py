"""A story told during the triage gets the advice and ends the triage (issue 18): the rule that does it must
know every topic the advice rule knows, or a new topic's story would leave the triage asking again."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _rule(path, name):
    rules = yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))["rules"]
    return next(r for r in rules if r["rule"] == name)


def _intents(rule):
    return {list(step.values())[0] for step in rule["steps"][0]["or"]}


def test_a_story_during_triage_ends_the_triage_for_every_topic():
    advice = _rule("data/rules/advice.yml", "advice for the threat the user describes")
    during = _rule("data/rules/triage.yml", "a story told during triage gets the advice and ends the triage")
    assert _intents(during) == _intents(advice)
    assert during["condition"] == [{"active_loop": "triage_form"}]
    assert during["steps"][1:] == [
        {"action": "action_give_advice"},
        {"action": "action_deactivate_loop"},
        {"active_loop": None},
    ]
