"""Rasa NLU component that turns any message showing danger into the intent of its emergency type (or distress).

It runs in the Rasa server's NLU pipeline (after the intent classifier, before the fallback classifier), so
emergencies are recognised even when the action server is down; rules in data/rules/emergency.yml then answer with
the domain's reply for that type. The patterns and types come from content/safeguarding.yml via
components.safeguarding_rules. With no pattern, the classifier's emergency confidence still counts (see
get_default_config); whatever intent_ranking the pipeline's classifier gives is used, and its emergency intents
are mapped to types (an intent with no type of its own, like emergency_crime_in_progress, gets the generic reply).
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.safeguarding_rules import SafeguardingRules
from components.stateless import INTENT_RANKING, StatelessComponent

GENERIC_INTENT = "emergency_generic"

SAFEGUARDING = "safeguarding"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SafeguardingClassifier(StatelessComponent):
    """Overrides the predicted intent with emergency_<kind> when a safeguarding pattern matches."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # classifier_min_confidence: when no pattern matches, the classifier's confidences for the four
        # emergency intents are added up (a message split between "danger" and "crime in progress" is still an
        # emergency). At or above this total the most likely emergency intent is chosen; below it an emergency
        # top intent is demoted to the next intent, and if that one is weak too the fallback reply (which always
        # gives 999 and 101) answers. Measured on tests/safeguarding/ by scripts/safeguarding_report.py.
        # classifier_min_type_share: a classifier-only emergency keeps its type when its intent has at least this
        # share of the emergency confidence and has a reply of its own; otherwise the generic 999 reply answers
        # (a wrong type's script is worse than the short generic one).
        return {"patterns_file": None, "classifier_min_confidence": 0.85, "classifier_min_type_share": 0.6}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._min_confidence = float(config.get("classifier_min_confidence", 0.85))
        path = config.get("patterns_file")
        self._rules = SafeguardingRules.from_file(path) if path else SafeguardingRules.from_file()
        self._min_type_share = float(config.get("classifier_min_type_share", 0.6))
        self._typed_intents = {cfg["intent"] for name, cfg in self._rules.types.items()
                               if name not in ("generic", "distress")}

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            detection = self._rules.detect(message.get(TEXT) or "")
            if detection is None:
                self._decide_without_pattern(message)
                continue
            classifier_intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            override = {INTENT_NAME_KEY: detection.intent, PREDICTED_CONFIDENCE_KEY: 1.0}
            # The override is the decision: other intents are kept for inspection with confidence 0, so the
            # fallback classifier's ambiguity check cannot turn an emergency back into "please rephrase".
            ranking: Optional[List[Dict[Text, Any]]] = message.get(INTENT_RANKING)
            others = [{INTENT_NAME_KEY: r.get(INTENT_NAME_KEY), PREDICTED_CONFIDENCE_KEY: 0.0}
                      for r in (ranking or []) if r.get(INTENT_NAME_KEY) != detection.intent]
            message.set(INTENT, override, add_to_output=True)
            message.set(INTENT_RANKING, [override] + others, add_to_output=True)
            message.set(SAFEGUARDING, {"kind": detection.kind, "classifier_intent": classifier_intent},
                        add_to_output=True)
        return messages

    def _decide_without_pattern(self, message: Message) -> None:
        ranking: List[Dict[Text, Any]] = message.get(INTENT_RANKING) or []
        emergencies = [r for r in ranking if (r.get(INTENT_NAME_KEY) or "").startswith("emergency_")]
        others = [r for r in ranking if r not in emergencies]
        mass = sum(float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0) for r in emergencies)
        if emergencies and mass >= self._min_confidence:
            top = max(emergencies, key=lambda r: float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0))
            name = top.get(INTENT_NAME_KEY)
            share = float(top.get(PREDICTED_CONFIDENCE_KEY) or 0.0) / mass if mass else 0.0
            if name not in self._typed_intents or share < self._min_type_share:
                name = GENERIC_INTENT
            best = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: mass}
            # The other emergency intents are part of `mass` (kept at confidence 0): left at their own scores, a
            # renamed intent (emergency_crime_in_progress 0.98 -> emergency_generic 0.99) would sit 0.01 below the
            # decision and the fallback classifier's ambiguity check would answer "please rephrase" instead.
            rest = [{INTENT_NAME_KEY: r.get(INTENT_NAME_KEY), PREDICTED_CONFIDENCE_KEY: 0.0}
                    for r in emergencies if r.get(INTENT_NAME_KEY) != name] + [dict(r) for r in others]
            rest.sort(key=lambda r: -float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0))
            message.set(INTENT, best, add_to_output=True)
            message.set(INTENT_RANKING, [best] + rest, add_to_output=True)
            return
        intent = message.get(INTENT) or {}
        if not (intent.get(INTENT_NAME_KEY) or "").startswith("emergency_") or not others:
            return
        message.set(INTENT, dict(others[0]), add_to_output=True)
        message.set(INTENT_RANKING, others + emergencies, add_to_output=True)
