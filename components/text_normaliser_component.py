"""Rasa NLU component that normalises the message text before anything else in the pipeline sees it.

First in config.yml's pipeline, so tokenizers, featurizers, classifiers and the safeguarding component all read
the same plain text ("ｋｉｌｌ myself" -> "kill myself", "k\u200bill" -> "kill", "kms" -> "kill myself"). The
normalisation itself is components/text_normaliser.py (pure). Training examples are normalised the same way,
except examples with entity annotations whose text would change (their character offsets would no longer fit).
"""

from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.stateless import StatelessComponent
from components.text_normaliser import normalise_text


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class TextNormaliser(StatelessComponent):
    """Replaces the message text with its normalised form (components.text_normaliser.normalise_text)."""

    @staticmethod
    def _normalise(message: Message, keep_if_entities: bool) -> None:
        text = message.get(TEXT)
        if not isinstance(text, str) or not text:
            return
        normalised = normalise_text(text)
        if normalised == text or (keep_if_entities and message.get(ENTITIES)):
            return
        message.set(TEXT, normalised)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            self._normalise(example, keep_if_entities=True)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._normalise(message, keep_if_entities=False)
        return messages
