"""Rasa NLU component that answers a message clearly written in another language with the `other_language`
intent (a domain response, so it works with the action server down): the bot reads English only, and a Welsh or
Polish message about a scam used to get the out-of-scope reply. The pure decision is cyberprotect/language.py.
It runs after the checker detector (a pasted message is the checker's) and before the safeguarding component,
which can still override it with an emergency; the other intents stay in the ranking, capped at 0.9."""

from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from components.stateless import StatelessComponent, decide_intent
from cyberprotect.checker.detect import looks_pasted
from cyberprotect.language import INTENT as OTHER_LANGUAGE_INTENT
from cyberprotect.language import other_language


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class OtherLanguageDetector(StatelessComponent):
    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/") or looks_pasted(text):
                continue
            language = other_language(text)
            if language is None:
                continue
            decide_intent(message, OTHER_LANGUAGE_INTENT)
            message.set("language", language, add_to_output=True)
        return messages
