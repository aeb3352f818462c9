"""The emergency embedding classifier (components/emergency_embedding.py) and how the safeguarding component combines
it with the patterns and the intent classifier (issue 19). The combination is tested with given probabilities, so
these tests need no model."""

from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.message import Message

from components.emergency_embedding import (
    EMERGENCY_EMBEDDING,
    list_examples,
    top_emergency,
    training_examples,
)
from components.safeguarding import SafeguardingClassifier
from scripts.safeguarding_report import LISTS

ROOT = Path(__file__).resolve().parents[2]
ON = {"embedding_sure": 0.95, "embedding_classifier_floor": 0.05, "embedding_type_share": 0.9}


def configured_lists():
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    (component,) = [c for c in pipeline if c["name"].endswith("EmergencyEmbeddingClassifier")]
    return component["training_lists"]


def test_trained_only_on_tuning_lists():
    """Development 8, the hold-outs and the sealed lists measure the bot: never training data for this model."""
    tuning = {f"tests/safeguarding/{f}" for _label, files, role in LISTS if role == "tuning" for f in files}
    named = configured_lists()
    assert named and set(named) <= tuning, sorted(set(named) - tuning)
    assert not any("sealed" in n or Path(n).name.startswith(("dev", "holdout3", "holdout4")) for n in named)


def test_list_items_keep_their_expected_type():
    items = list_examples(configured_lists(), ROOT)
    kinds = {c for _, c in items}
    assert {"danger", "crime_at_door", "crime_remote", "child_danger", "self_harm", "none", "distress"} <= kinds
    assert len(items) > 1000


def test_nlu_examples_map_to_classes_and_crime_without_a_type_is_left_out():
    got = training_examples(
        [
            ("he says he'll kill me", "emergency_danger"),
            ("the courier is on his way", "emergency_crime_in_progress"),
            ("i feel so stupid", "distress"),
            ("what is phishing", "ask_phishing"),
        ],
        [("a man at the door for my card", "crime_at_door")],
    )
    assert [c for _, c in got] == ["danger", "distress", "none", "crime_at_door"]


def test_top_emergency_is_the_type_and_its_share():
    name, share = top_emergency({"self_harm": 0.6, "danger": 0.2, "none": 0.2})
    assert name == "self_harm" and share == pytest.approx(0.75)
    assert top_emergency({"none": 1.0}) == (None, 0.0)


def message(text, ranking, embedding):
    m = Message(data={"text": text})
    m.set("intent", dict(ranking[0]))
    m.set("intent_ranking", [dict(r) for r in ranking])
    m.set(EMERGENCY_EMBEDDING, embedding)
    return m


def run(m, **config):
    SafeguardingClassifier({**SafeguardingClassifier.get_default_config(), **config}).process([m])
    return m.get("intent")["name"]


UNSURE = [
    {"name": "out_of_scope", "confidence": 0.5},
    {"name": "emergency_self_harm", "confidence": 0.1},
    {"name": "greet", "confidence": 0.4},
]


def test_embeddings_alone_add_an_emergency_only_when_very_sure():
    sure = {"self_harm": 0.97, "none": 0.03}
    assert run(message("planning it for the weekend once the cat is rehomed", UNSURE, sure), **ON) == (
        "emergency_self_harm"
    )
    unsure = {"self_harm": 0.9, "none": 0.1}
    assert run(message("planning it for the weekend once the cat is rehomed", UNSURE, unsure), **ON) == "out_of_scope"
    # off by default: a model trained before this setting existed behaves as before
    assert run(message("planning it for the weekend once the cat is rehomed", UNSURE, sure)) == "out_of_scope"


def test_embeddings_alone_need_the_classifier_to_see_some_emergency():
    nothing = [{"name": "out_of_scope", "confidence": 0.6}, {"name": "greet", "confidence": 0.4}]
    assert run(message("words", nothing, {"danger": 0.99, "none": 0.01}), **ON) == "out_of_scope"


def test_embeddings_alone_respect_the_context_rules():
    """A past story gets no 999 script, whoever sees the danger."""
    text = "last year a man rang saying he was from my bank and I moved my savings"
    assert run(message(text, UNSURE, {"crime_remote": 0.97, "none": 0.03}), **ON) == "out_of_scope"


def test_unsure_type_gets_the_generic_reply():
    split = {"self_harm": 0.5, "danger": 0.45, "none": 0.05}
    assert run(message("words no pattern knows", UNSURE, split), **ON) == "emergency_generic"


def test_embeddings_settle_the_classifiers_fraud_type_when_the_door_cues_agree():
    ranking = [{"name": "emergency_crime_in_progress", "confidence": 0.9}, {"name": "greet", "confidence": 0.1}]
    door = {"crime_at_door": 0.95, "none": 0.05}
    text = "a man at my nan's door saying he's from the police and needs her cards"
    assert run(message(text, ranking, door), **ON) == "emergency_crime_at_door"
    assert run(message(text, ranking, {}), **ON) == "emergency_generic"  # no embeddings: the generic reply as before
    # the door cues say remote: the generic reply, never a guess
    text = "a so-called police officer says my nan must read him her card numbers today"
    assert SafeguardingClassifier(ON)._rules.detect(text) is None
    assert run(message(text, ranking, door), **ON) == "emergency_generic"


def test_embeddings_that_agree_with_a_pattern_settle_a_classifier_disagreement():
    text = "someone is threatening to kill me"  # a danger pattern
    ranking = [
        {"name": "emergency_danger", "confidence": 0.5},
        {"name": "emergency_self_harm", "confidence": 0.45},
        {"name": "greet", "confidence": 0.05},
    ]
    config = {**ON, "classifier_disagrees": 0.4}
    assert run(message(text, ranking, {"danger": 0.95, "none": 0.05}), **config) == "emergency_danger"
    assert run(message(text, ranking, {"self_harm": 0.95, "none": 0.05}), **config) == "emergency_generic"


def test_embeddings_alone_never_answer_a_joke():
    """ "i'll die if i eat another kebab lol": the embeddings see self-harm words, the laugh says otherwise."""
    text = "my mate keeps saying ill die if i eat another kebab lol"
    assert run(message(text, UNSURE, {"self_harm": 0.99, "none": 0.01}), **ON) == "out_of_scope"


class _Encoder:
    max_tokens, chunks = 128, True

    def __init__(self):
        self.calls = 0

    def encode(self, texts):
        import numpy as np

        self.calls += 1
        return np.ones((len(texts), 384), dtype="float32")


def test_a_vector_is_reused_only_for_the_same_text_and_encoder_settings():
    import numpy as np

    from components.emergency_embedding import SENTENCE_VECTOR, message_vector

    encoder = _Encoder()
    m = Message(data={"text": "a long story"})
    m.set(SENTENCE_VECTOR, ("a long story", np.zeros(384, dtype="float32"), "minilm-int8:128:chunks"))
    assert message_vector(m, encoder).sum() == 0 and encoder.calls == 0  # the intent classifier's vector
    m.set(SENTENCE_VECTOR, ("a long story", np.zeros(384, dtype="float32"), "minilm-int8:128"))
    assert message_vector(m, encoder).sum() == 384 and encoder.calls == 1  # other settings: embedded again


def test_embeddings_alone_need_a_live_cue_in_a_story_with_a_past_date():
    """A harassment story ("over six months ago ... continues to text me ... coming to my home") is not danger now."""
    text = (
        "I separated from my ex-partner over six months ago. He continues to text me and comes to my home. "
        "Is there anything I can do to stop this harassment?"
    )
    assert run(message(text, UNSURE, {"danger": 0.97, "none": 0.03}), **ON) == "out_of_scope"
    live = "words no pattern knows, right now"
    assert run(message(live, UNSURE, {"danger": 0.97, "none": 0.03}), **ON) == "emergency_danger"


class _Counted:
    """Probabilities computed on demand, counting how often (components.emergency_embedding.LazyProbabilities)."""

    def __init__(self, probs):
        self.probs, self.calls = probs, 0

    def lazy(self):
        from components.emergency_embedding import LazyProbabilities

        def compute():
            self.calls += 1
            return dict(self.probs)

        return LazyProbabilities(compute)


def test_lazy_probabilities_are_computed_once_and_only_when_read():
    counted = _Counted({"danger": 0.7, "none": 0.3})
    lazy = counted.lazy()
    assert counted.calls == 0 and not lazy.computed
    assert lazy.get("danger") == 0.7 and dict(lazy) == {"danger": 0.7, "none": 0.3} and bool(lazy)
    assert counted.calls == 1 and lazy.computed


def test_the_embedding_is_not_computed_when_no_rule_can_use_it():
    """Issue 22: no pattern and the intent classifier below embedding_classifier_floor: no rule reads the embedding,
    so the message is not embedded; the decision is the one eager embedding gives."""
    nothing = [{"name": "out_of_scope", "confidence": 0.98}, {"name": "emergency_danger", "confidence": 0.02}]
    counted = _Counted({"danger": 0.99, "none": 0.01})
    assert run(message("words", nothing, counted.lazy()), **ON) == "out_of_scope"
    assert counted.calls == 0
    assert run(message("words", nothing, dict(counted.probs)), **ON) == "out_of_scope"  # eager: the same decision
    # the same message when the intent classifier sees some emergency: the embedding is read and decides
    counted = _Counted({"danger": 0.99, "none": 0.01})
    assert run(message("words no pattern knows, right now", UNSURE, counted.lazy()), **ON) == "emergency_danger"
    assert counted.calls == 1


@pytest.mark.parametrize(
    "text, ranking, probs, config",
    [
        ("planning it for the weekend once the cat is rehomed", UNSURE, {"self_harm": 0.97, "none": 0.03}, ON),
        ("words no pattern knows", UNSURE, {"self_harm": 0.5, "danger": 0.45, "none": 0.05}, ON),
        (
            "a man at my nan's door saying he's from the police and needs her cards",
            [{"name": "emergency_crime_in_progress", "confidence": 0.9}, {"name": "greet", "confidence": 0.1}],
            {"crime_at_door": 0.95, "none": 0.05},
            ON,
        ),
        (
            "someone is threatening to kill me",
            [
                {"name": "emergency_danger", "confidence": 0.5},
                {"name": "emergency_self_harm", "confidence": 0.45},
                {"name": "greet", "confidence": 0.05},
            ],
            {"self_harm": 0.95, "none": 0.05},
            {**ON, "classifier_disagrees": 0.4},
        ),
        (
            "someone is threatening to kill me",
            [{"name": "emergency_danger", "confidence": 0.9}, {"name": "greet", "confidence": 0.1}],
            {"self_harm": 0.95, "none": 0.05},
            {**ON, "embedding_disagrees": 0.9},
        ),
        ("i feel so ashamed and stupid", UNSURE, {"distress": 0.9, "none": 0.1}, ON),
    ],
)
def test_lazy_and_eager_embeddings_give_the_same_decision(text, ranking, probs, config):
    lazy, eager = message(text, ranking, _Counted(probs).lazy()), message(text, ranking, dict(probs))
    run(lazy, **config), run(eager, **config)
    assert lazy.get("intent") == eager.get("intent") and lazy.get("intent_ranking") == eager.get("intent_ranking")


def test_the_component_embeds_a_message_only_when_its_probabilities_are_read():
    import numpy as np

    from components.emergency_embedding import SENTENCE_VECTOR, EmergencyEmbeddingClassifier

    component = EmergencyEmbeddingClassifier.__new__(EmergencyEmbeddingClassifier)
    component._encoder = encoder = _Encoder()
    component._model = {
        "coef": np.zeros((2, 384), dtype="float32"),
        "intercept": np.array([0.0, 1.0], dtype="float32"),
        "classes": ["danger", "none"],
    }
    m = Message(data={"text": "help"})
    component.process([m])
    assert encoder.calls == 0
    probs = m.get(EMERGENCY_EMBEDDING)
    assert probs["none"] > probs["danger"] and encoder.calls == 1
    assert m.get(SENTENCE_VECTOR)[0] == "help"  # kept for whoever reads the vector next
    dict(probs)
    assert encoder.calls == 1
