"""Rasa NLU component: the fallback classifier, with a lower bar for a long story whose best reading is a topic.

A real message is often a story of 40+ words (issue 18): the topic words are spread among feelings, times and
names, so the classifier's top score is lower than for a short question even when the top topic is right.
Rasa's FallbackClassifier turned a quarter of real messages into "Sorry, I didn't understand" although the
right topic was the best guess. This subclass keeps Rasa's rule (threshold, ambiguity) for short messages, and
for a message of at least `story_min_words` words whose top intent is a threat topic (threat_*) accepts it from
`story_threshold` up. Such an answer is tentative: the advice action says "It sounds like …" and offers the next
readings as buttons (actions/advice_actions.py, TENTATIVE_BELOW). Chosen on the development part of
tests/real/ (see tests/real/README.md); the out-of-scope lists keep their gate.
"""
from __future__ import annotations

from typing import Any, Dict, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

TOPIC_PREFIX = "threat_"


def word_count(text: str) -> int:
    return len((text or "").split())


def is_story_topic(intent: Dict[Text, Any], text: str, min_words: int, threshold: float) -> bool:
    """True when a long message's top intent is a topic with at least `threshold` confidence (pure rule)."""
    name = intent.get(INTENT_NAME_KEY) or ""
    confidence = float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
    return name.startswith(TOPIC_PREFIX) and word_count(text) >= min_words and confidence >= threshold


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class StoryAwareFallbackClassifier(FallbackClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**FallbackClassifier.get_default_config(), "story_min_words": 15, "story_threshold": 0.2}

    def _should_fallback(self, message: Message) -> bool:
        if not message.data.get(INTENT):  # empty or blank text: no classifier scored it, so "please rephrase"
            return True
        config = self.component_config
        if is_story_topic(message.data.get(INTENT) or {}, message.get(TEXT) or "",
                          int(config["story_min_words"]), float(config["story_threshold"])):
            return False
        return super()._should_fallback(message)
