"""Another language gets a clear, kind answer (cyberprotect/language.py): only a message clearly written in a
language other than English is named; short replies, Scots, text-speak, pasted scams and keyboard mash stay English."""

import pytest

from cyberprotect.language import other_language


@pytest.mark.parametrize(
    "text,language",
    [
        ("Mae rhywun wedi dwyn fy arian ar-lein, beth ddylwn i ei wneud?", "cy"),
        ("Ktoś ukradł moje pieniądze przez internet, co mam zrobić?", "pl"),
        ("Cineva mi-a furat banii de pe card, ce trebuie să fac acum?", "ro"),
        ("Je suis victime d'une arnaque en ligne, que dois-je faire ?", "fr"),
        ("Me robaron el dinero de mi cuenta por internet, qué hago?", "es"),
    ],
)
def test_a_message_clearly_in_another_language_is_named(text, language):
    assert other_language(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "hello",
        "kms",
        "i got scammed",
        "my nan got a call",
        "ma wee lassie's no come hame fae school an her phone's aff",
        "shes 84 n im on the phone wi her",
        "HMRC: You are due a tax refund of £326.11. Claim now at hmrc-refund-uk.com",
        "ahdjkshdkjashd qwpoeiru zmxncbv lkjasd",
        "I want to report a scam on facebook marketplace",
        "Hola! Is this a scam? Someone texted me from Spain",
        "",
        None,
    ],
)
def test_english_short_scots_and_mash_are_not_named(text):
    assert other_language(text) is None


def test_the_component_decides_other_language_and_keeps_the_ranking_below_it():
    from rasa.shared.nlu.training_data.message import Message

    from components.other_language import OtherLanguageDetector

    ranking = [{"name": "out_of_scope", "confidence": 0.97}, {"name": "threat_vishing", "confidence": 0.02}]
    polish = Message(
        data={
            "text": "Ktoś ukradł moje pieniądze przez internet, co mam zrobić?",
            "intent": {"name": "out_of_scope", "confidence": 0.97},
            "intent_ranking": ranking,
        }
    )
    english = Message(
        data={"text": "I paid for a puppy and it never came", "intent": ranking[0], "intent_ranking": ranking}
    )
    OtherLanguageDetector().process([polish, english])
    assert polish.get("intent") == {"name": "other_language", "confidence": 1.0}
    assert polish.get("language") == "pl"
    assert [r["name"] for r in polish.get("intent_ranking")] == ["other_language", "out_of_scope", "threat_vishing"]
    assert max(r["confidence"] for r in polish.get("intent_ranking")[1:]) <= 0.9
    assert english.get("intent")["name"] == "out_of_scope"
