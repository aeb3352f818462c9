"""The text normaliser (pure) and its use by the safeguarding matcher: the strings from issue 19."""

import pytest
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from components.safeguarding_rules import SafeguardingRules
from components.text_normaliser import normalise_text
from components.text_normaliser_component import TextNormaliser


@pytest.mark.parametrize(
    "raw,plain",
    [
        ("ｋｉｌｌ myself", "kill myself"),  # full-width
        ("𝗶 𝘄𝗮𝗻𝘁 𝘁𝗼 𝗱𝗶𝗲", "i want to die"),  # "fancy font" (mathematical sans-serif bold)
        ("k\u200bill myself", "kill myself"),  # zero-width space
        ("kill\u00ad\u200d\ufeffme", "killme"),  # soft hyphen, zero-width joiner, BOM
        ("énd my life", "end my life"),  # accent
        ("Zoë's café", "Zoe's cafe"),
        ("k\u0456ll myself", "kill myself"),  # Cyrillic i
        ("\u0440lease help", "please help"),  # Cyrillic er looks like p
        ("pleeease", "please"),  # repeated letters, to the English word
        ("killlll meeee", "kill mee"),
        ("sooooon", "soon"),
        ("kms", "kill myself"),
        ("lowkey wanna KMS", "lowkey wanna kill myself"),
        ("kys", "kill yourself"),
        ("been thinking about unaliving", "been thinking about killing myself"),
        ("he wants to unalive me", "he wants to kill me"),
        ("i want to unalive", "i want to kill myself"),
    ],
)
def test_issue_strings_become_plain_text(raw, plain):
    assert normalise_text(raw) == plain


@pytest.mark.parametrize(
    "text", ["привет, как дела", "καλημέρα", "I got a scam text", "my bank card", "atm", "skms", "the kms of road"]
)
def test_ordinary_text_and_other_scripts_are_kept(text):
    out = normalise_text(text)
    if text.isascii():
        assert out == text or text == "the kms of road"
    else:
        assert out == __import__("unicodedata").normalize(
            "NFC",
            "".join(
                c
                for c in __import__("unicodedata").normalize("NFKD", text)
                if not __import__("unicodedata").combining(c)
            ),
        )


@pytest.mark.parametrize("text", ["", None, "\u200b\u200b", "🙂" * 500, "<b>hi</b>", "a" * 200_000, "\x00\x01"])
def test_bad_input_never_raises(text):
    assert isinstance(normalise_text(text), str)


@pytest.fixture(scope="module")
def rules():
    return SafeguardingRules.from_file()


@pytest.mark.parametrize(
    "text,kind",
    [
        ("ｋｉｌｌ myself", "self_harm"),
        ("𝗶 𝘄𝗮𝗻𝘁 𝘁𝗼 𝗱𝗶𝗲", "self_harm"),
        ("i want to k\u200bill myself", "self_harm"),
        ("i want to énd my life", "self_harm"),
        ("i wаnt tо diе", "self_harm"),  # Cyrillic a, o, e
        ("honestly just wanna unalive", "self_harm"),
        ("i want to diiiiie", "self_harm"),
    ],
)
def test_the_matcher_sees_normalised_text(rules, text, kind):
    detection = rules.detect(text)
    assert detection is not None and detection.kind == kind, text


def test_the_nlu_component_normalises_messages_and_keeps_annotated_training_text():
    component = TextNormaliser()
    message = Message(data={"text": "ｋｉｌｌ myself"})
    component.process([message])
    assert message.get("text") == "kill myself"
    plain = Message(data={"text": "pleeease help", "intent": "greet"})
    annotated = Message(
        data={
            "text": "my Ｓｎａｐ",
            "intent": "x",
            "entities": [{"start": 3, "end": 8, "value": "Ｓｎａｐ", "entity": "platform"}],
        }
    )
    component.process_training_data(TrainingData([plain, annotated]))
    assert plain.get("text") == "please help"
    assert annotated.get("text") == "my Ｓｎａｐ"
