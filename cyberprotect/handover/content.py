"""The handover settings (content/handover.yml): team name, its nation, opening hours, bank holidays, capacity,
the topics after which a person is offered, and every sentence the bot says about it. Parsed and checked here;
loaded by the one content loader (cyberprotect/content_store.py). Pure Python, no Rasa imports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Dict, FrozenSet, List, Mapping, Optional, Tuple

from cyberprotect.content_schema import ContentError

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NATION_HOLIDAYS = {
    "england": "england_and_wales",
    "wales": "england_and_wales",
    "scotland": "scotland",
    "northern_ireland": "northern_ireland",
}
MESSAGES = (
    "offer",
    "nudge",
    "connected",
    "waiting",
    "returned",
    "closed",
    "busy",
    "no_live_chat",
    "failed",
    "callback_offer",
    "callback_when",
    "callback_contact",
    "callback_retry",
    "callback_sent",
    "callback_cancelled",
    "callback_resume_when",
    "callback_resume_contact",
    "left",
    "left_note",
    "distress_support",
)


@dataclass(frozen=True)
class HandoverSettings:
    team_name: str
    team_nation: str
    timezone: str
    capacity: int  # conversations per online agent
    hours: Tuple[Optional[Tuple[dt.time, dt.time]], ...]  # Monday..Sunday; None = closed all day
    hours_text: str
    bank_holidays: FrozenSet[dt.date]  # the team's nation's bank holidays
    offer_after_topics: FrozenSet[str]
    messages: Mapping[str, str]
    review_by: dt.date
    placeholder: bool = False

    def say(self, key: str) -> str:
        text = self.messages[key].replace("{team}", self.team_name).replace("{hours}", self.hours_text)
        return text[:1].upper() + text[1:]


def _time(value: Any, where: str) -> dt.time:
    try:
        hour, minute = str(value).split(":")
        return dt.time(int(hour), int(minute))
    except (ValueError, TypeError):
        raise ContentError(f"{where}: '{value}' is not a time like 09:00") from None


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ContentError(f"{where}: '{value}' is not a date like 2026-12-25") from None


def parse_handover(raw: Mapping[str, Any], where: str = "handover") -> HandoverSettings:
    """Checks every field; raises ContentError naming the field."""
    if not isinstance(raw, Mapping):
        raise ContentError(f"{where}: must be a mapping")
    team = str(raw.get("team_name") or "").strip()
    if not team:
        raise ContentError(f"{where}: 'team_name' is missing")
    nation = raw.get("team_nation")
    if nation not in NATION_HOLIDAYS:
        raise ContentError(f"{where}: 'team_nation' must be one of {sorted(NATION_HOLIDAYS)}")
    capacity = raw.get("capacity")
    if not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 1:
        raise ContentError(f"{where}: 'capacity' must be a whole number of at least 1")
    hours_raw = raw.get("hours") or {}
    if set(hours_raw) != set(DAYS):
        raise ContentError(f"{where}: 'hours' must list every day {DAYS}")
    hours: List[Optional[Tuple[dt.time, dt.time]]] = []
    for day in DAYS:
        span = hours_raw[day] or []
        if not span:
            hours.append(None)
            continue
        if len(span) != 2:
            raise ContentError(f"{where}: hours.{day} must be [open, close] or []")
        start, end = _time(span[0], f"{where} hours.{day}"), _time(span[1], f"{where} hours.{day}")
        if end <= start:
            raise ContentError(f"{where}: hours.{day} closes before it opens")
        hours.append((start, end))
    holidays_raw = raw.get("bank_holidays") or {}
    key = NATION_HOLIDAYS[nation]
    if not isinstance(holidays_raw.get(key), list) or not holidays_raw[key]:
        raise ContentError(f"{where}: 'bank_holidays.{key}' is missing for team_nation {nation}")
    holidays = frozenset(_date(d, f"{where} bank_holidays.{key}") for d in holidays_raw[key])
    messages: Dict[str, str] = {str(k): str(v).strip() for k, v in (raw.get("messages") or {}).items()}
    missing = [m for m in MESSAGES if not messages.get(m)]
    if missing:
        raise ContentError(f"{where}: messages {missing} are missing")
    if any(
        ch.isdigit() for m in ("closed", "busy", "no_live_chat", "failed") for ch in messages[m].replace("{hours}", "")
    ):
        raise ContentError(f"{where}: numbers go in content/routes/routes.yml, not in the handover messages")
    timezone = str(raw.get("timezone") or "Europe/London")
    try:
        import zoneinfo

        zoneinfo.ZoneInfo(timezone)
    except Exception:
        raise ContentError(f"{where}: unknown timezone '{timezone}'") from None
    if not raw.get("source") or not raw.get("review_by"):
        raise ContentError(f"{where}: 'source' and 'review_by' are required")
    return HandoverSettings(
        team_name=team,
        team_nation=nation,
        timezone=timezone,
        capacity=capacity,
        hours=tuple(hours),
        hours_text=str(raw.get("hours_text") or "").strip() or "in office hours",
        bank_holidays=holidays,
        offer_after_topics=frozenset(raw.get("offer_after_topics") or ()),
        messages=messages,
        review_by=_date(raw["review_by"], f"{where} review_by"),
        placeholder=bool(raw.get("placeholder")),
    )
