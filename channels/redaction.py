"""Redaction of personal and secret data in what people type: pure, no Rasa, no I/O.

`redact(text) -> (redacted_text, kinds_removed)` replaces, in this order:
- card numbers: runs of 13-19 digits (spaces or dashes allowed) that pass the Luhn check, and any 16-digit run
  (a card number typed with one digit wrong is still a card number);
- bank details: a sort code (12-34-56) with an 8-digit account number near it, or either one when named;
- one-time codes and PINs: 4-8 digits after "code", "OTP", "PIN", "passcode" ("my code is 123456");
- passwords: the word after "password is" / "password:" / "password was";
- email addresses;
- phone numbers (UK and international forms), keeping only what KIND of number it was (see below);
- UK postcodes;
- officer codes: any of the `secrets` given (the rehearsal code), wherever they appear.

Each is replaced by a short label ("[card number removed]"), so the sentence still reads naturally and the NLU
still understands it ("I gave them my card number [card number removed]"). `kinds_removed` lists the kinds found,
in a stable order, for the one-off notice to the person ("I've removed the card number ..."). Used by the channel
gate (channels/gate.py) before anything is stored or logged, and by any other module that keeps text.

Phone-number placeholders (the format the scam checker, cyberprotect/checker/, relies on; change both together):

    [phone number removed: <kind>]      kind is one of PHONE_KINDS, never any digit of the number
    [phone number removed]              when the kind cannot be told

    kind             what the number was (UK numbers by their leading digits, as Ofcom allocates them)
    premium-rate     UK 09...
    service-charge   UK 084... and 087...
    personal         UK 070... ("personal numbers", often used to hide who is calling)
    mobile           UK 071...-075..., 077...-079... (also +44 7...)
    freephone        UK 080... and 0500...
    landline         UK 01... and 02...
    non-geographic   UK 03..., 055..., 056...
    international    any number with a country code other than +44 (+1 ..., 00 33 ...)

`PHONE_PLACEHOLDER` matches every form (group "kind" is None for the bare one) and `hidden_phone_kinds(text)`
lists the kinds in a text, so a reader can still warn about a premium-rate, personal or international number
without ever seeing it.

The NLU never sees the kinds: a word like "mobile" in the text changed the intent of 2 of 12 development messages
("a man on [phone number removed: mobile] says he has pictures of me" fell to "didn't understand"). So the channel
gate sends Rasa the bare "[phone number removed]" (`split_phone_kinds`) and the kinds, in order, in the message's
metadata (`PHONE_KINDS_KEY`, stored with the user event); the scam checker's action puts them back
(`restore_phone_kinds`) before checking.

Email addresses likewise: the address is never kept, but the gate may ask (the `email_kind` argument of `redact`)
what KIND of sender domain it was, and the placeholder becomes

    [email removed: free-mail]          a free email provider's domain (gmail.com, outlook.com, ...)
    [email removed: official:<domain>]  one of the official domains of an organisation the scam checker knows
                                        (content/checker.yml: hsbc.co.uk, gov.uk, ...), never any other domain
    [email removed: other]              any other domain (a person's own, a scammer's): the domain is not kept

so the checker can still say "a bank writing from a Gmail address" (sign sender_mismatch). The gate sends the NLU
the bare "[email removed]" and the kinds in the metadata (`EMAIL_KINDS_KEY`), as for phone numbers.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, List, Optional, Set, Tuple

import phonenumbers

LABELS = {
    "card": "[card number removed]",
    "bank": "[bank details removed]",
    "code": "[code removed]",
    "password": "[password removed]",
    "email": "[email removed]",
    "phone": "[phone number removed]",  # or "[phone number removed: <kind>]" (see above)
    "postcode": "[postcode removed]",
    "officer_code": "[officer code removed]",
}
KINDS = tuple(LABELS)  # the order kinds are reported in
DESCRIPTIONS = {  # how the notice names each kind
    "card": "a card number",
    "bank": "bank details",
    "code": "a security code",
    "password": "a password",
    "email": "an email address",
    "phone": "a phone number",
    "postcode": "a postcode",
    "officer_code": "an officer code",
}

_SEP = r"[ \-\u00a0]?"
_CARD = re.compile(rf"(?<![\d])\d(?:{_SEP}\d){{12,18}}(?![\d])")
_SORT = r"\d{2}[ \-]?\d{2}[ \-]?\d{2}"
_BANK_PAIR = re.compile(
    rf"(?<!\d){_SORT}(?!\d)[^\d]{{0,40}}?(?<!\d)\d{{8}}(?!\d)"
    rf"|(?<!\d)\d{{8}}(?!\d)[^\d]{{0,40}}?(?<!\d){_SORT}(?!\d)"
)
_BANK_NAMED = re.compile(
    rf"\b(sort ?code|account (?:number|no\.?|num))(\s*(?:is|was|:|=)?\s*)"
    rf"(?:{_SORT}|\d{{6,10}})(?!\d)",
    re.I,
)
_CODE = re.compile(
    r"\b((?:one[ -]?time |verification |security |access |auth(?:entication)? |sms |text |bank )?"
    r"(?:pass)?code|otp|pin(?: number)?|passcode)(\s*(?:number\s*)?(?:is|was|of|:|=|-)?\s*)"
    r"(\d(?:[ \-]?\d){3,7})(?!\d)",
    re.I,
)
_PASSWORD = re.compile(r"\b(password|passphrase|pass word|pwd)(\s*(?:is|was|:|=)\s*|\s+)(?!\[)(\S+)", re.I)
# Words that follow "password" in a story and are not the password: "changed the password and now…",
# "my password was changed", "password reset". After a bare space the next word counts only when it looks made
# up (a digit, a symbol or a capital inside it: "password Hunter2!"); after "is", "was", ":" or "=" it counts
# unless it is one of these words.
_NOT_A_PASSWORD = frozenset(
    "a an and or but so then the my their his her our your it its this that to too for from of on in at by with "
    "as is was be been being not no never still also just now again same different new old wrong right "
    "correct incorrect weak strong easy simple long short changed change changing reset resetting stolen hacked "
    "leaked compromised updated used guessed wiped removed locked blocked sent shared given asked required "
    "manager managers protected secure safe unsafe there here which what when because".split()
)


def _is_password(match: str) -> bool:
    m = _PASSWORD.match(match)
    if not m:
        return True
    word = m.group(3).strip(".,;!?)'\"").lower()
    if not word or word in _NOT_A_PASSWORD:
        return False
    if m.group(2).strip():  # "is", "was", ":" or "=" before it: a password unless an ordinary story word
        return True
    token = m.group(3)
    return bool(re.search(r"\d|[^\w\s]", token.rstrip(".,;!?")) or re.search(r"\w[A-Z]", token))


_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_PHONE = re.compile(
    r"(?<![\w+])(?:\+|00 ?)\d{1,3}[ \-]?\(?0?\)?[ \-]?\d(?:[ \-]?\d){6,11}(?!\d)"
    r"|(?<![\w])\(?0\d{2,4}\)?[ \-]?\d(?:[ \-]?\d){5,8}(?!\d)"
)
EMAIL_PATTERN, PHONE_PATTERN = _EMAIL, _PHONE  # public: finding the contact a person gives for a callback
PHONE_KINDS = (
    "premium-rate",
    "service-charge",
    "personal",
    "mobile",
    "freephone",
    "landline",
    "non-geographic",
    "international",
)
PHONE_PLACEHOLDER = re.compile(r"\[phone number removed(?:: (?P<kind>" + "|".join(PHONE_KINDS) + r"))?\]")
_UK_PREFIXES = (
    ("9", "premium-rate"),
    ("84", "service-charge"),
    ("87", "service-charge"),
    ("70", "personal"),
    ("76", None),
    ("7", "mobile"),
    ("80", "freephone"),
    ("500", "freephone"),
    ("1", "landline"),
    ("2", "landline"),
    ("3", "non-geographic"),
    ("55", "non-geographic"),
    ("56", "non-geographic"),
)
EMAIL_PLACEHOLDER = re.compile(r"\[email removed(?:: (?P<kind>free-mail|other|official:[a-z0-9][a-z0-9.\-]{0,60}))?\]")
EMAIL_KINDS_KEY = "email_kinds"  # the user message's metadata key for the sender-domain kinds, in order
_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}\b", re.I)


def phone_kind(number: str) -> Optional[str]:
    """The PHONE_KINDS entry for a phone number as typed ("09098 790123" -> "premium-rate"), or None."""
    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException:
        return None
    if parsed.country_code != 44:
        return "international"
    national = str(parsed.national_number)
    return next((kind for prefix, kind in _UK_PREFIXES if national.startswith(prefix)), None)


def phone_placeholder(number: str) -> str:
    kind = phone_kind(number)
    return f"[phone number removed: {kind}]" if kind else LABELS["phone"]


def hidden_phone_kinds(text: str) -> List[Optional[str]]:
    """The kind of each phone-number placeholder in `text`, in order (None for a bare "[phone number removed]")."""
    return [m.group("kind") for m in PHONE_PLACEHOLDER.finditer(text or "")]


PHONE_KINDS_KEY = "phone_kinds"  # the user message's metadata key for the kinds, in order (None: unknown kind)


def split_phone_kinds(text: str) -> Tuple[str, List[Optional[str]]]:
    """(text with every phone placeholder made the bare "[phone number removed]", their kinds in order)."""
    kinds = hidden_phone_kinds(text)
    return (PHONE_PLACEHOLDER.sub(LABELS["phone"], text) if kinds else text), kinds


def _restore(pattern: re.Pattern[str], label: str, kinds: Optional[Iterable[Optional[str]]], text: str) -> str:
    """The i-th bare placeholder `pattern` finds in `text` gets the i-th kind back as "[<label>: <kind>]". A kind is
    put back only when that label is one `pattern` allows (an unknown or forged kind is ignored: the placeholder
    stays bare); a placeholder that already has a kind keeps it."""
    pending = [k if isinstance(k, str) and pattern.fullmatch(f"[{label}: {k}]") else None for k in (kinds or [])]
    if not pending or not isinstance(text, str):
        return text

    def put_back(m: re.Match[str]) -> str:
        kind = pending.pop(0) if pending else None
        return f"[{label}: {kind}]" if kind and not m.group("kind") else m.group(0)

    return pattern.sub(put_back, text)


def restore_phone_kinds(text: str, kinds: Optional[Iterable[Optional[str]]]) -> str:
    """The inverse of split_phone_kinds: the i-th bare placeholder gets the i-th kind back (unknown kinds ignored)."""
    return _restore(PHONE_PLACEHOLDER, "phone number removed", kinds, text)


def email_placeholder(address: str, email_kind: Optional[Callable[[str], Optional[str]]]) -> str:
    """ "[email removed: <kind>]" when `email_kind` tells a kind of the allowed form, else the bare label."""
    kind = None
    if email_kind is not None:
        try:
            kind = email_kind(address)
        except Exception:  # noqa: BLE001 - redaction must never fail: the bare label then
            kind = None
    label = f"[email removed: {kind}]" if kind else LABELS["email"]
    return label if EMAIL_PLACEHOLDER.fullmatch(label) else LABELS["email"]


def split_email_kinds(text: str) -> Tuple[str, List[Optional[str]]]:
    """(text with every email placeholder made the bare "[email removed]", their kinds in order)."""
    kinds = [m.group("kind") for m in EMAIL_PLACEHOLDER.finditer(text or "")]
    return (EMAIL_PLACEHOLDER.sub(LABELS["email"], text) if any(kinds) else text), (kinds if any(kinds) else [])


def restore_email_kinds(text: str, kinds: Optional[Iterable[Optional[str]]]) -> str:
    """The inverse of split_email_kinds: the i-th bare "[email removed]" gets the i-th kind back (a kind that is
    not of the allowed form is ignored)."""
    return _restore(EMAIL_PLACEHOLDER, "email removed", kinds, text)


def luhn_ok(digits: str) -> bool:
    total, double = 0, False
    for ch in reversed(digits):
        d = int(ch)
        if double:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
        double = not double
    return total % 10 == 0


def _published(keep_phone: Optional[Callable[[str], bool]], number: str) -> bool:
    if keep_phone is None:
        return False
    try:
        return bool(keep_phone(number))
    except Exception:  # noqa: BLE001 - redaction must never fail: the number is removed then
        return False


def _sub(
    pattern: re.Pattern[str],
    kind: str,
    text: str,
    found: Set[str],
    keep_groups: int = 0,
    test: Optional[Callable[[str], bool]] = None,
    email_kind: Optional[Callable[[str], Optional[str]]] = None,
    keep_phone: Optional[Callable[[str], bool]] = None,
) -> str:
    def repl(m: re.Match[str]) -> str:
        if test is not None and not test(m.group(0)):
            return m.group(0)
        if kind == "phone" and _published(keep_phone, m.group(0)):
            return m.group(0)
        found.add(kind)
        kept = "".join(m.group(i) or "" for i in range(1, keep_groups + 1))
        if kind == "phone":
            return kept + phone_placeholder(m.group(0))
        if kind == "email":
            return kept + email_placeholder(m.group(0), email_kind)
        return kept + LABELS[kind]

    return pattern.sub(repl, text)


def _is_card(s: str) -> bool:
    digits = re.sub(r"\D", "", s)
    if len(set(digits)) == 1:
        return False
    return (13 <= len(digits) <= 19 and luhn_ok(digits)) or len(digits) == 16  # 16 digits: a mistyped card too


def redact(
    text: str,
    secrets: Iterable[str] = (),
    skip: Iterable[str] = (),
    email_kind: Optional[Callable[[str], Optional[str]]] = None,
    keep_phone: Optional[Callable[[str], bool]] = None,
) -> Tuple[str, List[str]]:
    """(text with personal and secret data replaced by labels, the kinds replaced in KINDS order).
    `skip` names kinds to leave alone (the log filter skips "code": "Twilio code 21211" is an error code).
    `email_kind(address)` (the gate passes the scam checker's) names the kind of sender domain kept in an email
    placeholder; without it, or for anything not of the allowed form, the bare "[email removed]".
    `keep_phone(number)` true keeps a number that is not personal: one an organisation publishes for the public to
    call (the gate passes the scam checker's list, content/checker.yml), so the checker can see it is the real one."""
    skip = set(skip)
    if not isinstance(text, str) or not text:
        return text, []
    found: Set[str] = set()
    out = text
    for secret in secrets:
        if secret and len(secret) >= 4 and secret in out:
            out = out.replace(secret, LABELS["officer_code"])
            found.add("officer_code")
    for pattern, kind, keep, test in _PASSES:
        if kind not in skip:
            out = _sub(
                pattern, kind, out, found, keep_groups=keep, test=test, email_kind=email_kind, keep_phone=keep_phone
            )
    return out, [k for k in KINDS if k in found]


_PASSES = [
    (_CARD, "card", 0, _is_card),
    (_BANK_PAIR, "bank", 0, None),
    (_BANK_NAMED, "bank", 2, None),
    (_CODE, "code", 2, None),
    (_PASSWORD, "password", 2, _is_password),
    (_EMAIL, "email", 0, None),
    (_PHONE, "phone", 0, None),
    (_POSTCODE, "postcode", 0, None),
]


def notice(kinds: Iterable[str]) -> str:
    """The one-off message telling the person what was removed and why."""
    names = [DESCRIPTIONS[k] for k in kinds if k in DESCRIPTIONS]
    if not names:
        return ""
    what = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return (
        f"I've removed {what} from your message, so it isn't kept. Please don't share card or bank details, "
        "codes, passwords or contact details here: I don't need them to help you."
    )
