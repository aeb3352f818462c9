"""Safeguarding detector: decides whether a message shows an emergency or distress, and which type.

Pure Python (no Rasa imports). The phrase patterns and the types (each with its intent and reply) live in
content/safeguarding.yml so the team can update them; this module only normalises text and applies them in priority
order. Types: danger, crime_at_door, crime_remote, child_danger, self_harm, generic (a crime now that is not a
fraud, or urgency of no clear type: the short 999 reply) and distress (not an emergency: the support reply).
Used by the NLU component in components/safeguarding.py and by scripts/safeguarding_report.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Pattern, Tuple

import yaml

from components.text_normaliser import normalise_text

DEFAULT_PATTERNS_FILE = Path(__file__).resolve().parents[1] / "content" / "safeguarding.yml"
KIND_ORDER = (
    "self_harm",
    "child_danger",
    "crime_at_door",
    "crime_remote",
    "fraud_in_progress",
    "danger",
    "generic",
    "distress",
)
EMERGENCY_TYPES = ("danger", "crime_at_door", "crime_remote", "child_danger", "self_harm", "generic")
UNRESOLVED = "fraud_in_progress"  # crime_at_door when the at_door_cues vocabulary matches, else crime_remote
IN_PROGRESS_TYPES = ("crime_at_door", "crime_remote", "generic")  # "happening now" is the whole of these types
CONTEXT_CUES = (
    "settled_now",
    "now",
    "past",
    "past_events",
    "hypothetical",
    "figure",
    "fear",
    "reported_speech",
    "conditional",
    "now_strong",
    "joke",
    "now_in_story",
    "negated_self_harm",
    "live_fraud",
    "live_threat",
    "now_live",
    "not_emergency",
    "live_payment",
)
MAX_CHARS = 5000  # longer messages are checked in full, in overlapping windows of this size

_APOSTROPHES = re.compile(r"[’‘'`´]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_FIRST_PERSON = re.compile(r" (i|im|ive|id|myself) ")
_ABOUT_THEM = re.compile(r" (he|she|hes|shes|his|her|him|texted|messaged|posted|said|says|saying) ")
_OWN_AGE = re.compile(r"(?:im|i am|iam) (?:only )?\d+")  # the {child} match that is the writer's own age ("im 15")
# someone physically there as well as on the phone ("a guy in the shop says he's from BT ... someone on the phone")
_PERSON_PRESENT = re.compile(
    r"\b(at (my|the|her|his|our) (front |back )?door|on (my|the|her|his|our) doorstep|(in|into) (the|my|our) (shop|house|flat|"
    r"home|kitchen|living room|hallway|front room)|(man|guy|bloke|lady|woman|someone|somebody|courier|driver|fella)s?"
    r"( is| are)? (here|outside|in the (shop|house|flat|kitchen))|turned up|knocking|knocked)\b"
)
_LAUGHING = re.compile("[\U0001f602\U0001f923\U0001f606\U0001f639]")  # 😂 🤣 😆 😹: read as "lol"
_CRYING = re.compile("[\U0001f62d\U0001f622\U0001f625\U0001f494]")  # 😭 😢 😥 💔: read as "crying"


def normalise(text: str, typos: Optional["TypoFixer"] = None) -> str:
    """Normalise (components.text_normaliser: NFKC, no zero-width characters, no look-alikes or accents, text-speak
    spelt out; laughing and crying emoji read as "lol" and "crying"), lower-case, drop apostrophes ("he's" -> "hes"),
    turn everything else that isn't a letter/digit into a space; with `typos`, dialect words are read in standard
    English ("ma windae" -> "my window"), a dropped final g is put back ("tryin" -> "trying") and misspelt pattern
    words are corrected ("kil myslef" -> "kill myself")."""
    emoji_read = _CRYING.sub(" crying ", _LAUGHING.sub(" lol ", normalise_text(text or "")))
    lowered = _APOSTROPHES.sub("", emoji_read.lower())
    spaced = " " + _NON_WORD.sub(" ", lowered).strip() + " "
    return typos.fix(spaced) if typos else spaced


def _osa_distance_at_most_one(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion, substitution or swap of neighbours."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :] or (a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1 :] == shorter[i:]


class TypoFixer:
    """Corrects a word that is not English (spaCy's lookup word list) to the one pattern word one typing slip away:
    a letter missing ("kil", "somone", "stabed"), doubled, swapped ("myslef") or wrong ("thretening" is two slips:
    left alone). A missing letter is preferred; two equally near pattern words leave the word alone. Only the
    safeguarding matcher sees the corrected text; the classifier learns typos from its character n-grams."""

    MIN_WORD = 3

    def __init__(self, keywords: "set[str]", english: "frozenset[str]", dialect: Optional[Dict[str, str]] = None):
        self._english = english
        self._dialect = dict(dialect or {})
        self._dialect_re = (
            re.compile(
                r"(?<= )(" + "|".join(re.escape(k) for k in sorted(self._dialect, key=len, reverse=True)) + r")(?= )"
            )
            if self._dialect
            else None
        )
        self._by_delete: Dict[str, List[str]] = {}
        for word in keywords:
            for variant in {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}:
                self._by_delete.setdefault(variant, []).append(word)
        self._cache: Dict[str, str] = {}

    def _correct(self, word: str) -> str:
        if (
            len(word) < self.MIN_WORD
            or word in self._english
            or word.isdigit()
            or word in self._by_delete
            and word in self._by_delete[word]
        ):
            return word
        if word in self._cache:
            return self._cache[word]
        if word.endswith("in") and word + "g" in self._english:  # "tryin", "fallin", "pendin"
            self._cache[word] = word + "g"
            return word + "g"
        candidates = set()
        for variant in {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}:
            candidates.update(k for k in self._by_delete.get(variant, ()) if _osa_distance_at_most_one(word, k))
        longer = [k for k in candidates if len(k) == len(word) + 1]  # a letter missing: the commonest slip
        if len(word) <= 5:  # short words: only a missing or swapped letter ("aight" is not "fight")
            candidates = {k for k in candidates if len(k) == len(word) + 1 or sorted(k) == sorted(word)}
        best = longer if longer else sorted(candidates)
        fixed = best[0] if len(best) == 1 and (len(word) > self.MIN_WORD or longer) else word
        self._cache[word] = fixed
        return fixed

    def fix(self, spaced: str) -> str:
        if self._dialect_re is not None:
            spaced = self._dialect_re.sub(lambda m: self._dialect[m.group(1)], spaced)
        return " ".join(self._correct(w) for w in spaced.split(" "))

    @classmethod
    def from_patterns(
        cls, texts: List[str], extra: List[str], not_typos: List[str] = (), dialect: Optional[Dict[str, str]] = None
    ) -> "TypoFixer":
        """Pattern words: the literal words of the patterns (4+ letters) and the `spelling` list; `not_typos` are
        slang words that are never corrected ("aight" is not "alight"); `dialect` maps words or phrases to standard
        English before any correction ("cannae" -> "cant", "my ma" -> "my mum")."""
        from spacy.lang.en.stop_words import STOP_WORDS  # "the", "them", "myself" are not in the lemma tables

        from components.text_normaliser import _english_words

        known = {w for t in texts for w in re.findall(r"(?<![\\a-z])[a-z]+", t)}  # "hes", "im": never "corrected"
        words = {w for w in known if len(w) >= 4} | set(extra)
        return cls(words, frozenset(_english_words() | set(STOP_WORDS) | known | words | set(not_typos)), dialect)


def _expand(pattern: str, vocab: Dict[str, str]) -> str:
    """Replace {name} with the vocabulary list `name` (regex quantifiers like {0,40} are left alone)."""

    def sub(match: "re.Match[str]") -> str:
        name = match.group(1)
        if name not in vocab:
            raise ValueError(f"safeguarding pattern uses unknown vocabulary {{{name}}}: {pattern}")
        return vocab[name]

    return re.sub(r"\{([a-z_]+)\}", sub, pattern)


@dataclass(frozen=True)
class Context:
    """What the message says about time and intent (content/safeguarding.yml `context`)."""

    now: bool = False
    past: bool = False
    past_events: bool = False
    hypothetical: bool = False
    figure: bool = False
    joke: bool = False
    fear: bool = False
    reported_speech: bool = False
    story: bool = False  # a narrative told in the past tense with no "happening now" cue (Tense.is_story)
    live: bool = True  # a cue that the crime itself is still going on (`now_live`: "still on the phone", "on his way")
    not_emergency: bool = False  # the writer says so: "not an emergency", "just wanted advice" (`not_emergency`)
    strong: bool = False  # "right now", "as we speak", "I'm hiding" (`now_strong`)

    def rules_out(self, kind: str, classifier_only: bool = False) -> bool:
        """True when this message is not an emergency of `kind` now, whatever its danger words. A figure of speech
        rules out the classifier's self-harm ("this is going to be the death of me"), never a self-harm pattern; a
        joke ("lol") rules out danger and the generic reply only."""
        figure = self.figure and not self.fear
        joke = self.joke and not self.fear
        if self.not_emergency and not self.strong and kind != "self_harm":
            return True  # "not an emergency, just wanted advice. My 15 year old has been chatting to ...": a worry
        if self.now:
            if kind in IN_PROGRESS_TYPES and self.past and self.past_events and not self.live:
                return True  # "last Tuesday ... I moved £4,200 while they were on the phone. Now the bank says": over
            return (kind in ("danger", "generic") and (figure or joke)) or (
                classifier_only and kind == "self_harm" and figure
            )
        if kind == "self_harm":
            return classifier_only and figure  # else decided in SafeguardingRules.detect (reported speech)
        if self.hypothetical or self.past:
            return True
        if kind in IN_PROGRESS_TYPES and self.past_events:
            return True
        return kind in ("danger", "generic") and (figure or joke)


@dataclass(frozen=True)
class Tense:
    """Is the message a story told in the past? (content/safeguarding.yml `tense`, issue 19)

    Counts finite verbs in the past ("came", "said", "stabbed": irregular forms from the list, regular ones from
    spaCy's lookup table) and in the present ("is", "are", "has", "can", "wants"). A past form straight after a
    present auxiliary ("has stabbed", "is scared", "been hacked") is the present perfect or an adjective, not the
    past, and is not counted. A message of at least `min_words` words with at least `min_past` past verbs and at least
    `ratio` times as many past as present ones is a story; the "now" cues that a story still happening would use
    ("right now", "on his way", "tonight", `now_in_story`) decide instead when present."""

    past_irregular: frozenset = frozenset()
    present: frozenset = frozenset()
    perfect_aux: frozenset = frozenset()
    min_words: int = 20
    min_past: int = 3
    ratio: float = 2.0
    long_min_past: int = 8
    long_ratio: float = 4.0

    def counts(self, norm: str) -> Tuple[int, int, int]:
        from components.text_normaliser import regular_past_forms

        regular = regular_past_forms()
        words = norm.split()
        past = present = 0
        for i, word in enumerate(words):
            before = words[max(0, i - 2) : i]
            if word in self.present:
                present += 1
            elif word.endswith("ing") and before[-1:] and before[-1] in self.present:
                present += 1  # "is waiting", "hes hurting": the present progressive counts twice
            elif (word in self.past_irregular or word in regular) and not any(w in self.perfect_aux for w in before):
                past += 1
        return past, present, len(words)

    def is_long_story(self, norm: str) -> bool:
        """A long story told mostly in the past: there, "now" and "today" are the story's too ("I'm broke now")."""
        past, present, _words = self.counts(norm)
        return past >= self.long_min_past and past >= self.long_ratio * present

    def is_story(self, norm: str) -> bool:
        if not self.past_irregular:
            return False
        past, present, words = self.counts(norm)
        return words >= self.min_words and past >= self.min_past and past >= self.ratio * present


@dataclass(frozen=True)
class Detection:
    kind: str
    intent: str
    pattern: str
    matched: Tuple[str, ...] = ()  # every type whose patterns matched (several -> kind "generic")


class SafeguardingRules:
    def __init__(
        self,
        kinds: List[Tuple[str, str, List[Pattern[str]]]],
        types: Dict[str, dict],
        at_door_cues: Optional[Pattern[str]] = None,
        child: Optional[Pattern[str]] = None,
        context: Optional[Dict[str, Pattern[str]]] = None,
        fraud_cues: Optional[Pattern[str]] = None,
        violence_cues: Optional[Pattern[str]] = None,
        tense: Optional[Tense] = None,
    ):
        self._kinds = kinds
        self.types = types
        self._at_door_cues = at_door_cues
        self._child = child
        self._context = context or {}
        self._fraud_cues = fraud_cues
        self._violence_cues = violence_cues
        self._tense = tense or Tense()
        self._typos: Optional[TypoFixer] = None

    @property
    def type_by_intent(self) -> Dict[str, str]:
        return {cfg["intent"]: name for name, cfg in self.types.items()}

    @classmethod
    def from_file(cls, path: Path = DEFAULT_PATTERNS_FILE) -> "SafeguardingRules":
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        kinds_cfg: Dict[str, dict] = data["kinds"]
        vocab: Dict[str, str] = data.get("vocab") or {}
        types: Dict[str, dict] = data["types"]
        unknown = set(kinds_cfg) - set(KIND_ORDER)
        if unknown:
            raise ValueError(f"unknown safeguarding kinds in {path}: {sorted(unknown)}")
        missing = (set(KIND_ORDER) - {UNRESOLVED}) - set(types)
        if missing:
            raise ValueError(f"safeguarding kinds without a type (intent and reply) in {path}: {sorted(missing)}")
        kinds = []
        for kind in KIND_ORDER:
            cfg = kinds_cfg[kind]
            intent = types[kind]["intent"] if kind in types else None
            kinds.append((kind, intent, [re.compile(_expand(p, vocab)) for p in cfg["patterns"]]))
        cues = re.compile(r"\b" + vocab["at_door_cues"] + r"\b") if "at_door_cues" in vocab else None
        child = re.compile(r"\b" + vocab["child"] + r"\b") if "child" in vocab else None
        context_cfg: Dict[str, str] = data.get("context") or {}
        unknown = set(context_cfg) - set(CONTEXT_CUES)
        if unknown:
            raise ValueError(f"unknown safeguarding context cues in {path}: {sorted(unknown)}")
        context = {name: re.compile(_expand(p, vocab)) for name, p in context_cfg.items()}
        fraud = re.compile(r"\b" + vocab["fraud_cues"] + r"\b") if "fraud_cues" in vocab else None
        violence = re.compile(r"\b" + vocab["violence_cues"] + r"\b") if "violence_cues" in vocab else None
        tense_cfg = data.get("tense") or {}
        tense = Tense(
            frozenset(tense_cfg.get("past_irregular") or ()),
            frozenset(tense_cfg.get("present") or ()),
            frozenset(tense_cfg.get("perfect_aux") or ()),
            int(tense_cfg.get("min_words", 20)),
            int(tense_cfg.get("min_past", 3)),
            float(tense_cfg.get("ratio", 2.0)),
            int(tense_cfg.get("long_min_past", 8)),
            float(tense_cfg.get("long_ratio", 4.0)),
        )
        rules = cls(kinds, types, cues, child, context, fraud, violence, tense)
        raw = (
            [p for cfg in kinds_cfg.values() for p in cfg["patterns"]]
            + list(vocab.values())
            + list(context_cfg.values())
        )
        rules._typos = TypoFixer.from_patterns(
            raw,
            list(data.get("spelling") or []),
            list(data.get("not_typos") or []),
            {str(k): str(v) for k, v in (data.get("dialect") or {}).items()},
        )
        return rules

    @property
    def intents(self) -> List[str]:
        return [cfg["intent"] for cfg in self.types.values()]

    def context(self, text: str, normalised: bool = False) -> Context:
        """Time, question, figure-of-speech and reported-speech cues of a message (see Context.rules_out)."""
        norm = text if normalised else normalise(text, self._typos)
        cues = self._context

        def has(name: str, t: str = norm) -> bool:
            return name in cues and cues[name].search(t) is not None

        unsettled = cues["settled_now"].sub(" ", norm) if "settled_now" in cues else norm
        # "what do I do if a courier is coming round": the "now" words of a conditional question's if-clause are
        # the question's, not the writer's; there only `now_strong` ("right now", "as we speak") counts.
        clause = cues["conditional"].search(unsettled) if "conditional" in cues else None
        now = (
            (has("now", unsettled[: clause.start()]) or has("now_strong", unsettled[clause.start() :]))
            if clause
            else has("now", unsettled)
        )
        # a story told in the past: its weak "now" words ("is getting", "again", "going to") are the story's; only
        # the cues a story still happening would use (`now_in_story`) say "now"
        story = self._tense.is_story(norm) and not has(
            "now_in_story" if not self._tense.is_long_story(norm) else "now_strong", unsettled
        )
        now = now and not story
        return Context(
            now=now,
            past=has("past") or story,
            past_events=has("past_events"),
            story=story,
            hypothetical=has("hypothetical") or clause is not None,
            figure=has("figure"),
            joke=has("joke"),
            fear=has("fear"),
            reported_speech=has("reported_speech"),
            live=has("now_live", unsettled) if "now_live" in cues else True,
            not_emergency=has("not_emergency"),
            strong=has("now_strong", unsettled),
        )

    def detection_of(self, kind: str, why: str) -> Detection:
        """A Detection of `kind` made by a rule other than a pattern (`why` says which)."""
        return Detection(kind, self.types[kind]["intent"], why, (kind,))

    def fraud_type(self, text: str) -> str:
        """The fraud type the at_door_cues vocabulary gives a message (as for a fraud_in_progress pattern)."""
        norm = normalise(text, self._typos)
        return "crime_at_door" if self._at_door_cues is not None and self._at_door_cues.search(norm) else "crime_remote"

    def live_fraud_kind(self, text: str, topic: Optional[str]) -> Optional[str]:
        """A fraud in progress told in words no pattern knows: the classifier's topic is a scam that happens on the
        phone or at the door (`topic`: "courier_fraud", "vishing", ...), the writer says they are in the middle of it
        (`live_fraud` cue) and nothing places it in the past or makes it a question. The type: crime_at_door for a
        courier or a fake officer with a door cue, crime_remote for a phone or computer scam (or a fake officer) with
        none, else generic (never a guess)."""
        if not topic or "live_fraud" not in self._context:
            return None
        norm = normalise(text, self._typos)
        if self._context["live_fraud"].search(norm) is None or self.context(norm, normalised=True).rules_out(
            "crime_remote", classifier_only=True
        ):
            return None
        at_door = self._at_door_cues is not None and self._at_door_cues.search(norm) is not None
        if topic == "courier_fraud":
            return "crime_at_door" if at_door else "generic"
        if topic == "official_impersonation":  # a fake officer at the door, or on the phone
            return "crime_at_door" if at_door else "crime_remote"
        return "generic" if at_door else "crime_remote"

    def live_payment_kind(self, text: str, topic: Optional[str]) -> Optional[str]:
        """A payment made or demanded now in a scam whose topic alone is no emergency (investment, family impersonation,
        romance): only a strong cue (`live_payment`: on the call now, halfway through the transfer, "now or lose
        everything") with no past or question context makes it a fraud in progress: crime_remote, or the generic reply
        when a door cue is there too (never a guess)."""
        if not topic or "live_payment" not in self._context:
            return None
        norm = normalise(text, self._typos)
        if self._context["live_payment"].search(norm) is None or self.context(norm, normalised=True).rules_out(
            "crime_remote", classifier_only=True
        ):
            return None
        at_door = self._at_door_cues is not None and self._at_door_cues.search(norm) is not None
        return "generic" if at_door else "crime_remote"

    def live_child_kind(self, text: str, topic: Optional[str]) -> Optional[str]:
        """A child being threatened now in words no pattern knows: the classifier's topic (`topic`, e.g. "sextortion")
        with a child in the message ({child}: "my son is 14", "im 15") and a threat with a condition or a deadline
        (`live_threat`: "unless he pays", "by 9pm"), not a story or a question: child_danger."""
        if not topic or "live_threat" not in self._context or self._child is None:
            return None
        norm = normalise(text, self._typos)
        if (
            self._child.search(norm) is None
            or self._context["live_threat"].search(norm) is None
            or self.context(norm, normalised=True).rules_out("child_danger", classifier_only=True)
        ):
            return None
        return "child_danger"

    def _self_harm_is_only_reported(self, norm: str, ctx: Context) -> bool:
        """ "people told me to kill myself" last year: the self-harm words are someone else's, in the past. "they told
        me to kill myself. I won't kill myself": someone else's words and the writer's own "no" (negated_self_harm)."""
        negated = "negated_self_harm" in self._context and self._context["negated_self_harm"].search(norm) is not None
        if not negated and (ctx.now or not (ctx.past or ctx.past_events) or not ctx.reported_speech):
            return False
        rest = self._context["reported_speech"].sub(" ", norm)
        if negated:
            rest = self._context["negated_self_harm"].sub(" ", rest)
        return not any(p.search(rest) for kind, _i, patterns in self._kinds if kind == "self_harm" for p in patterns)

    def detect(self, text: str) -> Optional[Detection]:
        """The type the message shows, or None. One emergency type matched: that type. Several: the generic 999
        reply (the type is unclear, and another type's script would be wrong), except crime_at_door with
        crime_remote, which is crime_at_door (its reply also says to hang up); the generic patterns (urgency with
        no type) count only when nothing else matched. Danger to, or self-harm by, a child: generic (both scripts
        apply). Distress only if no emergency matched."""
        norm = normalise(text, self._typos)
        windows = [norm[i : i + MAX_CHARS + 200] for i in range(0, max(len(norm), 1), MAX_CHARS)]
        found: Dict[str, str] = {}  # type -> first pattern that matched it
        for kind, _intent, patterns in self._kinds:
            for pattern in patterns:
                if any(pattern.search(w) for w in windows):
                    if kind == UNRESOLVED:
                        at_door = self._at_door_cues is not None and any(self._at_door_cues.search(w) for w in windows)
                        kind = "crime_at_door" if at_door else "crime_remote"
                    found.setdefault(kind, pattern.pattern)
                    break
        if not found:
            return None
        ctx = self.context(norm, normalised=True)
        distress = found.pop("distress", None)
        for kind in list(found):
            if ctx.rules_out(kind) or (kind == "self_harm" and self._self_harm_is_only_reported(norm, ctx)):
                del found[kind]
        if distress and not ctx.now and set(found) <= set(IN_PROGRESS_TYPES):
            found.clear()  # "so angry at myself for giving them the code": support, not the scam-now script
        if not found:
            return (
                Detection("distress", self.types["distress"]["intent"], distress, ("distress",)) if distress else None
            )
        types = set(found)
        if len(types) > 1:
            types.discard("generic")  # generic patterns are urgency with no type: they decide only alone
        if types == {"crime_at_door", "crime_remote"}:
            types = {"crime_at_door"}
        kind = types.pop() if len(types) == 1 else "generic"
        if kind == "crime_remote" and any(_PERSON_PRESENT.search(w) for w in windows):
            kind = "generic"  # a phone scam with someone at the door or in the shop too: both scripts apply
        if kind in ("danger", "self_harm") and self._about_a_child(kind, windows):
            kind = "generic"  # danger to, or self-harm by, a child: both the child and the other script apply
        if kind == "danger" and self._fraud_story(windows):
            kind = "generic"  # a fraud with danger words ("10 mins away", "waiting outside"): not danger's script
        pattern = found.get(kind) or " | ".join(f"{k}: {p}" for k, p in found.items())
        return Detection(kind, self.types[kind]["intent"], pattern, tuple(sorted(found)))

    def _fraud_story(self, windows: List[str]) -> bool:
        """Fraud words ("cashpoint", "detective", "the notes") and no violence or medical words: the danger patterns saw
        urgency in a fraud, whose right reply is a fraud one or the generic 999 reply (vocab fraud_cues, violence_cues)."""
        if self._fraud_cues is None or self._violence_cues is None:
            return False
        return any(self._fraud_cues.search(w) for w in windows) and not any(
            self._violence_cues.search(w) for w in windows
        )

    def _about_a_child(self, kind: str, windows: List[str]) -> bool:
        if self._child is None or not any(self._child.search(w) for w in windows):
            return False
        if kind == "self_harm" and all(
            _OWN_AGE.fullmatch(m.group(0)) for w in windows for m in self._child.finditer(w)
        ):
            return False  # "im 15 ... i just want to disappear": the young writer's own risk, the self-harm reply
        # "I wrote a note for my kids" is the writer's own crisis, not the child's
        return (
            kind == "danger"
            or any(_ABOUT_THEM.search(w) for w in windows)
            or not any(_FIRST_PERSON.search(w) for w in windows)
        )
