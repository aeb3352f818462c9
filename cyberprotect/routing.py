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
3. Money lost, or card or bank details (or access to a device) given -> your bank, then 159 to reach it
   safely, before any report (and before 7726: a person who typed card details into a scam text's page
   must stop the card first).
4. Quick actions for the threat: SIM swap -> mobile network; scam text or call -> 7726;
   phishing email -> NCSC.
   Sexual images of children found online -> the IWF (anonymous) first.
5. The police report. Fraud and cyber crime -> Report Fraud in England, Wales and Northern Ireland,
   Police Scotland 101 (then Scotland's Cyber and Fraud Hub) in Scotland (Scotland never gets Report
   Fraud); if the nation is unknown, both, each with a reason that says who it is for. An attack on an
   organisation -> Report Fraud's business reason and GOV.UK's cyber incident reporting. Sextortion,
   AI-made intimate images, harassment and stalking, tech-enabled domestic abuse and adult
   cyber flashing -> police 101 (PSNI in Northern Ireland, Police Scotland in Scotland).
6. Follow-ups and support for the threat (Cifas, consumer advice, platform tools, Childline, NSPCC,
   Marie Collins Foundation, Revenge Porn Helpline, StopNCII, stalking and domestic abuse helplines,
   Crimestoppers, Stop It Now, Cyber Choices, the victims' rights pages).
7. Routes the topic file lists that the engine has not placed yet, in the topic's order.
8. Victim Support last, for people harmed by fraud or cyber crime; then the force's own Cyber Protect
   team for them, for organisations, and for people asking about talks and advice.

If nothing at all applies, a generic list: police 101 plus the Report Fraud / Police Scotland note.
Throughout, a route that does not serve the person's nation is swapped for that nation's equivalent
(NATION_EQUIVALENTS: Victim Support Scotland / NI, Advice Direct Scotland / Consumerline, the domestic abuse
helpline of each nation, the PSNI, the Scottish and NI victims' rights), or dropped if there is none; with the
nation unknown the England and Wales service is shown under a name that says so. Child-only or adult-only
services are dropped when the person's age rules them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, FrozenSet, List, Optional, Set, Tuple

NATIONS = ("england", "wales", "scotland", "northern_ireland")

# --- Route keys (must exist under `routes:` in content/routes/routes.yml) -----------------------
ROUTE_KEYS: FrozenSet[str] = frozenset(
    {
        "emergency_999",
        "police_101",
        "psni_101",
        "report_fraud",
        "police_scotland_101",
        "stop_scams_159",
        "bank",
        "forward_7726",
        "report_phishing_email",
        "ceop",
        "iwf_report",
        "report_remove",
        "revenge_porn_helpline",
        "stopncii",
        "samaritans",
        "childline",
        "nspcc",
        "cifas",
        "platform_report",
        "victim_support",
        "victim_support_scotland",
        "victim_support_ni",
        "marie_collins_foundation",
        "national_stalking_helpline",
        "citizens_advice_consumer",
        "advice_direct_scotland",
        "consumerline_ni",
        "mobile_provider",
        "cyber_fraud_hub_scotland",
        "crimestoppers",
        "stop_it_now",
        "ncsc_report_cyber",
        "cyber_choices",
        "national_da_helpline",
        "live_fear_free",
        "scotland_da_helpline",
        "ni_dsa_helpline",
        "victims_code",
        "victims_code_scotland",
        "victim_charter_ni",
        "local_cyber_protect",
    }
)

# Routes that serve only some nations. Must match `nations:` in routes.yml (a test checks this);
# every other route serves all four nations.
_EW, _S, _NI = frozenset({"england", "wales"}), frozenset({"scotland"}), frozenset({"northern_ireland"})
ROUTE_NATIONS: Dict[str, FrozenSet[str]] = {
    "police_101": _EW,
    "psni_101": _NI,
    "report_fraud": frozenset({"england", "wales", "northern_ireland"}),
    "police_scotland_101": _S,
    "cyber_fraud_hub_scotland": _S,
    "victim_support": _EW,
    "victim_support_scotland": _S,
    "victim_support_ni": _NI,
    "citizens_advice_consumer": _EW,
    "advice_direct_scotland": _S,
    "consumerline_ni": _NI,
    "national_da_helpline": frozenset({"england"}),
    "live_fear_free": frozenset({"wales"}),
    "scotland_da_helpline": _S,
    "ni_dsa_helpline": _NI,
    "victims_code": _EW,
    "victims_code_scotland": _S,
    "victim_charter_ni": _NI,
    "nhs_111_mental_health": frozenset({"england", "wales", "scotland"}),  # named only in a safeguarding reply
    "lifeline_ni": _NI,  # its Northern Ireland equivalent
}

# A route that does not serve the person's nation is replaced by that nation's own service (same job).
# Every nation-limited route that has an equivalent elsewhere is listed, so nobody in Scotland or Northern
# Ireland is left with nothing where England and Wales have a service (a test checks this).
NATION_EQUIVALENTS: Dict[str, Dict[str, str]] = {
    "police_101": {"northern_ireland": "psni_101", "scotland": "police_scotland_101"},
    "victim_support": {"scotland": "victim_support_scotland", "northern_ireland": "victim_support_ni"},
    "citizens_advice_consumer": {"scotland": "advice_direct_scotland", "northern_ireland": "consumerline_ni"},
    "national_da_helpline": {
        "wales": "live_fear_free",
        "scotland": "scotland_da_helpline",
        "northern_ireland": "ni_dsa_helpline",
    },
    "victims_code": {"scotland": "victims_code_scotland", "northern_ireland": "victim_charter_ni"},
    "nhs_111_mental_health": {"northern_ireland": "lifeline_ni"},
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
    "psni_101": "psni_generic",
    "iwf_report": "iwf_report",
    "victim_support_scotland": "victim_support_scotland",
    "victim_support_ni": "victim_support_ni",
    "advice_direct_scotland": "consumer_rights_scotland",
    "consumerline_ni": "consumer_rights_ni",
    "cyber_fraud_hub_scotland": "cyber_fraud_hub",
    "crimestoppers": "crimestoppers_anonymous",
    "stop_it_now": "stop_it_now",
    "ncsc_report_cyber": "ncsc_report_cyber",
    "cyber_choices": "cyber_choices",
    "national_da_helpline": "domestic_abuse_helpline",
    "live_fear_free": "domestic_abuse_helpline",
    "scotland_da_helpline": "domestic_abuse_helpline",
    "ni_dsa_helpline": "domestic_abuse_helpline",
    "victims_code": "victims_rights",
    "victims_code_scotland": "victims_rights",
    "victim_charter_ni": "victims_rights",
    "local_cyber_protect": "local_cyber_protect",
}

# Reason keys used by the rules (besides DEFAULT_REASON). Must exist under `reasons:`.
RULE_REASONS: FrozenSet[str] = frozenset(
    {
        "danger_now",
        "crime_in_progress",
        "self_harm_999",
        "money_bank",
        "money_159",
        "details_bank",
        "ceop_sextortion",
        "report_scam_call",
        "report_fraud_business",
        "report_fraud_unknown_nation",
        "police_scotland_fraud",
        "police_scotland_not_report_fraud",
        "police_scotland_if_scotland",
        "sextortion_report",
        "image_abuse_report",
        "harassment_report",
        "police_crime",
        "platform_bullying",
        "platform_hacked",
        "tech_abuse_report",
        "suspect_report",
    }
)

# --- Threat groups (topic keys; category from the topic file does most of the work) --------------
FRAUD_CATEGORIES = frozenset({"fraud", "cyber_crime"})
# Every key here is a topic file's `key` (content/topics/); tests/unit/test_routing.py checks it.
FRAUD_THREATS = frozenset(
    {
        "smishing",
        "phishing_email",
        "vishing",
        "purchase_scam",
        "investment_scam",
        "romance_scam",
        "invoice_fraud",
        "identity_theft",
        "sim_swap",
        "courier_fraud",
        "official_impersonation",
        "family_impersonation",
        "hacked_account",
        "ransomware",
        "malware",
    }
)
SEXTORTION = frozenset({"sextortion"})
IMAGE_ABUSE = frozenset({"deepfake_images"})  # AI-made intimate images (real ones used to blackmail: SEXTORTION)
DEEPFAKE = frozenset({"deepfake_images"})
HARASSMENT = frozenset({"harassment"})  # the topic covers online stalking and threats too
TECH_ABUSE = frozenset({"tech_abuse"})  # domestic abuse through phones, apps and trackers
CHILD_ABUSE_IMAGES = frozenset({"child_abuse_images"})  # finding, or suspecting someone of, sexual images of children
YOUTH_HACKING = frozenset({"youth_hacking"})  # a young person drifting into hacking (Cyber Choices)
VICTIMS_RIGHTS = frozenset({"victims_rights"})
WEBSITE_ATTACK = frozenset({"website_attack"})
BUSINESS_THREATS = WEBSITE_ATTACK | frozenset({"invoice_fraud", "ransomware"})
LOCAL_TEAM = frozenset({"cyber_protect_team"})  # talks and advice from the force's own team
MONEY_MULE = frozenset({"money_mule"})
# Topics about nude or sexual images: Report Remove (for under-18s' own such images) always fits them; other topics
# get it only when the story mentions such images (Case.sexual_images). Bullying, grooming or an impersonation with
# ordinary photos do not get it.
SEXUAL_IMAGE_TOPICS = frozenset({"sextortion", "deepfake_images", "child_abuse_images"})
CYBER_FLASHING = frozenset({"cyber_flashing"})
# Sexual threats that mean CEOP when the victim is a child, whatever the topic's category.
CHILD_SEXUAL_THREATS = SEXTORTION | IMAGE_ABUSE | CYBER_FLASHING | frozenset({"child_grooming"})
NEVER_CEOP = frozenset({"cyberbullying", "hacked_account"}) | CHILD_ABUSE_IMAGES
CYBERBULLYING = frozenset({"cyberbullying"})
HACKED = frozenset({"hacked_account"})
SCAM_TEXT = frozenset({"smishing"})
SCAM_CALL = frozenset({"vishing"})
PHISHING_EMAIL = frozenset({"phishing_email"})
IDENTITY_THEFT = frozenset({"identity_theft"})
SIM_SWAP = frozenset({"sim_swap"})
PURCHASE_SCAMS = frozenset({"purchase_scam"})
# Someone was let into the device: the bank before any report, even when the message says nothing of money.
DEVICE_ACCESS = frozenset({"remote_access"})
# Threats where the person has already been harmed, even if no money is mentioned.
HARM_DONE = frozenset(
    {
        "identity_theft",
        "sim_swap",
        "hacked_account",
        "ransomware",
        "romance_scam",
        "investment_scam",
        "purchase_scam",
        "invoice_fraud",
    }
)


@dataclass(frozen=True)
class Case:
    threat: Optional[str] = None  # topic key, e.g. "smishing", "sextortion"
    category: Optional[str] = None  # fraud | cyber_crime | abuse | child_safety | prevention
    danger_now: Optional[bool] = None  # risk to life / someone in danger now
    crime_in_progress: Optional[bool] = None
    self_harm: Optional[bool] = None
    child_involved: Optional[bool] = None  # victim is under 18
    money_lost: Optional[bool] = None  # money paid (or the triage's "lost money or given details": yes)
    details_given: Optional[bool] = None  # card or bank details, or access to a device, given (no money yet)
    business: Optional[bool] = None
    nation: Optional[str] = None  # england|wales|scotland|northern_ireland|None (unknown)
    topic_routes: Tuple[str, ...] = ()  # route keys listed by the topic's content file
    # The message names Action Fraud or Report Fraud ("Should I report it to Action Fraud?"): in Scotland the
    # Police Scotland line says plainly that Scotland does not report there (questions.names_report_fraud).
    names_report_fraud: Optional[bool] = None
    # The story mentions nude or sexual images (message_facts.mentions_sexual_images): True, False (a story that
    # does not), None (not known: a button, a short question). Report Remove needs True, or None and a topic about
    # such images (SEXUAL_IMAGE_TOPICS).
    sexual_images: Optional[bool] = None


@dataclass(frozen=True)
class RouteDecision:
    route: str  # key in routes.yml `routes`
    reason: str  # key in routes.yml `reasons`


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
        if route not in ROUTE_KEYS:
            return
        if not self._serves_nation(route):  # e.g. Victim Support in Scotland -> Victim Support Scotland
            route = NATION_EQUIVALENTS.get(route, {}).get(self.nation or "", "")
            if not route:
                return
        if self.has(route) or not self._suits(route):
            return
        self.items.append(RouteDecision(route, reason or DEFAULT_REASON[route]))

    def _serves_nation(self, route: str) -> bool:
        allowed = ROUTE_NATIONS.get(route)
        return self.nation is None or allowed is None or self.nation in allowed

    def _suits(self, route: str) -> bool:
        child = self.case.child_involved
        if route == "ceop" and child is not True:
            return False  # CEOP is only for a known child (and only via _is_child_sexual_abuse)
        if route in CHILD_ONLY_ROUTES and child is False:
            return False
        if route == "report_remove" and not _about_sexual_images(self.case):
            return False  # Report Remove is for nude or sexual images: not for ordinary photos, bullying or money
        if route in ADULT_ONLY_ROUTES and child is True:
            return False
        return self._serves_nation(route)

    def police(self, reason: str) -> None:
        """Non-emergency police: Police Scotland in Scotland, local police 101 elsewhere."""
        self.add("police_scotland_101" if self.nation == "scotland" else "police_101", reason)

    def fraud_report(self, reason: str = "report_fraud") -> None:
        """Report Fraud for England, Wales and NI; Police Scotland 101 for Scotland; both if unknown."""
        if self.nation == "scotland":
            self.add("police_scotland_101", self.scotland_reason("police_scotland_fraud"))
            if reason != "report_fraud_business":
                self.add("cyber_fraud_hub_scotland")
        elif self.nation is None:
            self.add("report_fraud", "report_fraud_unknown_nation")
            self.add("police_scotland_101", "police_scotland_if_scotland")
        else:
            self.add("report_fraud", reason)

    def scotland_reason(self, reason: str) -> str:
        """`reason` for Police Scotland, or, when the person named Action Fraud or Report Fraud, the reason that
        answers them: in Scotland you report to Police Scotland on 101, not to Report Fraud."""
        return "police_scotland_not_report_fraud" if self.case.names_report_fraud else reason

    def add_from_topic(self, route: str) -> None:
        if route == "report_fraud":
            self.fraud_report()
        elif route == "police_101":
            self.police("police_101_generic")
        elif route == "police_scotland_101" and self.nation is None:
            self.add(route, "police_scotland_if_scotland")
        elif route == "ceop" and not _is_child_sexual_abuse(self.case):
            return
        elif route not in ("victim_support", "local_cyber_protect"):  # always placed last, see decide_routes
            self.add(route)  # nation and age filters apply in add()


def _norm(value: Optional[str]) -> Optional[str]:
    return value.strip().lower() if isinstance(value, str) and value.strip() else None


def _about_sexual_images(case: Case) -> bool:
    """The topic is about nude or sexual images, or the story mentions them. A topic about them always counts, even
    when the story's words were not recognised ("sent a pic … they'll send it to his mates"): a child being
    sextorted must not lose Report Remove because a word list missed the picture."""
    if _norm(case.threat) in SEXUAL_IMAGE_TOPICS:
        return True
    return bool(case.sexual_images)


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
    elif case.details_given or threat in DEVICE_ACCESS:  # a scammer on the device may reach the bank account
        plan.add("bank", "details_bank")
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
    if threat in CHILD_ABUSE_IMAGES:
        plan.add("iwf_report")

    # 5. The police report.
    police_threats = SEXTORTION | IMAGE_ABUSE | HARASSMENT | CYBER_FLASHING | TECH_ABUSE | CHILD_ABUSE_IMAGES
    fraud_like = threat not in police_threats and (category in FRAUD_CATEGORIES or threat in FRAUD_THREATS)
    business = bool(case.business) or threat in WEBSITE_ATTACK
    if fraud_like:
        plan.fraud_report("report_fraud_business" if business else "report_fraud")
        if business:
            plan.add("ncsc_report_cyber")
    elif threat in SEXTORTION:
        plan.police("sextortion_report")
    elif threat in IMAGE_ABUSE:
        plan.police("image_abuse_report")
    elif threat in HARASSMENT:
        plan.police("harassment_report")
    elif threat in TECH_ABUSE:
        plan.police("tech_abuse_report")
    elif threat in CHILD_ABUSE_IMAGES:
        plan.police("suspect_report")
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
        if threat in DEEPFAKE:
            plan.add("report_remove")
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
    if threat in TECH_ABUSE:
        plan.add("national_da_helpline")  # each nation's own helpline (NATION_EQUIVALENTS)
        plan.add("national_stalking_helpline")
    if threat in CHILD_ABUSE_IMAGES:
        plan.add("crimestoppers")
        plan.add("stop_it_now")
        plan.add("nspcc")
    if threat in MONEY_MULE:
        plan.add("crimestoppers")
    if threat in YOUTH_HACKING:
        plan.add("cyber_choices")
        if child is not False:
            plan.add("childline")
    if threat in VICTIMS_RIGHTS:
        plan.add("victims_code")

    # 7. Whatever else the topic file lists, in its order.
    for route in case.topic_routes:
        plan.add_from_topic(_norm(route) or "")

    # 8. Victim Support last: for people harmed by fraud or cyber crime, or if the topic lists it.
    harmed = fraud_like and (case.money_lost or threat in HARM_DONE) and not business
    listed = {_norm(r) for r in case.topic_routes}
    if harmed or "victim_support" in listed or threat in VICTIMS_RIGHTS:
        plan.add("victim_support")
    # The force's own Cyber Protect team: support after a crime, advice for organisations, talks.
    if harmed or business or threat in BUSINESS_THREATS | LOCAL_TEAM | YOUTH_HACKING or "local_cyber_protect" in listed:
        plan.add("local_cyber_protect")

    if not plan.items:  # nothing known: a sensible generic list
        if nation == "scotland":
            plan.add("police_scotland_101", plan.scotland_reason("police_scotland_generic"))
        else:
            plan.add("police_101", "police_101_generic")
            plan.fraud_report()
    return plan.items


def victim_support_routes(nation: Optional[str]) -> List[RouteDecision]:
    """The victim support service for the person's nation, for the support reply to someone upset after a crime
    (the distress reply): Victim Support in England and Wales, Victim Support Scotland, Victim Support NI; all three,
    each under its own name, when the nation is unknown."""
    nation = _norm(nation)
    if nation in NATIONS:
        plan = _Plan(Case(nation=nation), nation)
        plan.add("victim_support")  # swapped for the nation's own service (NATION_EQUIVALENTS)
        return plan.items
    return [
        RouteDecision(r, DEFAULT_REASON[r]) for r in ("victim_support", "victim_support_scotland", "victim_support_ni")
    ]


def image_removal_routes(child: Optional[bool], nation: Optional[str]) -> List[RouteDecision]:
    """Where to go to get a nude or sexual image or video taken down ("Can I get the photo taken down?"), by the age of
    the person in it: under 18, Report Remove (Childline and the IWF) and Childline; 18 or over, StopNCII and the
    Revenge Porn Helpline, then the police (sharing or threatening to share intimate images is a crime). With the
    age unknown (the person is not sure; the action asks first): both, each with a reason that says who it is for."""
    nation = _norm(nation)
    nation = nation if nation in NATIONS else None
    plan = _Plan(Case(child_involved=child, nation=nation, sexual_images=True), nation)
    if child is not False:  # under 18, or not known: both lists, each reason says who it is for
        plan.add("report_remove")
        plan.add("childline")
    if child is not True:
        plan.add("stopncii")
        plan.add("revenge_porn_helpline")
        plan.police("image_abuse_report")
    return plan.items


def contact_routes(nation: Optional[str]) -> List[RouteDecision]:
    """People to speak to when the force's team cannot take the chat (talk to a person, issue 27): the
    non-emergency police, where to report fraud, Victim Support, and Samaritans, each for the person's nation
    (both reporting routes when the nation is unknown). 999 is not listed here: every handover message says
    "if anyone is in danger now, call 999" itself."""
    nation = _norm(nation)
    nation = nation if nation in NATIONS else None
    plan = _Plan(Case(nation=nation), nation)
    if nation == "northern_ireland":
        plan.add("psni_101", "psni_generic")
    else:
        plan.police("police_scotland_generic" if nation == "scotland" else "police_101_generic")
    plan.fraud_report()
    plan.add("victim_support")
    plan.add("samaritans")
    return plan.items


# A young person telling their own story on a topic written for adults: what they can do themselves and who
# they can talk to come first, the reporting routes (which they can use with a parent or carer) after them.
YOUNG_WRITER_FIRST = ("emergency_999", "platform_report", "childline")
YOUNG_WRITER_DROPPED = frozenset({"local_cyber_protect"})  # talks for groups and businesses


MONEY_REASONS = frozenset({"money_bank", "details_bank", "money_159"})  # placed by rule 3: money or details given


def for_young_writer(decisions: List[RouteDecision]) -> List[RouteDecision]:
    """`decisions` reordered for a young person writing about themselves: 999 (if given), the bank when money or
    details were given (rule 3), the app's own tools and Childline first, then the rest in the engine's order; the
    force's talks team left out."""
    emergency = [d for d in decisions if d.route == "emergency_999"]
    money = [d for d in decisions if d.reason in MONEY_REASONS]
    first = emergency + money + [d for key in YOUNG_WRITER_FIRST[1:] for d in decisions if d.route == key]
    rest = [d for d in decisions if d not in first and d.route not in YOUNG_WRITER_DROPPED]
    return first + rest
