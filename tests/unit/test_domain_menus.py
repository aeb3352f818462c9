"""The menus in domain.yml: every button sends an intent the domain knows, and the more-topics list (also what a
typed "something else" gets, docs/intents.md) leads back to the main menu so its topics stay one tap away."""

import yaml

from tests.conftest import ROOT

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())


def buttons(response):
    return [b for variant in DOMAIN["responses"][response] for b in variant.get("buttons", [])]


def test_every_menu_button_sends_a_known_intent():
    intents = set(DOMAIN["intents"])
    for response in ("utter_menu", "utter_more_topics"):
        for button in buttons(response):
            assert button["payload"].lstrip("/").split("{")[0] in intents, (response, button)


def test_more_topics_leads_back_to_the_main_menu():
    assert "/help_menu" in [b["payload"] for b in buttons("utter_more_topics")]
