"""Schema of the advice content (content/topics/*.yml and content/routes/routes.yml).

Pure Python, no Rasa imports. `parse_topic` / `parse_routes` / `parse_talk` / `parse_platform` /
`parse_young_people` turn loaded YAML into typed records and raise ContentError with a clear message when a
field is missing or malformed; `review_problems` lists content that is past its review period. Text may name a
route as `{route_key}` (e.g. "call {emergency_999}"): the reply shows that route's number from routes.yml, so
numbers are never typed into advice text. The format is described for editors in docs/content-format.md.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Tuple

CATEGORIES = ("fraud", "cyber_crime", "abuse", "child_safety", "prevention")
ROUTE_KINDS = ("emergency", "report", "support", "platform")
NATIONS = ("england", "wales", "scotland", "northern_ireland")
# UK numbers as written for people: 999, 101, 159, 7726, 18000, 116 123, 0800 1111, 0300 123 2040, 020 7...
PHONE_RE = re.compile(r"^(999|112|101|159|111|7726|18000|116 ?\d{3}|0\d{2,4}( ?\d{2,4}){1,3})$")
URL_RE = re.compile(r"^https://[a-z0-9.-]+\.[a-z]{2,}(/\S*)?$", re.IGNORECASE)
SHORT_LANDLINE_EXCEPTIONS = (
    "0800 1111",
    "0800 555 111",
)  # Childline (8 digits), Crimestoppers (10); other 0 numbers have 11
EMAIL_RE = re.compile(r"^[^@\s]+@[a-z0-9.-]+\.[a-z]{2,}$", re.IGNORECASE)
AGE_BANDS = ("under_8", "8_to_12", "13_to_17")  # children's age bands used by the parents' guidance
TALK_LETTERS = ("T", "A", "L", "K")  # the IWF's TALK checklist, in its order
PLACEHOLDER_RE = re.compile(r"\{([a-z0-9_]+)\}")


class ContentError(ValueError):
    """The content is malformed; the message says which file and field."""


@dataclass(frozen=True)
class Source:
    url: str
    title: str
    why: Optional[str] = None  # why a source outside OFFICIAL_SOURCE_DOMAINS is used (see source_problems)


@dataclass(frozen=True)
class YoungPersonText:
    """The same advice worded for a young person who talks to the bot directly."""

    summary: str
    do_now: Tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    summary: str
    category: str
    do_now: Tuple[str, ...]
    protect: Tuple[str, ...]
    signs: Tuple[str, ...]
    routes: Tuple[str, ...]
    support: Tuple[str, ...]
    sources: Tuple[Source, ...]
    last_reviewed: dt.date
    review_period_days: int
    child_victim: bool = False  # always about someone under 18
    young_person: Optional[YoungPersonText] = None  # wording for a young person, if the topic has one


@dataclass(frozen=True)
class Route:
    key: str
    name: str
    kind: str
    phone: Optional[str]
    text: Optional[str]
    email: Optional[str]
    url: Optional[str]
    hours: Optional[str]
    for_: str
    not_for: Optional[str]
    nations: Tuple[str, ...]
    source: str
    last_reviewed: dt.date
    review_period_days: int
    tell: Optional[str] = None  # what a person must know to use it: always shown with the route
    events_url: Optional[str] = None  # a page of upcoming events and talks (the local Cyber Protect team)
    source_why: Optional[str] = None  # why `source` is outside OFFICIAL_SOURCE_DOMAINS
    placeholder: bool = False  # values are examples the force must replace (content-report flags it)
    until_set: Optional[str] = None  # shown instead of a placeholder route's example values (never the examples)


def _need(data: Mapping[str, Any], field: str, where: str) -> Any:
    if field not in data or data[field] in (None, "", []):
        raise ContentError(f"{where}: '{field}' is missing")
    return data[field]


def _str_list(data: Mapping[str, Any], field: str, where: str, required: bool = True) -> Tuple[str, ...]:
    value = data.get(field) or []
    if required and not value:
        raise ContentError(f"{where}: '{field}' needs at least one item")
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ContentError(f"{where}: '{field}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ContentError(f"{where}: last_reviewed '{value}' is not a YYYY-MM-DD date") from exc


def _url(value: Any, where: str) -> str:
    if not isinstance(value, str) or not URL_RE.match(value):
        raise ContentError(f"{where}: '{value}' is not an https URL")
    return value


def _sources(data: Mapping[str, Any], where: str) -> Tuple[Source, ...]:
    sources = _need(data, "sources", where)
    if not isinstance(sources, list):
        raise ContentError(f"{where}: 'sources' must be a list")
    return tuple(
        Source(
            url=_url(_need(s, "url", where), where),
            title=str(_need(s, "title", where)),
            why=(str(s["why"]).strip() if s.get("why") else None),
        )
        for s in sources
    )


def _period(data: Mapping[str, Any], where: str) -> int:
    period = _need(data, "review_period_days", where)
    if not isinstance(period, int) or isinstance(period, bool) or period <= 0:
        raise ContentError(f"{where}: review_period_days must be a positive whole number")
    return period


def _young_person(data: Mapping[str, Any], where: str) -> Optional[YoungPersonText]:
    raw = data.get("young_person")
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise ContentError(f"{where}: 'young_person' must have 'summary' and 'do_now'")
    where = f"{where} young_person"
    return YoungPersonText(summary=str(_need(raw, "summary", where)).strip(), do_now=_str_list(raw, "do_now", where))


def parse_topic(data: Mapping[str, Any], where: str) -> Topic:
    if not isinstance(data, Mapping):
        raise ContentError(f"{where}: expected a mapping of fields")
    category = _need(data, "category", where)
    if category not in CATEGORIES:
        raise ContentError(f"{where}: category '{category}' is not one of {CATEGORIES}")
    parsed_sources = _sources(data, where)
    period = _period(data, where)
    child_victim = data.get("child_victim", False)
    if not isinstance(child_victim, bool):
        raise ContentError(f"{where}: child_victim must be true or false")
    return Topic(
        key=str(_need(data, "key", where)),
        title=str(_need(data, "title", where)),
        summary=str(_need(data, "summary", where)).strip(),
        category=category,
        do_now=_str_list(data, "do_now", where),
        protect=_str_list(data, "protect", where),
        signs=_str_list(data, "signs", where),
        routes=_str_list(data, "routes", where, required=False),
        support=_str_list(data, "support", where, required=False),
        sources=parsed_sources,
        last_reviewed=_date(_need(data, "last_reviewed", where), where),
        review_period_days=period,
        child_victim=child_victim,
        young_person=_young_person(data, where),
    )


def parse_route(key: str, data: Mapping[str, Any], where: str) -> Route:
    where = f"{where} route '{key}'"
    kind = _need(data, "kind", where)
    if kind not in ROUTE_KINDS:
        raise ContentError(f"{where}: kind '{kind}' is not one of {ROUTE_KINDS}")
    phone = data.get("phone")
    digits = re.sub(r"\D", "", str(phone or ""))
    if phone is not None and (
        not PHONE_RE.match(str(phone))
        or (digits.startswith("0") and len(digits) != 11 and str(phone) not in SHORT_LANDLINE_EXCEPTIONS)
    ):
        raise ContentError(f"{where}: phone '{phone}' is not a UK number written as digits and spaces")
    text = data.get("text")
    if text is not None and not re.fullmatch(r"\d{3,6}", str(text)):
        raise ContentError(f"{where}: text '{text}' is not an SMS short code")
    email = data.get("email")
    if email is not None and not EMAIL_RE.match(str(email)):
        raise ContentError(f"{where}: email '{email}' is malformed")
    url = data.get("url")
    nations = tuple(data.get("nations") or NATIONS)
    bad = [n for n in nations if n not in NATIONS]
    if bad:
        raise ContentError(f"{where}: unknown nations {bad}")
    period = _need(data, "review_period_days", where)
    return Route(
        key=key,
        name=str(_need(data, "name", where)),
        kind=kind,
        phone=str(phone) if phone is not None else None,
        text=str(text) if text is not None else None,
        email=email,
        url=_url(url, where) if url else None,
        hours=data.get("hours"),
        for_=str(_need(data, "for", where)),
        not_for=data.get("not_for"),
        nations=nations,
        source=_url(_need(data, "source", where), where),
        last_reviewed=_date(_need(data, "last_reviewed", where), where),
        review_period_days=int(period),
        tell=str(data["tell"]).strip() if data.get("tell") else None,
        events_url=_url(data["events_url"], where) if data.get("events_url") else None,
        source_why=str(data["source_why"]).strip() if data.get("source_why") else None,
        placeholder=data.get("placeholder") is True,
        until_set=_until_set(data, where),
    )


def _until_set(data: Mapping[str, Any], where: str) -> Optional[str]:
    """A placeholder route must say what to show the public until the force fills it in."""
    text = str(data.get("until_set") or "").strip()
    if data.get("placeholder") is True and not text:
        raise ContentError(f"{where}: a placeholder route needs 'until_set', the line shown instead of its examples")
    return text or None


def parse_routes(data: Mapping[str, Any], where: str) -> Tuple[Dict[str, Route], Dict[str, str]]:
    if not isinstance(data, Mapping):
        raise ContentError(f"{where}: expected 'routes' and 'reasons'")
    routes = {k: parse_route(k, v or {}, where) for k, v in (_need(data, "routes", where)).items()}
    reasons = {str(k): str(v).strip() for k, v in (_need(data, "reasons", where)).items()}
    return routes, reasons


# --- Sources and review periods -------------------------------------------------------------------------
# Official first: government, police, regulators and the national charities the issue names. A source on any
# other domain needs a `why` (topics, platforms) or `source_why` (routes) saying why it is used.
OFFICIAL_SOURCE_DOMAINS = (
    "gov.uk",
    "gov.scot",
    "gov.wales",
    "police.uk",
    "nidirect.gov.uk",
    "legislation.gov.uk",
    "ncsc.gov.uk",
    "nicybersecuritycentre.gov.uk",
    "nationalcrimeagency.gov.uk",
    "fca.org.uk",
    "psr.org.uk",
    "ofcom.org.uk",
    "ico.org.uk",
    "ceop.police.uk",
    "ceopeducation.co.uk",
    "iwf.org.uk",
    "nspcc.org.uk",
    "childline.org.uk",
    "takefive-stopfraud.org.uk",
    "getsafeonline.org",
    "which.co.uk",
    "victimsupport.org.uk",
    "victimsupport.scot",
    "victimsupportni.com",
    "citizensadvice.org.uk",
    "samaritans.org",
    "swgfl.org.uk",
    "saferinternet.org.uk",
    "revengepornhelpline.org.uk",
    "stopncii.org",
    "stopscamsuk.org.uk",
    "cifas.org.uk",
    "ukfinance.org.uk",
    "suzylamplugh.org",
    "mariecollinsfoundation.org.uk",
    "refuge.org.uk",
    "nationaldahelpline.org.uk",
    "cyberfraudhub.org",
    "lucyfaithfull.org.uk",
    "stopitnow.org.uk",
    "internetmatters.org",
    "anti-bullyingalliance.org.uk",  # UK child online-safety charities cited by police and schools
    # the platforms' own help and safety pages (the only first-hand source for their settings)
    "snapchat.com",
    "instagram.com",
    "meta.com",
    "tiktok.com",
    "roblox.com",
    "whatsapp.com",
    "discord.com",
    "xbox.com",
    "playstation.com",
    "nintendo.co.uk",
    "nintendo.com",
    "apple.com",
    "google.com",
)
# Phone numbers, opening hours and app settings change often: their review period may not exceed this.
MAX_REVIEW_DAYS_FAST_CHANGING = 180


def is_official(url: str) -> bool:
    host = re.sub(r"^https?://", "", url).split("/")[0].lower()
    return any(host == d or host.endswith("." + d) for d in OFFICIAL_SOURCE_DOMAINS)


def source_problems(items: List[Any]) -> List[str]:
    """Sources outside OFFICIAL_SOURCE_DOMAINS that do not say why they are used."""
    out = []
    for item in items:
        key = getattr(item, "key", "?")
        if isinstance(item, Route):
            if not is_official(item.source) and not item.source_why:
                out.append(f"route {key}: source {item.source} is not official and has no source_why")
            continue
        for src in getattr(item, "sources", ()):
            if not is_official(src.url) and not src.why:
                out.append(f"{key}: source {src.url} is not official and has no why")
    return out


def review_period_problems(items: List[Any]) -> List[str]:
    """Routes with a phone number or text code, and app guides, reviewed less often than every 180 days."""
    out = []
    for item in items:
        fast = (isinstance(item, Route) and (item.phone or item.text)) or isinstance(item, PlatformGuide)
        if fast and item.review_period_days > MAX_REVIEW_DAYS_FAST_CHANGING:
            out.append(f"{item.key}: review_period_days {item.review_period_days} > {MAX_REVIEW_DAYS_FAST_CHANGING}")
    return out


# `for` and `not_for` say who a route is for; they are for editors and are never shown. Anything a person must
# know to use the route (how to text 7726, what to do if 159 fails, that CEOP takes no anonymous reports) goes
# in `tell`, which is shown every time. These words in `for`/`not_for` mean an instruction is hidden there.
HIDDEN_INSTRUCTION_RE = re.compile(
    r"\b(text the word|press \d+|you must|must give|anonymous|screenshot|if it does not work|if it doesn't work"
    r"|register|stay on the line|there is a fee|also check|from another phone|number on the back)\b|\d{4,}|@",
    re.IGNORECASE,
)


def hidden_instruction_problems(routes: Mapping[str, "Route"]) -> List[str]:
    """Routes whose `for` or `not_for` text holds an instruction that belongs in the shown `tell` field."""
    out = []
    for key, route in routes.items():
        for field_name, text in (("for", route.for_), ("not_for", route.not_for or "")):
            match = HIDDEN_INSTRUCTION_RE.search(text)
            if match:
                out.append(f"route {key}: '{match.group(0)}' in {field_name} is never shown; move it to tell")
    return out


def review_problems(items: List[Any], today: dt.date) -> List[str]:
    """Names of topics/routes whose last_reviewed + review_period_days is before today."""
    out = []
    for item in items:
        due = item.last_reviewed + dt.timedelta(days=item.review_period_days)
        if due < today:
            out.append(f"{item.key}: review was due on {due.isoformat()}")
    return out


# --- Children and parents: the TALK checklist, app and game settings, and words for young people ------------
@dataclass(frozen=True)
class TalkStep:
    letter: str  # T, A, L or K
    word: str  # Talk, Agree, Learn, Know
    wording: str  # the IWF's own sentence for this step
    suggestions: Tuple[str, ...]  # practical tips for every parent
    by_age: Dict[str, Tuple[str, ...]]  # tips per age band (AGE_BANDS)


@dataclass(frozen=True)
class TalkGuide:
    key: str
    title: str
    intro: str
    steps: Tuple[TalkStep, ...]
    sources: Tuple[Source, ...]
    last_reviewed: dt.date
    review_period_days: int


@dataclass(frozen=True)
class PlatformGuide:
    key: str
    name: str
    aliases: Tuple[str, ...]  # words people use for it ("insta", "ps5"), lower case
    everyday_word_aliases: Tuple[str, ...]  # aliases that are also ordinary words ("switch"): they name this
    # platform only when no other platform is named
    minimum_age: Optional[int]  # the app's own minimum age, if it has one
    settings: Tuple[str, ...]
    reporting: Tuple[str, ...]
    sources: Tuple[Source, ...]
    last_reviewed: dt.date
    review_period_days: int


@dataclass(frozen=True)
class YoungPeopleGuide:
    key: str
    intro: str
    story_intro: str  # before the steps for a story the young person has already told (defaults to intro)
    steps: Tuple[str, ...]
    routes: Tuple[str, ...]
    sources: Tuple[Source, ...]
    last_reviewed: dt.date
    review_period_days: int


def parse_talk(data: Mapping[str, Any], where: str) -> TalkGuide:
    if not isinstance(data, Mapping):
        raise ContentError(f"{where}: expected a mapping of fields")
    raw_steps = _need(data, "steps", where)
    if not isinstance(raw_steps, list):
        raise ContentError(f"{where}: 'steps' must be a list")
    steps = []
    for i, raw in enumerate(raw_steps):
        w = f"{where} step {i + 1}"
        if not isinstance(raw, Mapping):
            raise ContentError(f"{w}: expected a mapping of fields")
        by_age_raw = _need(raw, "by_age", w)
        if not isinstance(by_age_raw, Mapping) or set(by_age_raw) != set(AGE_BANDS):
            raise ContentError(f"{w}: 'by_age' must have exactly the age bands {AGE_BANDS}")
        steps.append(
            TalkStep(
                letter=str(_need(raw, "letter", w)),
                word=str(_need(raw, "word", w)),
                wording=str(_need(raw, "wording", w)).strip(),
                suggestions=_str_list(raw, "suggestions", w),
                by_age={band: _str_list(by_age_raw, band, f"{w} by_age") for band in AGE_BANDS},
            )
        )
    letters = tuple(s.letter for s in steps)
    if letters != TALK_LETTERS:
        raise ContentError(f"{where}: steps must be {TALK_LETTERS} in that order, found {letters}")
    for step in steps:
        if not step.wording.lower().startswith(step.word.lower()) or step.word[0] != step.letter:
            raise ContentError(f"{where} step {step.letter}: wording must start with '{step.word}'")
    return TalkGuide(
        key=str(_need(data, "key", where)),
        title=str(_need(data, "title", where)),
        intro=str(_need(data, "intro", where)).strip(),
        steps=tuple(steps),
        sources=_sources(data, where),
        last_reviewed=_date(_need(data, "last_reviewed", where), where),
        review_period_days=_period(data, where),
    )


def parse_platform(data: Mapping[str, Any], where: str) -> PlatformGuide:
    if not isinstance(data, Mapping):
        raise ContentError(f"{where}: expected a mapping of fields")
    age = data.get("minimum_age")
    if age is not None and (not isinstance(age, int) or isinstance(age, bool) or not 0 < age < 19):
        raise ContentError(f"{where}: minimum_age must be a whole number of years, or null")
    aliases = tuple(a.lower() for a in _str_list(data, "aliases", where))
    everyday = tuple(a.lower() for a in _str_list(data, "everyday_word_aliases", where, required=False))
    return PlatformGuide(
        key=str(_need(data, "key", where)),
        name=str(_need(data, "name", where)),
        aliases=aliases,
        everyday_word_aliases=everyday,
        minimum_age=age,
        settings=_str_list(data, "settings", where),
        reporting=_str_list(data, "reporting", where),
        sources=_sources(data, where),
        last_reviewed=_date(_need(data, "last_reviewed", where), where),
        review_period_days=_period(data, where),
    )


def parse_young_people(data: Mapping[str, Any], where: str) -> YoungPeopleGuide:
    if not isinstance(data, Mapping):
        raise ContentError(f"{where}: expected a mapping of fields")
    return YoungPeopleGuide(
        key=str(_need(data, "key", where)),
        intro=str(_need(data, "intro", where)).strip(),
        story_intro=str(data.get("story_intro") or _need(data, "intro", where)).strip(),
        steps=_str_list(data, "steps", where),
        routes=_str_list(data, "routes", where),
        sources=_sources(data, where),
        last_reviewed=_date(_need(data, "last_reviewed", where), where),
        review_period_days=_period(data, where),
    )


# --- What the person has already done (content/situations.yml, issue 18) ------------------------------------
# Ways of paying that have their own step when the person says they paid that way (situations.yml `by_method`;
# message_facts.situation.paid_with reads them from the story).
PAYMENT_METHODS = ("gift_card", "money_transfer", "crypto")


@dataclass(frozen=True)
class MethodSteps:
    key: str  # one of PAYMENT_METHODS
    steps: Tuple[str, ...]  # added after the situation's first step when the person paid this way
    sources: Tuple[Source, ...]
    last_reviewed: dt.date
    review_period_days: int


@dataclass(frozen=True)
class Situation:
    key: str  # one of actions/message_facts.SITUATIONS
    said: str  # how the bot names it back: "you clicked the link"
    said_other: str  # the same when the story is someone else's ("money was paid"): message_facts.SOMEONE_ELSE
    categories: Tuple[str, ...]  # topic categories it applies to
    not_with: Tuple[str, ...]  # situations that already cover it
    steps: Tuple[str, ...]  # the first steps when it applies
    replaces: Tuple[str, ...]  # first words of topic steps these steps replace
    sources: Tuple[Source, ...]
    last_reviewed: dt.date
    review_period_days: int
    by_method: Mapping[str, MethodSteps] = field(default_factory=dict)  # PAYMENT_METHODS key -> its steps


def _by_method(raw: Mapping[str, Any], where: str) -> Dict[str, MethodSteps]:
    methods = raw.get("by_method") or {}
    if not isinstance(methods, Mapping):
        raise ContentError(f"{where}: 'by_method' must map a way of paying to its steps")
    out: Dict[str, MethodSteps] = {}
    for key, entry in methods.items():
        w = f"{where} by_method '{key}'"
        if key not in PAYMENT_METHODS:
            raise ContentError(f"{w}: not among {PAYMENT_METHODS}")
        if not isinstance(entry, Mapping):
            raise ContentError(f"{w}: expected steps, sources, last_reviewed, review_period_days")
        out[str(key)] = MethodSteps(
            key=str(key),
            steps=_str_list(entry, "steps", w),
            sources=_sources(entry, w),
            last_reviewed=_date(_need(entry, "last_reviewed", w), w),
            review_period_days=_period(entry, w),
        )
    return out


def parse_situations(data: Mapping[str, Any], where: str) -> Dict[str, Situation]:
    """content/situations.yml: `situations:` keyed by situation, in the order their steps are shown."""
    raw_all = _need(data, "situations", where) if isinstance(data, Mapping) else None
    if not isinstance(raw_all, Mapping):
        raise ContentError(f"{where}: expected 'situations' with one entry per situation")
    out: Dict[str, Situation] = {}
    for key, raw in raw_all.items():
        w = f"{where} situation '{key}'"
        if not isinstance(raw, Mapping):
            raise ContentError(f"{w}: expected a mapping of fields")
        categories = _str_list(raw, "categories", w)
        bad = [c for c in categories if c not in CATEGORIES]
        if bad:
            raise ContentError(f"{w}: categories {bad} are not among {CATEGORIES}")
        not_with = _str_list(raw, "not_with", w, required=False)
        unknown = [k for k in not_with if k not in raw_all]
        if unknown:
            raise ContentError(f"{w}: not_with names unknown situations {unknown}")
        out[str(key)] = Situation(
            key=str(key),
            said=str(_need(raw, "said", w)).strip(),
            said_other=str(raw.get("said_other") or _need(raw, "said", w)).strip(),
            categories=categories,
            not_with=not_with,
            steps=_str_list(raw, "steps", w),
            replaces=_str_list(raw, "replaces", w, required=False),
            sources=_sources(raw, w),
            last_reviewed=_date(_need(raw, "last_reviewed", w), w),
            review_period_days=_period(raw, w),
            by_method=_by_method(raw, w),
        )
    return out


@dataclass(frozen=True)
class Answer:
    """An answer to a question asked alongside another (content/answers.yml): "will I get my money back?"."""

    key: str
    intro: str
    by_payment: Dict[str, str]  # bank_transfer | card | other -> the line for that way of paying
    last: str
    sources: Tuple[Source, ...]
    last_reviewed: dt.date
    review_period_days: int


PAYMENT_KINDS = ("bank_transfer", "card", "other")


def parse_answers(data: Mapping[str, Any], where: str) -> Dict[str, Answer]:
    raw_all = _need(data, "answers", where) if isinstance(data, Mapping) else None
    if not isinstance(raw_all, Mapping):
        raise ContentError(f"{where}: expected 'answers' with one entry per question")
    out: Dict[str, Answer] = {}
    for key, raw in raw_all.items():
        w = f"{where} answer '{key}'"
        if not isinstance(raw, Mapping):
            raise ContentError(f"{w}: expected a mapping of fields")
        by_payment = _need(raw, "by_payment", w)
        if not isinstance(by_payment, Mapping) or set(by_payment) != set(PAYMENT_KINDS):
            raise ContentError(f"{w}: 'by_payment' must have exactly {PAYMENT_KINDS}")
        out[str(key)] = Answer(
            key=str(key),
            intro=str(_need(raw, "intro", w)).strip(),
            by_payment={k: str(v).strip() for k, v in by_payment.items()},
            last=str(_need(raw, "last", w)).strip(),
            sources=_sources(raw, w),
            last_reviewed=_date(_need(raw, "last_reviewed", w), w),
            review_period_days=_period(raw, w),
        )
    return out


def placeholders(text: str) -> List[str]:
    """Route keys named in a text as {route_key}."""
    return PLACEHOLDER_RE.findall(text or "")
