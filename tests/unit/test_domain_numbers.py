"""Fixed safety text in domain.yml may only use numbers that the content store also holds (one source of truth)."""
import re

import yaml

from actions.content_store import default_store
from tests.conftest import ROOT


def test_every_number_in_domain_responses_is_a_known_route_number():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    snapshot = default_store().current()
    known = {r.phone for r in snapshot.routes.values() if r.phone} | {r.text for r in snapshot.routes.values() if r.text}
    described = snapshot.routes["emergency_999"].for_  # text relay, 112 and "press 55" are described there
    known |= {n for n in ("18000", "112", "55") if n in described}
    for name, variants in domain["responses"].items():
        for v in variants:
            for number in re.findall(r"\b\d[\d ]{1,12}\d\b", v.get("text", "")):
                number = number.strip()
                if re.fullmatch(r"\d{1,2}|20\d\d", number):
                    continue
                assert number in known, f"{name}: number '{number}' is not in content/routes/routes.yml"


def test_emergency_responses_do_not_depend_on_actions():
    rules = yaml.safe_load((ROOT / "data" / "rules" / "emergency.yml").read_text())["rules"]
    for rule in rules:
        actions = [s["action"] for s in rule["steps"] if "action" in s]
        assert actions and all(a.startswith("utter_") for a in actions), rule["rule"]
