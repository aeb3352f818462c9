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
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from cyberprotect.checker.detect import looks_pasted
from components.stateless import StatelessComponent, decide_intent

CHECK_INTENT = "check_message"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CheckerDetector(StatelessComponent):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            # also when the classifier's own top intent is check_message but unsure (0.41 for a pasted bank text
            # with a premium number, under the fallback threshold): the detector's decision is the sure one
            if not looks_pasted(message.get(TEXT) or ""):
                continue
            decide_intent(message, CHECK_INTENT)
        return messages
