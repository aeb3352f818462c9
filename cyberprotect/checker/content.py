"""The checker's content: sign explanations, reply wording, where to send each kind of message, and the
organisations scammers pretend to be (with their real registrable domains). Parsed and checked at load by
cyberprotect/content_store.py; any problem raises ContentError like the rest of the content."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Tuple

from cyberprotect.content_schema import ContentError

KINDS = ("sms", "email", "whatsapp", "dm", "voicemail", "link", "number")
SIGN_KEYS = (
    "urgency",
    "threat",
    "payment_method",
    "new_number",
    "unexpected_money",
    "small_fee",
    "asks_for_details",
    "account_problem",
    "click_link",
    "link_not_official",
    "link_lookalike",
    "link_ip",
    "link_shortener",
    "link_at_trick",
    "premium_number",
    "personal_number",
    "mobile_claims_organisation",
    "sender_mismatch",
    "generic_greeting",
    "secrecy",
    "easy_money_job",
    "sextortion",
    "sexual_bait",
    "reply_charges",
    "press_one",
    "curiosity_bait",
    "asks_for_money",
    "disguised_letters",
    "wrong_number",
    "move_to_app",
    "pay_to_earn",
    "wont_meet",
    "name_opener",
    "reply_to_activate",
    "attachment",
    "ticket_offer",
    "bare_link",
)
WORDING_KEYS = (
    "some_signs",
    "one_sign",
    "no_signs",
    "check_yourself",
    "do_not",
    "send_it",
    "already",
    "already_steps",
    "acted_first",
    "not_saved",
    "unsure_kind",
    "numbers_hidden",
    "unknown_sender",
)


@dataclass(frozen=True)
class Organisation:
    key: str
    names: Tuple[str, ...]
    domains: Tuple[str, ...]
    kind: str  # government, company or bank
    phones: Tuple[str, ...] = ()  # numbers the organisation publishes for you to call (E.164, "+443452669337")


@dataclass(frozen=True)
class CheckerContent:
    signs: Dict[str, str]
    wording: Dict[str, Any]
    send_by_kind: Dict[str, Tuple[str, ...]]
    bank_first: str
    organisations: Dict[str, Organisation]
    shorteners: Tuple[str, ...]
    free_email: Tuple[str, ...]
    sources: Tuple[str, ...] = field(default_factory=tuple)
    last_reviewed: str = ""
    # sign key -> ((url, date reviewed), ...): the pages behind signs added since round 7 (4 Dec 2026)
    sign_sources: Dict[str, Tuple[Tuple[str, str], ...]] = field(default_factory=dict)


def _e164(number: str, where: str) -> str:
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException as e:
        raise ContentError(f"{where}: phone number '{number}' does not parse ({e})") from e
    if not phonenumbers.is_valid_number(parsed):
        raise ContentError(f"{where}: phone number '{number}' is not a valid number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def parse_checker(data: Mapping[str, Any], routes: Mapping[str, Any], where: str) -> CheckerContent:
    if not isinstance(data, Mapping):
        raise ContentError(f"{where}: must be a mapping")
    signs = data.get("signs") or {}
    missing = [k for k in SIGN_KEYS if not str(signs.get(k) or "").strip()]
    if missing:
        raise ContentError(f"{where}: signs without an explanation: {missing}")
    wording = data.get("wording") or {}
    missing = [k for k in WORDING_KEYS if not wording.get(k)]
    if missing:
        raise ContentError(f"{where}: wording missing: {missing}")
    send = {k: tuple(v or ()) for k, v in (data.get("send_by_kind") or {}).items()}
    if set(send) != set(KINDS) or not all(send.values()):
        raise ContentError(f"{where}: send_by_kind needs a route list for each of {KINDS}")
    used = {k for keys in send.values() for k in keys} | {data.get("bank_first")}
    unknown = sorted((k for k in used if k not in routes), key=str)  # a missing bank_first is None
    if unknown:
        raise ContentError(f"{where}: unknown route keys {unknown}")
    orgs = {}
    for key, raw in (data.get("organisations") or {}).items():
        if not raw or not raw.get("names") or raw.get("kind") not in ("government", "company", "bank"):
            raise ContentError(f"{where}: organisation '{key}' needs names and a kind")
        orgs[key] = Organisation(
            key,
            tuple(str(n).lower() for n in raw["names"]),
            tuple(str(d).lower() for d in raw.get("domains") or ()),
            raw["kind"],
            tuple(_e164(str(n), f"{where}: organisation '{key}'") for n in raw.get("phones") or ()),
        )
    sign_sources: Dict[str, Tuple[Tuple[str, str], ...]] = {}
    for key, entries in (data.get("sign_sources") or {}).items():
        if key not in SIGN_KEYS:
            raise ContentError(f"{where}: sign_sources names an unknown sign '{key}'")
        pairs = tuple(
            (str(e.get("url") or ""), str(e.get("reviewed") or "")) for e in entries or [] if isinstance(e, Mapping)
        )
        if not pairs or not all(url.startswith("http") and reviewed for url, reviewed in pairs):
            raise ContentError(f"{where}: sign_sources '{key}' needs entries with a url and a reviewed date")
        sign_sources[key] = pairs
    sources = tuple(s.get("url", "") for s in data.get("sources") or [])
    if not sources or not data.get("last_reviewed"):
        raise ContentError(f"{where}: needs sources and last_reviewed")
    return CheckerContent(
        signs={k: str(v).strip() for k, v in signs.items()},
        wording=dict(wording),
        send_by_kind=send,
        bank_first=str(data["bank_first"]),
        organisations=orgs,
        shorteners=tuple(s.lower() for s in data.get("shorteners") or ()),
        free_email=tuple(s.lower() for s in data.get("free_email") or ()),
        sources=sources,
        last_reviewed=str(data["last_reviewed"]),
        sign_sources=sign_sources,
    )
