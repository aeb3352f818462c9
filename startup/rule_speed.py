"""Rasa's RulePolicy, cheaper per message (issue 22): the same rules give the same answers, looked up once per state.

py-spy on the Rasa server at saturation (3 Dec 2026, evening, load ~4): 21 % of its busy samples were in
RulePolicy, 15.5 % in `_get_possible_keys`, which tests every memorised rule against the conversation's last states
on every prediction (several a message). Its result depends only on the rule table and those states, and the
states repeat: the same intent after the same action with the same slots set. `install()` (called by
startup/patches.py) remembers the answer for the last CACHE_SIZE distinct (rule table, states) pairs per policy.
The rule table is fixed once the model is loaded; a new model is a new policy object with its own memory.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any, Dict, List, Set

CACHE_SIZE = 4096
_replaced: Dict[str, Any] = {}


def _states_key(lookup: Dict[str, str], states: List[Dict[str, Any]]) -> str:
    # tuples (entities, slot values) come out as lists: conversation states hold no lists of their own
    return f"{id(lookup)}:{len(lookup)}:" + json.dumps(states, sort_keys=True, default=repr)


def _get_possible_keys(self, lookup: Dict[str, str], states: List[Dict[str, Any]]) -> Set[str]:
    """RulePolicy._get_possible_keys, remembered per (rule table, states); a copy, so callers may change it."""
    cache = self.__dict__.get("_cp_possible_keys")
    if cache is None:
        cache = self.__dict__["_cp_possible_keys"] = OrderedDict()
    key = _states_key(lookup, states)
    found = cache.get(key)
    if found is None:
        found = frozenset(_replaced["RulePolicy._get_possible_keys"](self, lookup, states))
        cache[key] = found
        if len(cache) > CACHE_SIZE:
            cache.popitem(last=False)
    else:
        cache.move_to_end(key)
    return set(found)


def install() -> None:
    from rasa.core.policies.rule_policy import RulePolicy

    if "RulePolicy._get_possible_keys" in _replaced:
        return
    _replaced["RulePolicy._get_possible_keys"] = RulePolicy._get_possible_keys
    RulePolicy._get_possible_keys = _get_possible_keys
