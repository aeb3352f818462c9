"""Scenario lint: every script validates against scenarios/_schema.json, every key point and mistake resolves
to existing content and routes, and each script's model answer (built from the content) covers its own key
points without making its own mistakes."""

import copy
import re

import pytest
import yaml

from cyberprotect.content_store import default_store
from cyberprotect.rehearsal.keypoints import KeyPointError, assess, resolve
from cyberprotect.rehearsal.scenarios import ScenarioError, load_library, parse, scenario_files, schema_problems

FILES = scenario_files()


@pytest.fixture(scope="module")
def snapshot():
    return default_store().current()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_script_validates_and_resolves(path, snapshot):
    data = yaml.safe_load(path.read_text())
    assert schema_problems(data, path.name) == []
    assert data["id"] == path.stem
    points, mistakes = resolve(parse(data, path.name), snapshot)  # raises KeyPointError if anything is missing
    assert len(points) >= 3


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_model_answer_covers_the_key_points_and_makes_no_mistake(path, snapshot):
    scenario = load_library()[path.stem]
    points, mistakes = resolve(scenario, snapshot)
    result = assess(points, mistakes, [p.model for p in points])
    assert [p.id for p in result.missed] == [] and [m.id for m, _ in result.mistakes] == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_fact_is_a_question_the_persona_understands(path):
    from cyberprotect.rehearsal.questions import default_table

    scenario = load_library()[path.stem]
    known = {q.key for q in default_table().questions}
    assert set(scenario.persona.facts) <= known, set(scenario.persona.facts) - known


def test_an_ask_naming_a_missing_key_point_is_reported():
    data = yaml.safe_load(FILES[0].read_text())
    data["persona"]["asks"][0]["unless"] = ["no_such_point"]
    assert any("no_such_point" in p for p in schema_problems(data, "x.yml"))


def test_no_script_copies_a_route_number(snapshot):
    """Numbers must come from routes.yml through `route:` / `engine:` key points, never be typed into a script."""
    numbers = {re.sub(r"\D", "", n) for r in snapshot.routes.values() for n in (r.phone, r.text) if n}
    for path in FILES:
        data = yaml.safe_load(path.read_text())
        items = data["key_points"] + data.get("mistakes", []) + [{"learning_goal": data["learning_goal"]}]
        text = yaml.safe_dump(
            [{k: v for k, v in item.items() if k not in ("id", "route", "match_routes")} for item in items]
        )
        found = {n for n in re.findall(r"\d[\d ]{1,14}\d|\d{3,}", text) if re.sub(r"\D", "", n) in numbers}
        assert not found, f"{path.name} hard-codes route numbers {found}"


def test_library_covers_the_required_cases():
    library = load_library()
    assert len(library) >= 20
    tags = [t for s in library.values() for t in s.tags]
    assert tags.count("child_safeguarding") >= 2 and "business" in tags and "scotland" in tags
    threats = {s.threat for s in library.values()}
    assert {
        "smishing",
        "family_impersonation",
        "vishing",
        "courier_fraud",
        "romance_scam",
        "investment_scam",
        "purchase_scam",
        "hacked_account",
        "sextortion",
        "remote_access",
        "invoice_fraud",
        "cyberbullying",
    } <= threats


def _models(scenario, snapshot):
    points, _ = resolve(scenario, snapshot)
    return " ".join(p.model for p in points)


@pytest.mark.parametrize(
    "what,wanted",
    [
        # what changed in 2025-26 (issue 28 item 5); each found in the model answers, i.e. in the content store
        (
            "Report Fraud replacing Action Fraud",
            lambda s, m: "formerly Action Fraud" in m and any(k.get("route") == "report_fraud" for k in s.key_points),
        ),
        (
            "APP reimbursement",
            lambda s, m: "85,000" in m and "13 months" in m and any("refund" in k.get("why", "") for k in s.key_points),
        ),
        ("passkeys", lambda s, m: "passkey" in m.lower() and any("passkey" in k.get("why", "") for k in s.key_points)),
        ("Scotland: Police Scotland", lambda s, m: s.case.get("nation") == "scotland" and "Police Scotland" in m),
        (
            "Northern Ireland: Report Fraud",
            lambda s, m: (
                s.case.get("nation") == "northern_ireland" and "Report Fraud" in m and "Police Scotland" not in m
            ),
        ),
        (
            "a young person sextorted",
            lambda s, m: (
                s.threat == "sextortion"
                and s.case.get("child_involved")
                and re.search(r"\b1[3-7]\b", s.persona.facts.get("age", ""))
                and s.case.get("money_lost")
            ),
        ),
        (
            "a business under live ransomware attack",
            lambda s, m: s.threat == "ransomware" and s.case.get("business") and "live attack" in m,
        ),
    ],
)
def test_library_covers_what_changed_in_2025_26(what, wanted, snapshot):
    assert [s.id for s in load_library().values() if wanted(s, _models(s, snapshot))], what


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_key_point_says_why_it_matters_and_where_the_advice_comes_from(path, snapshot):
    """The debrief shows both for each missed point (issue 28 item 3): the text lives in the script or the
    content, never in Python."""
    points, _ = resolve(load_library()[path.stem], snapshot)
    assert [p.id for p in points if len(p.why) < 20] == []
    assert [p.id for p in points if not p.source.startswith("http")] == []


GOOD = yaml.safe_load((FILES[0]).read_text())


@pytest.mark.parametrize(
    "break_it,expect",
    [
        (lambda d: d.pop("lines"), "'lines' is a required property"),
        (
            lambda d: d["key_points"].append(
                {"id": "x", "route": "bank", "topic_step": "smishing.do_now", "key_words": ["bank"]}
            ),
            "key_points",
        ),
        (lambda d: d["key_points"].append({"id": "y", "label": "Asks", "phrases": ["how much"]}), "key_points"),
        (lambda d: d.update(surprise=1), "Additional properties"),
        (lambda d: d["persona"]["case"].update(nation="france"), "france"),
        (lambda d: d["key_points"].append(dict(d["key_points"][0])), "duplicate"),
    ],
)
def test_schema_rejects_malformed_scripts(break_it, expect):
    data = copy.deepcopy(GOOD)
    break_it(data)
    problems = schema_problems(data, "bad.yml")
    assert problems and any(expect in p for p in problems), problems
    with pytest.raises(ScenarioError):
        parse(data, "bad.yml")


@pytest.mark.parametrize(
    "change,expect",
    [
        ({"route": "no_such_route"}, "not in content/routes"),
        ({"topic_step": "no_such_topic.do_now", "key_words": ["bank"]}, "topic 'no_such_topic'"),
        ({"topic_step": "smishing.do_now", "key_words": ["zebra"]}, "match 0 steps"),
        ({"topic_step": "smishing.do_now", "key_words": ["text"]}, "match 2 steps"),
        ({"topic_step": "purchase_scam.do_now", "key_words": ["bank", "refund"]}, "not all in one sentence"),
    ],
)
def test_lint_rejects_key_points_that_do_not_resolve(change, expect, snapshot):
    data = copy.deepcopy(GOOD)
    data["key_points"].append({"id": "broken", **change})
    with pytest.raises(KeyPointError, match=re.escape(expect)):
        resolve(parse(data, "bad.yml"), snapshot)


def test_lint_rejects_a_mistake_the_route_engine_itself_recommends(snapshot):
    data = copy.deepcopy(yaml.safe_load(next(p for p in FILES if p.stem == "scotland_bank_call").read_text()))
    data["mistakes"].append({"id": "bad", "label": "x", "route": "police_scotland_101"})
    with pytest.raises(KeyPointError, match="itself picks"):
        resolve(parse(data, "bad.yml"), snapshot)
