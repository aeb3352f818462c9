"""The NLU component: patterns force an emergency intent; weak classifier-only emergencies are demoted."""
from rasa.shared.nlu.training_data.message import Message

from components.safeguarding import SafeguardingClassifier


def message(text, ranking):
    m = Message(data={"text": text})
    m.set("intent", dict(ranking[0]))
    m.set("intent_ranking", [dict(r) for r in ranking])
    return m


def run(m, **config):
    SafeguardingClassifier({**SafeguardingClassifier.get_default_config(), **config}).process([m])
    return m


def test_pattern_match_overrides_the_classifier_and_clears_ambiguity():
    m = run(message("a man is meeting my daughter tonight",
                    [{"name": "threat_romance_scam", "confidence": 0.9}, {"name": "greet", "confidence": 0.1}]))
    assert m.get("intent") == {"name": "emergency_child_danger", "confidence": 1.0}
    assert all(r["confidence"] == 0.0 for r in m.get("intent_ranking")[1:])


def test_weak_classifier_only_emergency_is_demoted():
    m = run(message("my house was burgled last month",
                    [{"name": "emergency_crime_in_progress", "confidence": 0.6},
                     {"name": "out_of_scope", "confidence": 0.3}]))
    assert m.get("intent")["name"] == "out_of_scope"


def test_confident_classifier_emergency_is_kept():
    m = run(message("something the patterns do not know",
                    [{"name": "emergency_danger", "confidence": 0.8}, {"name": "greet", "confidence": 0.1}]))
    assert m.get("intent")["name"] == "emergency_danger"


def test_ordinary_message_is_untouched():
    m = run(message("I got a scam text", [{"name": "threat_smishing", "confidence": 0.97}]))
    assert m.get("intent") == {"name": "threat_smishing", "confidence": 0.97}
