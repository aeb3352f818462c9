"""Route engine: decides WHERE to send someone, and in what order.

This module owns one decision: given what the bot knows about a case (a ``Case``), which reporting
routes and support organisations to offer, most urgent first. It returns route keys and reason keys
only. Names, phone numbers, opening hours and every user-facing sentence live in
``content/routes/routes.yml`` (``routes:`` and ``reasons:``), so the Cyber Protect team can change
them without touching code. It is pure Python with no Rasa imports, so it is easy to unit-test.

Rule order (each step only adds routes not already in the list):

1. Emergency: danger now or crime in progress -> 999. Self-harm -> 999, then Samaritans
   (and Childline for a child).
2. Child protection: child sexual abuse or grooming (child_involved AND a child_safety topic or a
   sexual threat; never bullying or hacked accounts) -> CEOP, then Report Remove if images are
   involved. A child in immediate danger already has 999 first from step 1.
3. Money lost -> your bank, then 159 to reach it safely, before any report.
4. Quick actions for the threat: SIM swap -> mobile network; scam text or call -> 7726;
   phishing email -> NCSC.
5. The police report. Fraud and cyber crime -> Report Fraud in England, Wales and Northern Ireland,
   Police Scotland 101 in Scotland (Scotland never gets Report Fraud); if the nation is unknown,
   both, each with a reason that says who it is for. Sextortion, intimate image abuse, harassment,
   stalking and adult cyber flashing -> police 101 (Police Scotland in Scotland).
6. Follow-ups and support for the threat (Cifas, Citizens Advice, platform tools, Childline,
   NSPCC, Marie Collins Foundation, Revenge Porn Helpline, StopNCII, National Stalking Helpline).
7. Routes the topic file lists that the engine has not placed yet, in the topic's order.
8. Victim Support last, for people harmed by fraud or cyber crime.

If nothing at all applies, a generic list: police 101 plus the Report Fraud / Police Scotland note.
Throughout, routes that do not serve the person's nation are swapped for the local one or dropped,
and child-only or adult-only services are dropped when the person's age rules them out.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Optional, Set, Tuple

NATIONS = ("england", "wales", "scotland", "northern_ireland")

# --- Route keys (must exist under `routes:` in content/routes/routes.yml) -----------------------
ROUTE_KEYS: FrozenSet[str] = frozenset({
    "emergency_999", "police_101", "report_fraud", "police_scotland_101", "stop_scams_159",
    "bank", "forward_7726", "report_phishing_email", "ceop", "report_remove",
    "revenge_porn_helpline", "stopncii", "samaritans", "childline", "nspcc", "cifas",
    "platform_report", "victim_support", "marie_collins_foundation",
    "national_stalking_helpline", "citizens_advice_consumer", "mobile_provider",
})

# Routes that serve only some nations. Must match `nations:` in routes.yml (a test checks this);
# every other route serves all four nations.
ROUTE_NATIONS: Dict[str, FrozenSet[str]] = {
    "police_101": frozenset({"england", "wales", "northern_ireland"}),
    "report_fraud": frozenset({"england", "wales", "northern_ireland"}),
    "police_scotland_101": frozenset({"scotland"}),
    "victim_support": frozenset({"england", "wales"}),
    "citizens_advice_consumer": frozenset({"england", "wales"}),
}

CHILD_ONLY_ROUTES = frozenset({"ceop", "report_remove", "childline"})
ADULT_ONLY_ROUTES = frozenset({"revenge_porn_helpline", "stopncii"})

# Reason used when a route comes from a topic file rather than from a rule below.
DEFAULT_REASON: Dict[str, str] = {
    "emergency_999": "emergency_if_danger",
    "police_101": "police_101_generic",
    "report_fraud": "report_fraud",
    "police_scotland_101": "police_scotland_generic",
    "stop_scams_159": "check_with_bank_159",
    "bank": "tell_bank",
    "forward_7726": "forward_scam_text",
    "report_phishing_email": "report_phishing_email",
    "ceop": "ceop_report",
    "report_remove": "report_remove",
    "revenge_porn_helpline": "revenge_porn_helpline",
    "stopncii": "stopncii",
    "samaritans": "samaritans_listen",
    "childline": "childline_talk",
    "nspcc": "nspcc_worried_adult",
    "cifas": "cifas_protect",
    "platform_report": "platform_report",
    "victim_support": "victim_support",
    "marie_collins_foundation": "marie_collins_support",
    "national_stalking_helpline": "stalking_helpline",
    "citizens_advice_consumer": "consumer_rights",
    "mobile_provider": "mobile_provider_sim",
}

# Reason keys used by the rules (besides DEFAULT_REASON). Must exist under `reasons:`.
RULE_REASONS: FrozenSet[str] = frozenset({
    "danger_now", "crime_in_progress", "self_harm_999",
    "money_bank", "money_159",
    "ceop_sextortion", "report_scam_call",
    "report_fraud_business", "report_fraud_unknown_nation", "police_scotland_fraud",
    "police_scotland_if_scotland",
    "sextortion_report", "image_abuse_report", "harassment_report", "police_crime",
    "platform_bullying", "platform_hacked",
})

# --- Threat groups (topic keys; category from the topic file does most of the work) --------------
FRAUD_CATEGORIES = frozenset({"fraud", "cyber_crime"})
FRAUD_THREATS = frozenset({
    "smishing", "phishing_email", "vishing", "scam_call", "purchase_scam", "online_shopping_fraud",
    "investment_scam", "romance_scam", "invoice_fraud", "identity_theft", "sim_swap",
    "courier_fraud", "impersonation_scam", "hacked_account", "ransomware", "malware",
})
SEXTORTION = frozenset({"sextortion"})
IMAGE_ABUSE = frozenset({"intimate_image_abuse"})
HARASSMENT = frozenset({"harassment", "stalking", "cyberstalking"})
CYBER_FLASHING = frozenset({"cyber_flashing"})
# Sexual threats that mean CEOP when the victim is a child, whatever the topic's category.
CHILD_SEXUAL_THREATS = SEXTORTION | IMAGE_ABUSE | CYBER_FLASHING | frozenset({"grooming"})
NEVER_CEOP = frozenset({"cyberbullying", "hacked_account", "fake_account"})
CYBERBULLYING = frozenset({"cyberbullying"})
HACKED = frozenset({"hacked_account"})
SCAM_TEXT = frozenset({"smishing"})
SCAM_CALL = frozenset({"vishing", "scam_call"})
PHISHING_EMAIL = frozenset({"phishing_email"})
IDENTITY_THEFT = frozenset({"identity_theft"})
SIM_SWAP = frozenset({"sim_swap"})
PURCHASE_SCAMS = frozenset({"purchase_scam", "online_shopping_fraud"})
# Threats where the person has already been harmed, even if no money is mentioned.
HARM_DONE = frozenset({
    "identity_theft", "sim_swap", "hacked_account", "ransomware", "romance_scam",
    "investment_scam", "purchase_scam", "online_shopping_fraud", "invoice_fraud",
})


@dataclass(frozen=True)
class Case:
    threat: Optional[str] = None          # topic key, e.g. "smishing", "sextortion"
    category: Optional[str] = None        # fraud | cyber_crime | abuse | child_safety | prevention
    danger_now: Optional[bool] = None     # risk to life / someone in danger now
    crime_in_progress: Optional[bool] = None
    self_harm: Optional[bool] = None
    child_involved: Optional[bool] = None  # victim is under 18
    money_lost: Optional[bool] = None     # money paid, or bank/card details given
    business: Optional[bool] = None
    nation: Optional[str] = None          # england|wales|scotland|northern_ireland|None (unknown)
    topic_routes: Tuple[str, ...] = ()    # route keys listed by the topic's content file


@dataclass(frozen=True)
class RouteDecision:
    route: str    # key in routes.yml `routes`
    reason: str   # key in routes.yml `reasons`


def referenced_keys() -> Tuple[Set[str], Set[str]]:
    """Every route key and every reason key decide_routes can return."""
    return set(ROUTE_KEYS), set(RULE_REASONS) | set(DEFAULT_REASON.values())


class _Plan:
    """Ordered, duplicate-free list of decisions that applies the nation and age filters."""

    def __init__(self, case: Case, nation: Optional[str]):
        self.case, self.nation = case, nation
        self.items: List[RouteDecision] = []

    def has(self, route: str) -> bool:
        return any(d.route == route for d in self.items)

    def add(self, route: str, reason: Optional[str] = None) -> None:
        if route not in ROUTE_KEYS or self.has(route) or not self._suits(route):
            return
        self.items.append(RouteDecision(route, reason or DEFAULT_REASON[route]))

    def _suits(self, route: str) -> bool:
        child = self.case.child_involved
        if route == "ceop" and child is not True:
            return False  # CEOP is only for a known child (and only via _is_child_sexual_abuse)
        if route in CHILD_ONLY_ROUTES and child is False:
            return False
        if route in ADULT_ONLY_ROUTES and child is True:
            return False
        allowed = ROUTE_NATIONS.get(route)
        return self.nation is None or allowed is None or self.nation in allowed

    def police(self, reason: str) -> None:
        """Non-emergency police: Police Scotland in Scotland, local police 101 elsewhere."""
        self.add("police_scotland_101" if self.nation == "scotland" else "police_101", reason)

    def fraud_report(self, reason: str = "report_fraud") -> None:
        """Report Fraud for England, Wales and NI; Police Scotland 101 for Scotland; both if unknown."""
        if self.nation == "scotland":
            self.add("police_scotland_101", "police_scotland_fraud")
        elif self.nation is None:
            self.add("report_fraud", "report_fraud_unknown_nation")
            self.add("police_scotland_101", "police_scotland_if_scotland")
        else:
            self.add("report_fraud", reason)

    def add_from_topic(self, route: str) -> None:
        if route == "report_fraud":
            self.fraud_report()
        elif route == "police_101":
            self.police("police_101_generic")
        elif route == "police_scotland_101" and self.nation is None:
            self.add(route, "police_scotland_if_scotland")
        elif route == "ceop" and not _is_child_sexual_abuse(self.case):
            return
        elif route != "victim_support":  # always placed last, see decide_routes
            self.add(route)  # nation and age filters apply in add()


def _norm(value: Optional[str]) -> Optional[str]:
    return value.strip().lower() if isinstance(value, str) and value.strip() else None


def _is_child_sexual_abuse(case: Case) -> bool:
    threat, category = _norm(case.threat), _norm(case.category)
    if case.child_involved is not True or threat in NEVER_CEOP:
        return False
    return category == "child_safety" or threat in CHILD_SEXUAL_THREATS


def decide_routes(case: Case) -> List[RouteDecision]:
    """Ordered routes for this case, most urgent first, with no duplicate routes. Never empty."""
    threat, category = _norm(case.threat), _norm(case.category)
    nation = _norm(case.nation)
    nation = nation if nation in NATIONS else None
    child = case.child_involved
    plan = _Plan(case, nation)

    # 1. Emergency.
    if case.danger_now:
        plan.add("emergency_999", "danger_now")
    if case.crime_in_progress:
        plan.add("emergency_999", "crime_in_progress")
    if case.self_harm:
        plan.add("emergency_999", "self_harm_999")
        plan.add("samaritans")
        if child:
            plan.add("childline")

    # 2. Child protection (after 999, before money).
    csa = _is_child_sexual_abuse(case)
    if csa:
        plan.add("ceop", "ceop_sextortion" if threat in SEXTORTION else "ceop_report")
        if threat in SEXTORTION | IMAGE_ABUSE:
            plan.add("report_remove")

    # 3. Money: the bank can sometimes stop or recall a payment, so it comes before any report.
    if case.money_lost:
        plan.add("bank", "money_bank")
        plan.add("stop_scams_159", "money_159")

    # 4. Quick actions for the threat.
    if threat in SIM_SWAP:
        plan.add("mobile_provider")
    if threat in SCAM_TEXT:
        plan.add("forward_7726")
    if threat in SCAM_CALL:
        plan.add("forward_7726", "report_scam_call")
    if threat in PHISHING_EMAIL:
        plan.add("report_phishing_email")

    # 5. The police report.
    police_threats = SEXTORTION | IMAGE_ABUSE | HARASSMENT | CYBER_FLASHING
    fraud_like = threat not in police_threats and (
        category in FRAUD_CATEGORIES or threat in FRAUD_THREATS)
    if fraud_like:
        plan.fraud_report("report_fraud_business" if case.business else "report_fraud")
    elif threat in SEXTORTION:
        plan.police("sextortion_report")
    elif threat in IMAGE_ABUSE:
        plan.police("image_abuse_report")
    elif threat in HARASSMENT:
        plan.police("harassment_report")
    elif threat in CYBER_FLASHING and not csa:
        plan.police("police_crime")

    # 6. Follow-ups and support for the threat.
    if threat in IDENTITY_THEFT:
        plan.add("cifas")
    if threat in PURCHASE_SCAMS:
        plan.add("citizens_advice_consumer")
    if threat in HACKED:
        plan.add("platform_report", "platform_hacked")
    if threat in CYBERBULLYING:
        plan.add("childline")
        plan.add("platform_report", "platform_bullying")
    if csa:
        plan.add("childline")
        plan.add("nspcc")
        plan.add("marie_collins_foundation")
    if threat in SEXTORTION | IMAGE_ABUSE and not csa:
        if child is None:  # age unknown: offer both; each reason says who it is for
            plan.add("report_remove")
            plan.add("childline")
        plan.add("revenge_porn_helpline")
        plan.add("stopncii")
    if threat in HARASSMENT:
        plan.add("national_stalking_helpline")

    # 7. Whatever else the topic file lists, in its order.
    for route in case.topic_routes:
        plan.add_from_topic(_norm(route) or "")

    # 8. Victim Support last: for people harmed by fraud or cyber crime, or if the topic lists it.
    harmed = fraud_like and (case.money_lost or threat in HARM_DONE) and not case.business
    if harmed or "victim_support" in {_norm(r) for r in case.topic_routes}:
        plan.add("victim_support")

    if not plan.items:  # nothing known: a sensible generic list
        if nation == "scotland":
            plan.add("police_scotland_101", "police_scotland_generic")
        else:
            plan.add("police_101", "police_101_generic")
            plan.fraud_report()
    return plan.items
