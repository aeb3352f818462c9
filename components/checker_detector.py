"""Rasa NLU component that sends a pasted message to the "Is this a scam?" checker (issue 23).

A pasted scam text ("Royal Mail: your parcel is held, pay £1.99 at …") is full of topic words, so the intent
classifier would answer it as a topic guess. This component, after the classifiers and before the
safeguarding override, asks the pure detector cyberprotect/checker/detect.py whether the message looks pasted
(a link or number alone, email headers, a quoted message, "is this a scam?" with a message in the sender's
voice) and, if so, makes the intent check_message. The other intents stay in the ranking with their
confidence capped at 0.9, so the safeguarding component can still see a message that shows danger and
override it, and the fallback classifier's ambiguity check (top two within 0.05) does not undo the decision. Measured by
tests/unit/test_checker_detect.py (corpus caught; topic training examples left alone).
"""

from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from cyberprotect.checker.detect import looks_pasted
from components.stateless import INTENT_RANKING, StatelessComponent

CHECK_INTENT = "check_message"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CheckerDetector(StatelessComponent):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            # also when the classifier's own top intent is check_message but unsure (0.41 for a pasted bank text
            # with a premium number, under the fallback threshold): the detector's decision is the sure one
            if not looks_pasted(message.get(TEXT) or ""):
                continue
            ranking = [
                dict(r, **{PREDICTED_CONFIDENCE_KEY: min(float(r.get(PREDICTED_CONFIDENCE_KEY) or 0), 0.9)})
                for r in (message.get(INTENT_RANKING) or [])
                if r.get(INTENT_NAME_KEY) != CHECK_INTENT
            ]
            decided = {INTENT_NAME_KEY: CHECK_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
            message.set(INTENT, decided, add_to_output=True)
            message.set(INTENT_RANKING, [decided] + ranking, add_to_output=True)
        return messages
