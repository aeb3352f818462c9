"""Rasa NLU component: the fallback classifier, with a lower bar for a long story whose best reading is a topic.

A real message is often a story of 40+ words (issue 18): the topic words are spread among feelings, times and
names, so the classifier's top score is lower than for a short question even when the top topic is right.
Rasa's FallbackClassifier turned a quarter of real messages into "Sorry, I didn't understand" although the
right topic was the best guess. This subclass keeps Rasa's rule (threshold, ambiguity) for short messages, and
for a message of at least `story_min_words` words whose top intent is a threat topic (threat_*) accepts it from
`story_threshold` up. Such an answer is tentative: the advice action says "It sounds like …" and offers the next
readings as buttons (actions/advice_actions.py, TENTATIVE_BELOW). `story_intents` adds non-threat answers (a
parent's long question about keeping a child safe), and a long story whose top intent is out_of_scope gets the
out-of-scope reply from `story_out_of_scope_threshold`. Chosen on the development part of tests/real/ (see
tests/real/README.md); the out-of-scope lists keep their gate.

A story's feelings and closing question often score above its topic ("I feel sick ... what should I do?": distress
0.15, sim swap 0.12). In a long message whose top intent is under the threshold and is one of `story_yield_intents`
(feelings and follow-up questions, none of them an emergency or out_of_scope), the best topic reading becomes the
intent when it reaches `story_threshold` and only yielding intents rank above it; it is then answered tentatively
like any story topic, and the question it asked is answered after the advice (cyberprotect/questions.py).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

TOPIC_PREFIX = "threat_"
OUT_OF_SCOPE = "out_of_scope"


def word_count(text: str) -> int:
    return len((text or "").split())


def is_story_topic(
    intent: Dict[Text, Any],
    text: str,
    min_words: int,
    threshold: float,
    also: Sequence[str] = (),
    out_of_scope_threshold: float = 1.01,
) -> bool:
    """True when a long message's top intent is a topic (threat_* or one of `also`) with at least `threshold`
    confidence, or out_of_scope with at least `out_of_scope_threshold` (pure rule)."""
    name = intent.get(INTENT_NAME_KEY) or ""
    confidence = float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
    if word_count(text) < min_words:
        return False
    if name == OUT_OF_SCOPE:
        return confidence >= out_of_scope_threshold
    return (name.startswith(TOPIC_PREFIX) or name in also) and confidence >= threshold


# Feelings and follow-up questions that a story's topic outranks when the top reading is unsure (story_yield_intents).
YIELD_INTENTS = (
    "distress",
    "no_report",
    "dont_know",
    "ask_what_now",
    "ask_how_report",
    "ask_protect",
    "ask_money_back",
    "already_paid",
    "report_something",
    "ask_which_number",
)


def topic_under_feelings(
    intent: Dict[Text, Any],
    ranking: Sequence[Dict[Text, Any]],
    text: str,
    min_words: int,
    threshold: float,
    fallback_threshold: float,
    yielding: Sequence[str] = YIELD_INTENTS,
    also: Sequence[str] = (),
) -> Optional[Dict[Text, Any]]:
    """The ranking entry of the topic a long message tells, when its top intent is an unsure feeling or follow-up
    question (`yielding`, under `fallback_threshold`) and the best topic (threat_* or one of `also`) reaches
    `threshold` with only yielding intents above it; else None (pure rule)."""
    name = intent.get(INTENT_NAME_KEY) or ""
    if word_count(text) < min_words or name not in yielding:
        return None
    if float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0) >= fallback_threshold:
        return None
    for item in ranking:
        other = item.get(INTENT_NAME_KEY) or ""
        if other.startswith(TOPIC_PREFIX) or other in also:
            return item if float(item.get(PREDICTED_CONFIDENCE_KEY) or 0.0) >= threshold else None
        if other not in yielding:
            return None  # out_of_scope, an emergency or a greeting ranks above any topic: Rasa's rule decides
    return None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class StoryAwareFallbackClassifier(FallbackClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # story_intents: intents besides threat_* a long message may be answered with from story_threshold (e.g.
        # ask_talk: a parent's long question about keeping a child safe). story_out_of_scope_threshold: a long
        # message whose top intent is out_of_scope gets the out-of-scope reply from this confidence (above 1: never).
        # story_yield_intents: unsure feelings and follow-up questions a long message's topic outranks ([]: none).
        return {
            **FallbackClassifier.get_default_config(),
            "story_min_words": 15,
            "story_threshold": 0.2,
            "story_intents": [],
            "story_out_of_scope_threshold": 1.01,
            "story_yield_intents": list(YIELD_INTENTS),
        }

    def process(self, messages: List[Message]) -> List[Message]:
        config = self.component_config
        for message in messages:
            topic = topic_under_feelings(
                message.data.get(INTENT) or {},
                message.data.get(INTENT_RANKING_KEY) or [],
                message.get(TEXT) or "",
                int(config["story_min_words"]),
                float(config["story_threshold"]),
                float(config["threshold"]),
                list(config.get("story_yield_intents") or []),
                list(config.get("story_intents") or []),
            )
            if topic is not None:  # the topic becomes the reading; the ranking keeps its order after it
                ranking = message.data.get(INTENT_RANKING_KEY) or []
                message.data[INTENT] = dict(topic)
                message.data[INTENT_RANKING_KEY] = [topic] + [r for r in ranking if r is not topic]
        return super().process(messages)

    def _should_fallback(self, message: Message) -> bool:
        if not message.data.get(INTENT):  # empty or blank text: no classifier scored it, so "please rephrase"
            return True
        config = self.component_config
        if is_story_topic(
            message.data.get(INTENT) or {},
            message.get(TEXT) or "",
            int(config["story_min_words"]),
            float(config["story_threshold"]),
            list(config.get("story_intents") or []),
            float(config.get("story_out_of_scope_threshold", 1.01)),
        ):
            return False
        return super()._should_fallback(message)
