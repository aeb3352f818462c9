"""The shared frame of the project's NLU components that learn nothing and save nothing (the text normaliser, the
scam checker's detector, the safeguarding override): Rasa builds them from their config alone, and training data
passes through them unchanged unless a component says otherwise."""

from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

INTENT_RANKING = "intent_ranking"
OTHERS_CAP = 0.9  # the other intents stay in the ranking under a decided one, at most this sure


def decide_intent(message: Message, name: Text) -> None:
    """Make `name` the message's intent at confidence 1.0, as a component that is sure of it (the scam checker's
    detector, the other-language detector). The other intents stay in the ranking capped at OTHERS_CAP, so the
    safeguarding component can still see a message that shows danger and override it, and the fallback's
    ambiguity check (top two within 0.05) does not undo the decision."""
    ranking = [
        dict(r, **{PREDICTED_CONFIDENCE_KEY: min(float(r.get(PREDICTED_CONFIDENCE_KEY) or 0), OTHERS_CAP)})
        for r in (message.get(INTENT_RANKING) or [])
        if r.get(INTENT_NAME_KEY) != name
    ]
    decided = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: 1.0}
    message.set(INTENT, decided, add_to_output=True)
    message.set(INTENT_RANKING, [decided] + ranking, add_to_output=True)


class StatelessComponent(GraphComponent):
    """Built from its config (the defaults below, overridden by config.yml); nothing to train or persist."""

    def __init__(self, config: Optional[Dict[Text, Any]] = None) -> None:
        self._config = {**self.get_default_config(), **(config or {})}

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
