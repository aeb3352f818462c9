"""Links, email senders and phone numbers in a pasted message, and what is wrong with them.

Mechanical parts come from well-kept libraries, never from hand-made lists: registrable domains from the
public suffix list (tldextract, using the snapshot bundled with the package, no network fetch), punycode from
the idna codec, look-alike letters from confusable-homoglyphs (Unicode's confusables data), phone numbers found
by phonenumbers (Google's libphonenumber) and judged by the channel gate's table of Ofcom number ranges
(channels/redaction.py), so a number seen and a number the gate replaced are judged alike. The names and domains
of organisations come from content/checker.yml. Nothing here opens a link or looks anything up on the internet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, List, Optional, Sequence, Tuple

import idna
import phonenumbers
import tldextract
from confusable_homoglyphs import confusables

from cyberprotect.checker.content import CheckerContent, Organisation
from channels.redaction import EMAIL_PLACEHOLDER, phone_kind

# the gate's kinds of number (channels/redaction.py) -> the kinds the checker's number signs use
GATE_KINDS = {"premium-rate": "premium", "service-charge": "premium", "personal": "personal", "mobile": "mobile"}

_SCHEME_URL = re.compile(r"\b(?:https?|hxxps?)\s*:\s*/\s*/\s*[^\s<>\"')\]]+", re.I)
_BARE_HOST = re.compile(r"(?<![@\w.-])((?:[\w-]{1,63}\.)+[a-z\u00a1-\uffff]{2,24})(/[^\s<>\"')\]]*)?", re.I)
_EMAIL = re.compile(r"[\w.+-]+@((?:[\w-]+\.)+[a-z]{2,24})", re.I)
_SPACED_DOTS = re.compile(r"(?<=\w)\s+\.(?=[a-z]{2,24}\b)", re.I)
_DOT_WORD = re.compile(r"\s*\[\s*dot\s*\]\s*|\s*\(\s*dot\s*\)\s*", re.I)
SENDER_PLACEHOLDER = EMAIL_PLACEHOLDER  # "[email removed: <kind of sender domain>]" (channels/redaction.py)
_IP = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
_DELEET = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "$": "s"})


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    # suffix_list_urls=() : use the public suffix list snapshot shipped inside tldextract, never fetch it.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@dataclass(frozen=True)
class Link:
    text: str  # as written in the message (after undoing " ." and "[dot]" tricks)
    host: str  # lower case, punycode decoded
    registrable: str  # domain + public suffix, e.g. hmrc-refund-uk.com ('' for an IP address)
    is_ip: bool
    at_trick: bool
    non_ascii: bool


def _normalise(text: str) -> str:
    text = _DOT_WORD.sub(".", text)
    text = re.sub(r"(?i)\b(https?)\s*:\s*/\s*/\s*", r"\1://", text)
    return _SPACED_DOTS.sub(".", text)


def _decode_host(host: str) -> Tuple[str, bool]:
    host = host.strip(".").lower()
    non_ascii = any(ord(c) > 127 for c in host)
    if "xn--" in host:
        try:
            host = idna.decode(host)
            non_ascii = True
        except idna.IDNAError:
            non_ascii = True
    return host, non_ascii


def _make(raw: str, host: str, at_trick: bool) -> Optional[Link]:
    host, non_ascii = _decode_host(host)
    if _IP.match(host) or host.isdigit() or re.match(r"^0x[0-9a-f]+$", host):  # dotted, decimal or hex IP
        return Link(raw, host, "", True, at_trick, non_ascii)
    parts = _extractor()(host)
    if not parts.domain or not parts.suffix:
        return None
    return Link(raw, host, f"{parts.domain}.{parts.suffix}", False, at_trick, non_ascii)


def _hide_senders(text: str) -> str:
    """The gate's "[email removed: official:gov.uk]" blanked (same length), so gov.uk there is not taken for a link."""
    return SENDER_PLACEHOLDER.sub(lambda m: " " * len(m.group(0)), text)


def find_links(text: str) -> List[Link]:
    """Links with a scheme, and bare web addresses that have a real public suffix (so "e.g." and "4.99" are
    not links). Email addresses, and the sender kinds the gate left in their place, are not links."""
    text = _normalise(_hide_senders(text))
    links: List[Link] = []
    spans = []
    for m in _SCHEME_URL.finditer(text):
        raw = m.group(0).rstrip(".,;:!?")
        rest = re.sub(r"^\w+\s*:\s*/\s*/\s*", "", raw)
        authority = rest.split("/", 1)[0].split("?", 1)[0]
        at_trick = "@" in authority
        host = authority.rsplit("@", 1)[-1].split(":", 1)[0]
        link = _make(raw, host, at_trick)
        if link:
            links.append(link)
        spans.append(m.span())
    masked = _EMAIL.sub(lambda m: " " * len(m.group(0)), text)
    for m in _BARE_HOST.finditer(masked):
        if any(a <= m.start() < b for a, b in spans):
            continue
        host = m.group(1)
        if host.lower().startswith("www.") is False and host.count(".") == 1 and host.split(".")[0].isdigit():
            continue
        link = _make(m.group(0).rstrip(".,;:!?"), host, False)
        if link and not any(existing.host == link.host for existing in links):
            links.append(link)
    return links


def mask_links(text: str) -> str:
    """The text with every web address blanked out (same length, so positions still match the original)."""
    blank = lambda m: " " * len(m.group(0))  # noqa: E731
    text = _SCHEME_URL.sub(blank, _hide_senders(text))
    out = list(text)
    for m in _BARE_HOST.finditer(text):
        if _make(m.group(0), m.group(1), False) is not None:
            out[m.start() : m.end()] = " " * (m.end() - m.start())
    return "".join(out)


def is_official(host: str, org: Organisation) -> bool:
    return any(host == d or host.endswith("." + d) for d in org.domains)


def _host_tokens(host: str) -> List[str]:
    return [t for t in re.split(r"[.\-_]", host) if t]


def org_tokens(org: Organisation) -> List[str]:
    tokens = {d.split(".")[0] for d in org.domains} | {re.sub(r"[^a-z0-9]", "", n) for n in org.names}
    return sorted(t for t in tokens if len(t) >= 3 and t not in ("www",))


def mentions_org(host: str, org: Organisation) -> bool:
    """The web address uses the organisation's name: as a whole part (evri-uk-redelivery.com, lloyds.x.com)
    or, for names of 5 letters or more, inside a part (halifaxfraudpreventionteam.com)."""
    parts = _host_tokens(host)
    for token in org_tokens(org):
        if token in parts or (len(token) >= 5 and any(token in p for p in parts)):
            return True
    return False


def _distance_one(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def looks_alike(link: Link, orgs: Iterable[Organisation]) -> Optional[Organisation]:
    """An address that imitates an organisation's: letters swapped for digits (paypa1), one letter changed
    (amazom), or Unicode look-alike letters / punycode (xn--pypal-4ve.com)."""
    if link.is_ip or not link.registrable:
        return None
    label = link.registrable.split(".")[0]
    if link.non_ascii and confusables.is_dangerous(label):
        return next(iter(orgs), None) or Organisation("unknown", (), (), "company")
    for org in orgs:
        if is_official(link.host, org):
            continue
        for domain in org.domains:
            real = domain.split(".")[0]
            if len(real) < 4:
                continue
            if label.translate(_DELEET) == real and label != real:
                return org
            if len(real) >= 5 and _distance_one(label, real):
                return org
    if link.non_ascii:
        return Organisation("unknown", (), (), "company")
    return None


@dataclass(frozen=True)
class Number:
    text: str
    kind: str  # premium, personal, mobile, other
    start: int = -1  # where it is in the message


_SENDER_BEFORE = re.compile(r"\b(?:(?:message|text|sms|call|reply)s? )?(?:from|sent by)\s*:?\s*$", re.I)


def said_as_sender(text: str, number: Number) -> bool:
    """The number is given as where a message comes from ("you will receive a message from +447..."), not as one
    to call or text: a bank that texts from a mobile-style sender number is not asking you to ring a mobile."""
    return number.start > 0 and bool(_SENDER_BEFORE.search(text[max(0, number.start - 30) : number.start]))


def find_numbers(text: str) -> List[Number]:
    """Phone numbers written in the text, each with the kind the checker warns about. The kind comes from the
    channel gate's own table (channels.redaction.phone_kind, Ofcom's number ranges), so a number the checker sees
    and one the gate replaced by "[phone number removed: <kind>]" are judged alike."""
    return [
        Number(m.raw_string, number_kind(phone_kind(m.raw_string)), m.start)
        for m in phonenumbers.PhoneNumberMatcher(text, "GB")
    ]


def published_number(number: str, content: CheckerContent) -> Optional[Organisation]:
    """The organisation that publishes `number` for the public to call (content/checker.yml `phones`), or None."""
    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException:
        return None
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return next((o for o in content.organisations.values() if e164 in o.phones), None)


def number_kind(gate_kind: Optional[str]) -> str:
    """premium (09 premium-rate, 084/087 service numbers), personal (070), mobile (UK 07), or other."""
    return GATE_KINDS.get(gate_kind or "", "other")


def without_addresses(text: str) -> str:
    """`text` with email addresses and the gate's "[email removed: <kind>]" blanked (same length)."""
    return _EMAIL.sub(lambda m: " " * len(m.group(0)), _hide_senders(text))


def sender_kind(address: str, content: CheckerContent) -> str:
    """What kind of domain an email address is from, without keeping the address: "free-mail" (a free email
    provider in content/checker.yml), "official:<domain>" (the longest official domain of an organisation the
    checker knows that the address is at), or "other". The channel gate keeps only this kind when it removes an
    address (channels/redaction.py), so the sender sign works on what the bot is sent."""
    host, _ = _decode_host(address.rsplit("@", 1)[-1])
    parts = _extractor()(host)
    registrable = f"{parts.domain}.{parts.suffix}" if parts.domain and parts.suffix else host
    if host in content.free_email or registrable in content.free_email:
        return "free-mail"
    official = [d for org in content.organisations.values() for d in org.domains if host == d or host.endswith("." + d)]
    return f"official:{max(official, key=len)}" if official else "other"


def sender_addresses(text: str, content: CheckerContent) -> List[Tuple[str, str]]:
    """(the From line as written, the kind of the sender's domain, see sender_kind) for every 'From:' header line
    in the message, whether the address is there or the gate replaced it by "[email removed: <kind>]"."""
    out = []
    for line in text.splitlines():
        m = re.match(r"(?:.*?[?!]\s+)?from\s*:\s*(.+)$", line.strip(), re.I)  # also after "is this a scam?"
        if not m:
            continue
        emails = _EMAIL.findall(m.group(1))
        hidden = [k for k in SENDER_PLACEHOLDER.findall(m.group(1)) if k]
        if emails:
            out.append((line.strip(), sender_kind(emails[-1], content)))
        elif hidden:
            out.append((line.strip(), hidden[-1]))
    return out


def sender_fits(kind: str, orgs: Sequence[Organisation]) -> bool:
    """The sender's domain kind belongs to one of the organisations the message claims to be."""
    if not kind.startswith("official:"):
        return False
    return official_for_any(kind.split(":", 1)[1], orgs)


def official_for_any(domain: str, orgs: Sequence[Organisation]) -> bool:
    return any(is_official(domain, o) for o in orgs)
