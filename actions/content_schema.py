"""Schema of the advice content (content/topics/*.yml and content/routes/routes.yml).

Pure Python, no Rasa imports. `parse_topic` / `parse_routes` turn loaded YAML into typed records and raise
ContentError with a clear message when a field is missing or malformed; `review_problems` lists content that
is past its review period. The format is described for editors in docs/content-format.md.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Tuple

CATEGORIES = ("fraud", "cyber_crime", "abuse", "child_safety", "prevention")
ROUTE_KINDS = ("emergency", "report", "support", "platform")
NATIONS = ("england", "wales", "scotland", "northern_ireland")
# UK numbers as written for people: 999, 101, 159, 7726, 18000, 116 123, 0800 1111, 0300 123 2040, 020 7...
PHONE_RE = re.compile(r"^(999|112|101|159|111|7726|18000|116 ?\d{3}|0\d{2,4}( ?\d{2,4}){1,3})$")
URL_RE = re.compile(r"^https://[a-z0-9.-]+\.[a-z]{2,}(/\S*)?$", re.IGNORECASE)
SHORT_LANDLINE_EXCEPTIONS = ("0800 1111",)  # Childline's number has 8 digits; other 0 numbers have 11
EMAIL_RE = re.compile(r"^[^@\s]+@[a-z0-9.-]+\.[a-z]{2,}$", re.IGNORECASE)


class ContentError(ValueError):
    """The content is malformed; the message says which file and field."""


@dataclass(frozen=True)
class Source:
    url: str
    title: str


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


def parse_topic(data: Mapping[str, Any], where: str) -> Topic:
    if not isinstance(data, Mapping):
        raise ContentError(f"{where}: expected a mapping of fields")
    category = _need(data, "category", where)
    if category not in CATEGORIES:
        raise ContentError(f"{where}: category '{category}' is not one of {CATEGORIES}")
    sources = _need(data, "sources", where)
    if not isinstance(sources, list):
        raise ContentError(f"{where}: 'sources' must be a list")
    parsed_sources = tuple(
        Source(url=_url(_need(s, "url", where), where), title=str(_need(s, "title", where))) for s in sources
    )
    period = _need(data, "review_period_days", where)
    if not isinstance(period, int) or period <= 0:
        raise ContentError(f"{where}: review_period_days must be a positive whole number")
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
    )


def parse_route(key: str, data: Mapping[str, Any], where: str) -> Route:
    where = f"{where} route '{key}'"
    kind = _need(data, "kind", where)
    if kind not in ROUTE_KINDS:
        raise ContentError(f"{where}: kind '{kind}' is not one of {ROUTE_KINDS}")
    phone = data.get("phone")
    digits = re.sub(r"\D", "", str(phone or ""))
    if phone is not None and (not PHONE_RE.match(str(phone)) or (
            digits.startswith("0") and len(digits) != 11 and str(phone) not in SHORT_LANDLINE_EXCEPTIONS)):
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
    )


def parse_routes(data: Mapping[str, Any], where: str) -> Tuple[Dict[str, Route], Dict[str, str]]:
    if not isinstance(data, Mapping):
        raise ContentError(f"{where}: expected 'routes' and 'reasons'")
    routes = {k: parse_route(k, v or {}, where) for k, v in (_need(data, "routes", where)).items()}
    reasons = {str(k): str(v).strip() for k, v in (_need(data, "reasons", where)).items()}
    return routes, reasons


def review_problems(items: List[Any], today: dt.date) -> List[str]:
    """Names of topics/routes whose last_reviewed + review_period_days is before today."""
    out = []
    for item in items:
        due = item.last_reviewed + dt.timedelta(days=item.review_period_days)
        if due < today:
            out.append(f"{item.key}: review was due on {due.isoformat()}")
    return out
