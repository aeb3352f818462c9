"""Table-driven tests for the route engine (cyberprotect/routing.py) and its catalogue (routes.yml)."""

import itertools
import re
from pathlib import Path

import pytest
import yaml

ROOTDIR = Path(__file__).resolve().parents[2]

ROOT = Path(__file__).resolve().parents[2]

from cyberprotect.routing import (  # noqa: E402
    NATION_EQUIVALENTS,
    NATIONS,
    ROUTE_NATIONS,
    Case,
    RouteDecision,
    decide_routes,
    referenced_keys,
)

ROUTES_FILE = ROOT / "content" / "routes" / "routes.yml"
UK = (None,) + NATIONS
FRAUD_THREATS = [  # (threat, category) pairs that must go to Report Fraud / Police Scotland
    ("smishing", "fraud"),
    ("phishing_email", "fraud"),
    ("vishing", "fraud"),
    ("purchase_scam", "fraud"),
    ("investment_scam", "fraud"),
    ("romance_scam", "fraud"),
    ("invoice_fraud", "fraud"),
    ("identity_theft", "fraud"),
    ("sim_swap", "fraud"),
    ("hacked_account", "cyber_crime"),
    ("ransomware", "cyber_crime"),
    (None, "fraud"),
]


def routes(case):
    return [d.route for d in decide_routes(case)]


# Each row: id, case, expected ordered prefix, must contain, must not contain.
CASES = [
    (
        "nothing known -> generic list",
        Case(),
        ["police_101", "report_fraud", "police_scotland_101"],
        [],
        ["emergency_999"],
    ),
    ("nothing known, scotland", Case(nation="scotland"), ["police_scotland_101"], [], ["report_fraud", "police_101"]),
    ("nothing known, england", Case(nation="england"), ["police_101", "report_fraud"], [], ["police_scotland_101"]),
    (
        "danger now -> 999 first",
        Case(threat="harassment", category="abuse", danger_now=True),
        ["emergency_999", "police_101", "national_stalking_helpline"],
        [],
        [],
    ),
    (
        "crime in progress -> 999 first",
        Case(threat="ransomware", category="cyber_crime", crime_in_progress=True, nation="wales"),
        ["emergency_999", "report_fraud"],
        [],
        [],
    ),
    (
        "self-harm -> 999 then samaritans first",
        Case(threat="sextortion", category="abuse", self_harm=True, child_involved=False),
        ["emergency_999", "samaritans", "police_101"],
        ["revenge_porn_helpline", "stopncii"],
        ["ceop"],
    ),
    (
        "child self-harm also gets childline",
        Case(self_harm=True, child_involved=True),
        ["emergency_999", "samaritans", "childline"],
        [],
        [],
    ),
    (
        "child in immediate danger -> 999 before CEOP",
        Case(threat="child_grooming", category="child_safety", child_involved=True, danger_now=True),
        ["emergency_999", "ceop"],
        ["childline", "nspcc", "marie_collins_foundation"],
        [],
    ),
    (
        "child grooming -> CEOP",
        Case(threat="child_grooming", category="child_safety", child_involved=True),
        ["ceop"],
        ["childline", "nspcc"],
        ["emergency_999", "report_remove"],
    ),
    (
        "child sextortion",
        Case(threat="sextortion", category="abuse", child_involved=True),
        ["ceop", "report_remove", "police_101", "childline"],
        ["nspcc", "marie_collins_foundation"],
        ["revenge_porn_helpline", "stopncii"],
    ),
    (
        "child sextortion in scotland",
        Case(threat="sextortion", category="abuse", child_involved=True, nation="scotland"),
        ["ceop", "report_remove", "police_scotland_101", "childline"],
        [],
        ["police_101", "report_fraud"],
    ),
    (
        "adult sextortion -> police, RPH, StopNCII, no CEOP",
        Case(
            threat="sextortion",
            category="abuse",
            child_involved=False,
            nation="england",
            topic_routes=("ceop", "report_remove", "childline", "samaritans"),
        ),
        ["police_101", "revenge_porn_helpline", "stopncii", "samaritans"],
        [],
        ["ceop", "report_remove", "childline", "report_fraud"],
    ),
    (
        "adult sextortion in scotland",
        Case(threat="sextortion", category="abuse", child_involved=False, nation="scotland"),
        ["police_scotland_101", "revenge_porn_helpline", "stopncii"],
        [],
        ["police_101", "ceop"],
    ),
    (
        "sextortion, age unknown -> no CEOP, both audiences",
        Case(threat="sextortion", category="abuse"),
        ["police_101"],
        ["report_remove", "childline", "revenge_porn_helpline", "stopncii"],
        ["ceop"],
    ),
    (
        "adult sextortion who paid -> bank first",
        Case(threat="sextortion", category="abuse", child_involved=False, money_lost=True),
        ["bank", "stop_scams_159", "police_101"],
        [],
        ["ceop"],
    ),
    (
        "child cyber flashing -> CEOP",
        Case(threat="cyber_flashing", category="abuse", child_involved=True),
        ["ceop"],
        ["childline"],
        ["police_101", "report_remove"],
    ),
    (
        "adult cyber flashing -> police",
        Case(threat="cyber_flashing", category="abuse", child_involved=False),
        ["police_101"],
        [],
        ["ceop"],
    ),
    (
        "AI intimate image abuse, adult",
        Case(threat="deepfake_images", category="abuse", child_involved=False),
        ["police_101", "revenge_porn_helpline", "stopncii"],
        [],
        ["ceop"],
    ),
    (
        "child cyberbullying -> childline + platform, never CEOP",
        Case(threat="cyberbullying", category="child_safety", child_involved=True, topic_routes=("ceop",)),
        ["childline", "platform_report"],
        [],
        ["ceop", "report_fraud"],
    ),
    (
        "child hacked account -> never CEOP",
        Case(
            threat="hacked_account",
            category="cyber_crime",
            child_involved=True,
            nation="england",
            topic_routes=("ceop",),
        ),
        ["report_fraud", "platform_report"],
        [],
        ["ceop"],
    ),
    (
        "smishing -> 7726 then report",
        Case(threat="smishing", category="fraud", nation="england"),
        ["forward_7726", "report_fraud"],
        [],
        ["victim_support", "bank"],
    ),
    (
        "smishing, money lost -> bank before everything",
        Case(threat="smishing", category="fraud", money_lost=True, nation="england"),
        ["bank", "stop_scams_159", "forward_7726", "report_fraud", "victim_support"],
        [],
        [],
    ),
    (
        "northern ireland fraud: Report Fraud, no England-and-Wales-only support",
        Case(threat="smishing", category="fraud", money_lost=True, nation="northern_ireland"),
        ["bank", "stop_scams_159", "forward_7726", "report_fraud"],
        [],
        ["victim_support", "police_scotland_101"],
    ),
    (
        "scam call -> 7726",
        Case(threat="vishing", category="fraud", nation="wales"),
        ["forward_7726", "report_fraud"],
        [],
        [],
    ),
    (
        "phishing email -> NCSC",
        Case(threat="phishing_email", category="fraud", nation="england"),
        ["report_phishing_email", "report_fraud"],
        [],
        [],
    ),
    (
        "identity theft -> cifas",
        Case(threat="identity_theft", category="fraud", nation="england"),
        ["report_fraud", "cifas", "victim_support"],
        [],
        [],
    ),
    (
        "sim swap -> mobile provider first",
        Case(threat="sim_swap", category="fraud", nation="wales"),
        ["mobile_provider", "report_fraud"],
        ["victim_support"],
        [],
    ),
    (
        "sim swap with money lost",
        Case(threat="sim_swap", category="fraud", money_lost=True),
        ["bank", "stop_scams_159", "mobile_provider", "report_fraud", "police_scotland_101"],
        [],
        [],
    ),
    (
        "purchase scam -> citizens advice",
        Case(threat="purchase_scam", category="fraud", nation="england"),
        ["report_fraud", "citizens_advice_consumer", "victim_support"],
        [],
        [],
    ),
    (
        "purchase scam in scotland: no E&W-only services",
        Case(threat="purchase_scam", category="fraud", nation="scotland"),
        ["police_scotland_101"],
        [],
        ["report_fraud", "citizens_advice_consumer", "victim_support"],
    ),
    (
        "business invoice fraud",
        Case(threat="invoice_fraud", category="fraud", business=True, money_lost=True, nation="england"),
        ["bank", "stop_scams_159", "report_fraud"],
        [],
        ["victim_support"],
    ),
    (
        "business ransomware in scotland",
        Case(threat="ransomware", category="cyber_crime", business=True, nation="scotland"),
        ["police_scotland_101"],
        [],
        ["report_fraud"],
    ),
    (
        "harassment -> police + stalking helpline",
        Case(threat="harassment", category="abuse", nation="england"),
        ["police_101", "national_stalking_helpline"],
        [],
        ["report_fraud", "ceop"],
    ),
    (
        "topic routes come after the engine's own, in topic order",
        Case(
            threat="smishing",
            category="fraud",
            nation="england",
            topic_routes=("report_fraud", "forward_7726", "report_phishing_email", "victim_support"),
        ),
        ["forward_7726", "report_fraud", "report_phishing_email", "victim_support"],
        [],
        [],
    ),
    (
        "topic route emergency_999 keeps its place after the engine's",
        Case(category="prevention", nation="england", topic_routes=("platform_report", "emergency_999")),
        ["platform_report", "emergency_999"],
        [],
        ["police_101"],
    ),
    (
        "unknown topic route key is ignored",
        Case(category="prevention", topic_routes=("no_such_route",)),
        ["police_101", "report_fraud", "police_scotland_101"],
        [],
        ["no_such_route"],
    ),
    # new topics (issue 21)
    (
        "sexual images of children found online -> IWF first, never CEOP",
        Case(threat="child_abuse_images", category="child_safety", child_involved=True, nation="england"),
        ["iwf_report", "police_101", "crimestoppers", "stop_it_now", "nspcc"],
        [],
        ["ceop", "report_fraud"],
    ),
    (
        "child abuse images in scotland",
        Case(threat="child_abuse_images", category="child_safety", nation="scotland"),
        ["iwf_report", "police_scotland_101"],
        ["crimestoppers"],
        ["police_101"],
    ),
    (
        "AI nude of a child -> CEOP, Report Remove",
        Case(threat="deepfake_images", category="abuse", child_involved=True, nation="wales"),
        ["ceop", "report_remove", "police_101", "childline"],
        ["nspcc"],
        ["revenge_porn_helpline", "stopncii"],
    ),
    (
        "AI nude of an adult -> police, RPH, StopNCII",
        Case(threat="deepfake_images", category="abuse", child_involved=False, nation="northern_ireland"),
        ["psni_101", "revenge_porn_helpline", "stopncii"],
        [],
        ["ceop", "police_101"],
    ),
    (
        "young person drifting into hacking -> Cyber Choices, no fraud report",
        Case(threat="youth_hacking", category="prevention", nation="england"),
        ["cyber_choices", "childline", "local_cyber_protect"],
        [],
        ["report_fraud", "police_101"],
    ),
    (
        "business website attack -> business report, NCSC, local team",
        Case(threat="website_attack", category="cyber_crime", nation="england"),
        ["report_fraud", "ncsc_report_cyber", "local_cyber_protect"],
        [],
        ["victim_support"],
    ),
    (
        "business website attack in scotland -> no hub for individuals",
        Case(threat="website_attack", category="cyber_crime", nation="scotland"),
        ["police_scotland_101", "ncsc_report_cyber", "local_cyber_protect"],
        [],
        ["report_fraud", "cyber_fraud_hub_scotland"],
    ),
    (
        "talks and advice from the force's team",
        Case(threat="cyber_protect_team", category="prevention"),
        ["local_cyber_protect"],
        [],
        ["police_101"],
    ),
    (
        "money mule -> Crimestoppers as well",
        Case(threat="money_mule", category="fraud", nation="england"),
        ["report_fraud", "crimestoppers"],
        [],
        [],
    ),
    # what the person already did (issue 18): card or bank details given -> the bank and 159 before 7726
    (
        "scam text, card details typed in -> bank and 159 before 7726",
        Case(threat="smishing", category="fraud", details_given=True, nation="england"),
        ["bank", "stop_scams_159", "forward_7726", "report_fraud"],
        [],
        [],
    ),
    (
        "remote access given -> bank before the report",
        Case(
            threat="remote_access",
            category="fraud",
            details_given=True,
            nation="wales",
            topic_routes=("bank", "stop_scams_159", "report_fraud", "police_scotland_101", "victim_support"),
        ),
        ["bank", "stop_scams_159", "report_fraud"],
        [],
        ["police_scotland_101"],
    ),
    (
        "remote access, nothing said of money or details -> still the bank before the report (issue 18)",
        Case(
            threat="remote_access",
            category="fraud",
            nation="england",
            topic_routes=("bank", "stop_scams_159", "report_fraud", "police_scotland_101", "victim_support"),
        ),
        ["bank", "stop_scams_159", "report_fraud"],
        [],
        ["police_scotland_101"],
    ),
    (
        "details given in scotland -> bank, 159, then Police Scotland",
        Case(threat="phishing_email", category="fraud", details_given=True, nation="scotland"),
        ["bank", "stop_scams_159", "report_phishing_email", "police_scotland_101"],
        [],
        ["report_fraud"],
    ),
    (
        "scam call -> 7726 in scotland with the hub",
        Case(threat="vishing", category="fraud", nation="scotland"),
        ["forward_7726", "police_scotland_101", "cyber_fraud_hub_scotland"],
        [],
        ["report_fraud"],
    ),
]

# Per nation: the same case must reach that nation's own services (issue 21: nobody in Scotland or Northern
# Ireland is left without victim support, consumer advice or a domestic abuse helpline).
# Each row: id, case without nation, {nation: (must contain, must not contain)}.
EW_ONLY = ["victim_support", "citizens_advice_consumer", "victims_code", "police_101"]
NATION_TABLE = [
    (
        "fraud victim who lost money",
        Case(threat="romance_scam", category="fraud", money_lost=True),
        {
            "england": (["report_fraud", "victim_support"], ["police_scotland_101", "victim_support_scotland"]),
            "wales": (["report_fraud", "victim_support"], ["police_scotland_101", "victim_support_ni"]),
            "scotland": (
                ["police_scotland_101", "cyber_fraud_hub_scotland", "victim_support_scotland"],
                ["report_fraud"] + EW_ONLY,
            ),
            "northern_ireland": (["report_fraud", "victim_support_ni"], ["police_scotland_101"] + EW_ONLY),
        },
    ),
    (
        "shopping scam: consumer advice",
        Case(threat="purchase_scam", category="fraud"),
        {
            "england": (["citizens_advice_consumer"], ["advice_direct_scotland", "consumerline_ni"]),
            "wales": (["citizens_advice_consumer"], ["advice_direct_scotland", "consumerline_ni"]),
            "scotland": (["advice_direct_scotland", "victim_support_scotland"], ["report_fraud"] + EW_ONLY),
            "northern_ireland": (["consumerline_ni", "victim_support_ni"], ["police_scotland_101"] + EW_ONLY),
        },
    ),
    (
        "tech-enabled domestic abuse",
        Case(threat="tech_abuse", category="abuse"),
        {
            "england": (["police_101", "national_da_helpline"], ["live_fear_free", "scotland_da_helpline"]),
            "wales": (["police_101", "live_fear_free"], ["national_da_helpline"]),
            "scotland": (["police_scotland_101", "scotland_da_helpline"], ["national_da_helpline"] + EW_ONLY),
            "northern_ireland": (["psni_101", "ni_dsa_helpline"], ["national_da_helpline"] + EW_ONLY),
        },
    ),
    (
        "victims' rights",
        Case(threat="victims_rights", category="prevention"),
        {
            "england": (["victims_code", "victim_support"], ["victims_code_scotland", "victim_charter_ni"]),
            "wales": (["victims_code", "victim_support"], ["victims_code_scotland", "victim_charter_ni"]),
            "scotland": (["victims_code_scotland", "victim_support_scotland"], EW_ONLY),
            "northern_ireland": (["victim_charter_ni", "victim_support_ni"], EW_ONLY),
        },
    ),
    (
        "harassment: local police",
        Case(threat="harassment", category="abuse"),
        {
            "england": (["police_101"], ["psni_101"]),
            "wales": (["police_101"], ["psni_101"]),
            "scotland": (["police_scotland_101"], ["police_101", "psni_101"]),
            "northern_ireland": (["psni_101"], ["police_101", "police_scotland_101"]),
        },
    ),
]


@pytest.mark.parametrize(
    "case,nation,must,must_not",
    [(c, n, m, mn) for _, c, per in NATION_TABLE for n, (m, mn) in per.items()],
    ids=[f"{i}-{n}" for i, _, per in NATION_TABLE for n in per],
)
def test_nation_table(case, nation, must, must_not):
    from dataclasses import replace

    got = routes(replace(case, nation=nation))
    for route in must:
        assert route in got, (route, got)
    for route in must_not:
        assert route not in got, (route, got)


def test_every_nation_limited_service_has_an_equivalent_in_the_other_nations():
    # Report Fraud's Scotland equivalent is Police Scotland, placed by the fraud rule (see fraud_report).
    equivalents = {other for per in NATION_EQUIVALENTS.values() for other in per.values()}
    for route, nations in ROUTE_NATIONS.items():
        if route == "report_fraud" or route in equivalents or not nations & {"england", "wales"}:
            continue
        for nation in set(NATIONS) - nations:
            other = NATION_EQUIVALENTS.get(route, {}).get(nation)
            assert other and nation in ROUTE_NATIONS.get(other, NATIONS), (route, nation)


def test_unknown_nation_says_when_a_service_is_england_and_wales_only(catalogue):
    for route, nations in ROUTE_NATIONS.items():
        if "england" in nations and nations <= {"england", "wales"} and route != "police_101":
            name = catalogue["routes"][route]["name"]
            assert "England" in name, (route, name)


@pytest.mark.parametrize("case,prefix,must,must_not", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_routing_table(case, prefix, must, must_not):
    got = routes(case)
    assert got[: len(prefix)] == prefix, got
    for route in must:
        assert route in got, (route, got)
    for route in must_not:
        assert route not in got, (route, got)
    assert len(got) == len(set(got)), f"duplicate routes: {got}"


def test_table_covers_every_route_key():
    from dataclasses import replace

    covered = {r for _, case, prefix, must, _ in CASES for r in prefix + must + routes(case)}
    covered |= {r for _, case, per in NATION_TABLE for n in per for r in routes(replace(case, nation=n))}
    assert covered >= referenced_keys()[0]


@pytest.mark.parametrize("threat,category", FRAUD_THREATS)
@pytest.mark.parametrize("money_lost", [None, True])
def test_scotland_never_gets_report_fraud(threat, category, money_lost):
    case = Case(
        threat=threat,
        category=category,
        nation="scotland",
        money_lost=money_lost,
        topic_routes=("report_fraud", "police_101", "victim_support"),
    )
    got = routes(case)
    assert "report_fraud" not in got
    assert "police_101" not in got
    assert "police_scotland_101" in got


@pytest.mark.parametrize("threat,category", FRAUD_THREATS)
@pytest.mark.parametrize("nation", ["england", "wales", "northern_ireland"])
def test_rest_of_uk_gets_report_fraud_not_police_scotland(threat, category, nation):
    got = routes(Case(threat=threat, category=category, nation=nation))
    assert "report_fraud" in got and "police_scotland_101" not in got


@pytest.mark.parametrize("threat,category", FRAUD_THREATS)
def test_unknown_nation_gets_both_with_nation_reasons(threat, category):
    reasons = {d.route: d.reason for d in decide_routes(Case(threat=threat, category=category))}
    assert reasons["report_fraud"] == "report_fraud_unknown_nation"
    assert reasons["police_scotland_101"] == "police_scotland_if_scotland"


@pytest.mark.parametrize("threat,category", FRAUD_THREATS + [("sextortion", "abuse")])
@pytest.mark.parametrize("nation", UK)
def test_money_lost_puts_bank_before_the_report(threat, category, nation):
    got = routes(Case(threat=threat, category=category, nation=nation, money_lost=True, child_involved=False))
    assert got[:2] == ["bank", "stop_scams_159"], got
    reports = [i for i, r in enumerate(got) if r in ("report_fraud", "police_scotland_101", "police_101", "psni_101")]
    assert reports and min(reports) > 1, got


@pytest.mark.parametrize(
    "threat,category,child",
    [
        ("cyberbullying", "child_safety", True),
        ("cyberbullying", "abuse", True),
        ("hacked_account", "cyber_crime", True),
        ("hacked_account", "child_safety", True),
        ("sextortion", "abuse", False),
        ("sextortion", "abuse", None),
        ("child_grooming", "child_safety", None),
        ("smishing", "fraud", True),
        ("cyber_flashing", "abuse", False),
    ],
)
def test_ceop_only_for_child_sexual_abuse(threat, category, child):
    case = Case(threat=threat, category=category, child_involved=child, topic_routes=("ceop",))
    assert "ceop" not in routes(case)


def test_victim_support_then_the_local_team_are_last_for_fraud_victims():
    got = routes(
        Case(
            threat="romance_scam",
            category="fraud",
            money_lost=True,
            nation="england",
            topic_routes=("victim_support", "platform_report"),
        )
    )
    assert got[-2:] == ["victim_support", "local_cyber_protect"]


def test_every_combination_is_non_empty_unique_and_known():
    route_keys, reason_keys = referenced_keys()
    threats = [
        None,
        "smishing",
        "sextortion",
        "cyberbullying",
        "hacked_account",
        "child_grooming",
        "cyber_flashing",
        "harassment",
        "identity_theft",
        "sim_swap",
        "purchase_scam",
        "invoice_fraud",
        "ransomware",
        "phishing_email",
        "vishing",
        "deepfake_images",
        "official_impersonation",
        "family_impersonation",
    ]
    categories = [None, "fraud", "cyber_crime", "abuse", "child_safety", "prevention"]
    tri = [None, True, False]
    for threat, category, child, money, danger, nation in itertools.product(threats, categories, tri, tri, tri, UK):
        case = Case(
            threat=threat,
            category=category,
            child_involved=child,
            money_lost=money,
            danger_now=danger,
            nation=nation,
            topic_routes=tuple(sorted(route_keys)),
        )
        got = decide_routes(case)
        assert got and all(isinstance(d, RouteDecision) for d in got)
        names = [d.route for d in got]
        assert len(names) == len(set(names)), case
        assert {d.route for d in got} <= route_keys and {d.reason for d in got} <= reason_keys
        if nation == "scotland":
            assert "report_fraud" not in names
        if "ceop" in names:
            assert child is True and threat not in ("cyberbullying", "hacked_account")
        if danger and "ceop" in names:
            assert names.index("emergency_999") < names.index("ceop")


TOPIC_FILES = sorted((ROOT / "content" / "topics").glob("*.yml"))


@pytest.mark.parametrize("path", TOPIC_FILES, ids=[p.stem for p in TOPIC_FILES])
def test_real_topic_files_keep_the_invariants(path):
    topic = yaml.safe_load(path.read_text(encoding="utf-8"))
    listed = tuple(topic.get("routes") or ()) + tuple(topic.get("support") or ())
    for nation, child, money in itertools.product(UK, (None, True, False), (None, True)):
        case = Case(
            threat=topic.get("key"),
            category=topic.get("category"),
            nation=nation,
            child_involved=child,
            money_lost=money,
            topic_routes=listed,
        )
        names = routes(case)
        assert names and len(names) == len(set(names)), names
        if nation == "scotland":
            assert "report_fraud" not in names, names
        if "ceop" in names:
            assert child is True and topic.get("key") not in ("cyberbullying", "hacked_account")
        if money:  # bank first, except that child protection (CEOP) may come before it
            reports = [
                names.index(r) for r in ("report_fraud", "police_101", "police_scotland_101", "psni_101") if r in names
            ]
            assert names.index("bank") < names.index("stop_scams_159") < min(reports, default=99)
            assert set(names[: names.index("bank")]) <= {"ceop", "report_remove"}, names


# --- routes.yml -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalogue():
    return yaml.safe_load(ROUTES_FILE.read_text(encoding="utf-8"))


def test_every_referenced_key_exists_in_routes_yml(catalogue):
    route_keys, reason_keys = referenced_keys()
    assert route_keys <= set(catalogue["routes"]), route_keys - set(catalogue["routes"])
    assert reason_keys <= set(catalogue["reasons"]), reason_keys - set(catalogue["reasons"])


def test_routes_yml_has_nothing_the_engine_cannot_return(catalogue):
    route_keys, reason_keys = referenced_keys()
    # plus the routes only the safeguarding replies name (content/safeguarding.yml `types`, issue 19)
    safeguarding = yaml.safe_load((ROOTDIR / "content" / "safeguarding.yml").read_text(encoding="utf-8"))
    reply_routes = {r for t in safeguarding["types"].values() for r in t["routes"]}
    assert reply_routes <= set(catalogue["routes"]), reply_routes - set(catalogue["routes"])
    assert set(catalogue["routes"]) == route_keys | reply_routes
    assert set(catalogue["reasons"]) <= reason_keys, set(catalogue["reasons"]) - reason_keys


UK_PHONE = re.compile(r"^(999|112|101|111|159|116 ?\d{3}|0\d{2,4}(?: \d{2,4}){1,3})$")


def is_uk_number(number):
    if not UK_PHONE.match(number):
        return False
    digits = number.replace(" ", "")
    if digits.startswith("0800"):  # freephone numbers can be short, e.g. Childline 0800 1111
        return 8 <= len(digits) <= 11
    return not digits.startswith("0") or len(digits) in (10, 11)


@pytest.mark.parametrize(
    "number,ok",
    [
        ("999", True),
        ("116 123", True),
        ("0800 1111", True),
        ("0300 123 2040", True),
        ("0808 168 9111", True),
        ("+44 300 123 2040", False),
        ("0300-123-2040", False),
        ("12345", False),
    ],
)
def test_uk_number_pattern(number, ok):
    assert is_uk_number(number) is ok


def test_every_route_entry_is_well_formed(catalogue):
    fields = {
        "name",
        "kind",
        "phone",
        "text",
        "email",
        "url",
        "hours",
        "for",
        "not_for",
        "nations",
        "source",
        "last_reviewed",
        "review_period_days",
    }
    optional = {"tell", "events_url", "source_why", "placeholder", "until_set"}
    for key, entry in catalogue["routes"].items():
        assert fields <= set(entry) <= fields | optional, (key, set(entry) ^ fields)
        assert entry["kind"] in {"emergency", "report", "support", "platform"}, key
        if entry["phone"] is not None:
            assert isinstance(entry["phone"], str) and is_uk_number(entry["phone"]), (key, entry["phone"])
        if entry["text"] is not None:
            assert isinstance(entry["text"], str) and entry["text"].isdigit(), key
        assert entry["nations"] and set(entry["nations"]) <= set(NATIONS), key
        assert str(entry["source"]).startswith(("http://", "https://")), key
        assert entry["url"] is None or entry["url"].startswith("https://"), key
        assert str(entry["last_reviewed"]) >= "2026-11-23" and entry["review_period_days"] <= 180, key


def test_engine_nation_limits_match_routes_yml(catalogue):
    for key, entry in catalogue["routes"].items():
        assert set(entry["nations"]) == set(ROUTE_NATIONS.get(key, NATIONS)), key


def test_report_fraud_facts(catalogue):
    rf = catalogue["routes"]["report_fraud"]
    assert rf["phone"] == "0300 123 2040" and "reportfraud.police.uk" in rf["url"]
    assert "scotland" not in rf["nations"]
    text = yaml.safe_dump(catalogue)
    assert "actionfraud.police.uk" not in text


def test_reasons_are_short_single_sentences_without_numbers(catalogue):
    for key, sentence in catalogue["reasons"].items():
        assert isinstance(sentence, str) and sentence.strip(), key
        assert len(sentence.split()) <= 18, (key, sentence)
        assert not re.search(r"\d{3}", sentence) or "999" in sentence, (key, sentence)


# --- topic keys (issue 26): every topic key the engine names is a real topic ----------------------------------

TOPIC_KEYS = {yaml.safe_load(p.read_text(encoding="utf-8"))["key"] for p in TOPIC_FILES}
# Module-level frozensets of routing.py that hold route keys, reason keys or categories, not topic keys.
NOT_TOPIC_SETS = {
    "ROUTE_KEYS",
    "RULE_REASONS",
    "CHILD_ONLY_ROUTES",
    "ADULT_ONLY_ROUTES",
    "FRAUD_CATEGORIES",
    "YOUNG_WRITER_DROPPED",
    "MONEY_REASONS",
    "_EW",
    "_S",
    "_NI",
}  # the last three: nations


def topic_sets():
    import cyberprotect.routing as routing

    return {
        name: value
        for name, value in vars(routing).items()
        if name.isupper() and isinstance(value, frozenset) and name not in NOT_TOPIC_SETS
    }


def test_every_topic_key_the_engine_names_is_a_topic_file():
    sets = topic_sets()
    assert "FRAUD_THREATS" in sets and "IMAGE_ABUSE" in sets  # the scan finds the threat groups
    unknown = {name: sorted(keys - TOPIC_KEYS) for name, keys in sets.items() if keys - TOPIC_KEYS}
    assert not unknown, f"routing.py names topics that do not exist in content/topics/: {unknown}"


def test_route_tables_use_real_topic_keys():
    threats = {c[1].threat for c in CASES} | {c[1].threat for c in NATION_TABLE} | {t for t, _ in FRAUD_THREATS}
    assert threats - {None} <= TOPIC_KEYS, sorted(threats - {None} - TOPIC_KEYS)


@pytest.mark.parametrize("path", TOPIC_FILES, ids=[p.stem for p in TOPIC_FILES])
def test_details_given_puts_the_bank_before_reports_and_7726(path):
    """Issue 18: 'I clicked the link and put my card details in' -> the bank (via 159) first, 7726 after."""
    topic = yaml.safe_load(path.read_text(encoding="utf-8"))
    listed = tuple(topic.get("routes") or ()) + tuple(topic.get("support") or ())
    for nation, child in itertools.product(UK, (None, False)):
        names = routes(
            Case(
                threat=topic["key"],
                category=topic["category"],
                nation=nation,
                child_involved=child,
                details_given=True,
                topic_routes=listed,
            )
        )
        later = [
            names.index(r)
            for r in (
                "report_fraud",
                "police_101",
                "police_scotland_101",
                "psni_101",
                "forward_7726",
                "report_phishing_email",
            )
            if r in names
        ]
        assert names.index("bank") < names.index("stop_scams_159") < min(later, default=99), names
        assert set(names[: names.index("bank")]) <= {"ceop", "report_remove", "emergency_999"}, names
