"""The safeguarding detector (pure): normalisation, vocabulary expansion, priority and long messages.
Recall and false alarms on the full lists are measured by scripts/safeguarding_report.py in `make test`."""
import pytest

from components.safeguarding_rules import SafeguardingRules, normalise, _expand


@pytest.fixture(scope="module")
def rules():
    return SafeguardingRules.from_file()


def test_normalise_drops_apostrophes_and_punctuation():
    assert normalise("He’s OUTSIDE—my house!!") == " hes outside my house "


def test_unknown_vocabulary_is_an_error():
    with pytest.raises(ValueError, match="unknown vocabulary"):
        _expand(r"\b{nope}\b", {"child": "son"})


def test_regex_quantifiers_are_not_vocabulary():
    assert _expand(r"a.{0,40}{child}", {"child": "(?:son)"}) == r"a.{0,40}(?:son)"


@pytest.mark.parametrize("text,kind", [
    ("a man is meeting my daughter tonight", "child_danger"),
    ("he's outside my house now", "crime_in_progress"),
    ("the courier is on the way to collect my card", "crime_in_progress"),
    ("I want to end it all", "self_harm"),
    ("my ex says he'll kill me", "danger"),
])
def test_examples_from_the_issue_escalate(rules, text, kind):
    assert rules.detect(text).kind == kind


@pytest.mark.parametrize("text", ["I got a scam text about a parcel", "my instagram was hacked",
                                  "this password reset is killing me", "a courier collected my card yesterday"])
def test_ordinary_messages_do_not_escalate(rules, text):
    assert rules.detect(text) is None


def test_self_harm_wins_over_other_kinds(rules):
    assert rules.detect("he's outside my house and I want to kill myself").kind == "self_harm"


def test_emergency_buried_in_a_very_long_message_is_found(rules):
    text = "I had a scam text about a parcel. " * 400 + "Honestly I want to end my life. " + "Thanks. " * 300
    assert len(text) > 15000
    assert rules.detect(text).kind == "self_harm"
