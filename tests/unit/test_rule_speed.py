"""startup/rule_speed.py: RulePolicy's rule look-up, remembered per conversation state, gives Rasa's own answers."""

import json

import pytest

from startup import rule_speed

RulePolicy = pytest.importorskip("rasa.core.policies.rule_policy").RulePolicy


def _rule(*states):
    return json.dumps(list(states), sort_keys=True)


LOOKUP = {
    _rule({}, {"user": {"intent": "greet"}, "prev_action": {"action_name": "action_listen"}}): "utter_greet",
    _rule({"user": {"intent": "report"}, "prev_action": {"action_name": "action_listen"}}): "action_report",
    _rule(
        {
            "user": {"intent": "report"},
            "prev_action": {"action_name": "action_listen"},
            "slots": {"nation": ("scotland",)},
        }
    ): "utter_police_scotland",
    _rule(
        {
            "user": {"intent": "report"},
            "prev_action": {"action_name": "action_listen"},
            "slots": {"nation": "should_not_be_set"},
        }
    ): "utter_ask_nation",
}
STATES = [
    [{}, {"user": {"intent": "greet"}, "prev_action": {"action_name": "action_listen"}}],
    [{"user": {"intent": "greet"}, "prev_action": {"action_name": "action_listen"}}],
    [{"user": {"intent": "report"}, "prev_action": {"action_name": "action_listen"}}],
    [
        {
            "user": {"intent": "report"},
            "prev_action": {"action_name": "action_listen"},
            "slots": {"nation": ("scotland",)},
        }
    ],
    [
        {"prev_action": {"action_name": "utter_greet"}, "user": {"intent": "greet"}},
        {
            "user": {"intent": "report"},
            "prev_action": {"action_name": "action_listen"},
            "slots": {"nation": ("wales",)},
        },
    ],
]


@pytest.fixture()
def policy(monkeypatch):
    rule_speed.install()
    calls = []
    original = rule_speed._replaced["RulePolicy._get_possible_keys"]

    def counted(self, lookup, states):
        calls.append(1)
        return original(self, lookup, states)

    monkeypatch.setitem(rule_speed._replaced, "RulePolicy._get_possible_keys", counted)
    p = RulePolicy.__new__(RulePolicy)  # the look-up uses no trained state beyond the rule table it is given
    p.calls = calls
    return p


def test_the_remembered_answer_is_rasas_own_for_every_state(policy):
    original = rule_speed._replaced["RulePolicy._get_possible_keys"]
    for states in STATES:
        expected = original(policy, LOOKUP, states)
        assert policy._get_possible_keys(LOOKUP, states) == expected
        assert policy._get_possible_keys(LOOKUP, states) == expected  # from memory
    assert len({frozenset(original(policy, LOOKUP, s)) for s in STATES}) > 2  # the states do tell rules apart


def test_a_state_seen_before_is_not_matched_against_the_rules_again(policy):
    first = policy._get_possible_keys(LOOKUP, STATES[2])
    first.clear()  # callers may change what they get
    again = policy._get_possible_keys(LOOKUP, [dict(s) for s in STATES[2]])
    assert len(policy.calls) == 1 and again
    policy._get_possible_keys({**LOOKUP}, STATES[2])  # another rule table: looked up on its own
    assert len(policy.calls) == 2


def test_the_memory_is_bounded(policy, monkeypatch):
    monkeypatch.setattr(rule_speed, "CACHE_SIZE", 2)
    for states in STATES:
        policy._get_possible_keys(LOOKUP, states)
    assert len(policy._cp_possible_keys) == 2


def test_the_server_installs_it():
    from startup import patches

    patches.apply()
    assert RulePolicy._get_possible_keys is rule_speed._get_possible_keys
