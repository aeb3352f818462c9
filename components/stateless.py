"""The shared frame of the project's NLU components that learn nothing and save nothing (the text normaliser, the
scam checker's detector, the safeguarding override): Rasa builds them from their config alone, and training data
passes through them unchanged unless a component says otherwise."""

from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData

INTENT_RANKING = "intent_ranking"


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
