"""Paraphrase-tolerant matching of what someone said against a rehearsal key point or mistake.

This module owns one question: "does this text say X, and in which sentence?" It turns text into clauses
of canonical lemmas (spaCy lookup lemmas of the lower-cased text, then the synonym groups of
scenarios/_lexicon.yml), notes whether each clause is negated ("don't click"), and joins spoken or
written digits into numbers ("one five nine" -> 159, "0300 123 2040" -> 03001232040).

A `Need` is what has to be found in ONE clause: all its words (after synonyms), or one of its numbers,
or one of its web addresses, and the clause's negation must equal `negated` (None = either). Needs are
built by cyberprotect/rehearsal/keypoints.py from the content store and route engine; this module knows no
advice at all. Pure Python + spaCy, no Rasa imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LEXICON_FILE = PROJECT_ROOT / "scenarios" / "_lexicon.yml"
SPACY_PATH = PROJECT_ROOT / "state" / "spacy" / "en_cyberprotect"
PUNCT_BREAK = re.compile(r"^[.,;:!?()\[\]•\n\"“”—–-]+$")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
ARTICLES = ("the", "a", "an")
CONDITIONAL = ("if", "unless", "when", "once", "whether")
NEGATED_INFINITIVE = ("not", "never")  # "... not to reply" opens a negated clause of its own
HOST_RE = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+", re.IGNORECASE)
# A sentence that starts like this asks about a fact ("Have you told your bank?", "Did you pay?"): it gives no
# advice. Requests ("Can you ring your bank now?") and suggestions ("Why not ...") are advice.
# "When" starts a question only with a question mark: "When he comes back, give him the card" is advice.
# An auxiliary asks only before its subject: "Have you rung your bank?" asks, "Have a word with your bank" advises.
ASKING = re.compile(
    r"^(?:(?:and|so|ok|okay|right)\W+)?(?:(?:have|has|had|did|does|do(?! not\b|n't\b)|are|is|was|were)"
    r"(?:n't)?\s+(?:you|u|they|he|she|it|we|i|the|your|his|her|their|anyone|anybody|someone|somebody|"
    r"there|that|this|these|those|any|my|our)\b|"
    r"(?:what|when(?=.*\?\W*$)|where|which|who|how)\b)(?!.*\bwhy not\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Lexicon:
    canon: Dict[str, str]  # single lemma -> canonical word
    phrases: Tuple[Tuple[Tuple[str, ...], str], ...]  # multi-word lemma sequences -> canonical, longest first
    ignore: FrozenSet[str]
    negations: FrozenSet[str]
    breaks: FrozenSet[str]
    numbers: Dict[str, str]
    broader: Dict[str, Tuple[str, ...]] = field(
        default_factory=dict
    )  # canonical word -> broader words it also counts as
    opposites: Dict[str, str] = field(default_factory=dict)  # "delete" -> "keep": "don't delete" also says "keep"
    discouraging: FrozenSet[str] = frozenset()  # "ignore", "careful": a route named in such a clause is not advised
    dismissing: FrozenSet[str] = frozenset()  # "ignore", "forget": advice words in such a clause are negated

    @classmethod
    def from_file(cls, path: Path = LEXICON_FILE) -> "Lexicon":
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        canon: Dict[str, str] = {}
        phrases: List[Tuple[Tuple[str, ...], str]] = []
        for head, words in (data.get("synonyms") or {}).items():
            for word in [head] + list(words):
                parts = tuple(_lemmas(str(word)))
                if len(parts) == 1:
                    canon[parts[0]] = str(head)
                elif parts:
                    phrases.append((parts, str(head)))
        phrases.sort(key=lambda p: -len(p[0]))
        broader: Dict[str, List[str]] = {}
        for head, narrower in (data.get("broader") or {}).items():
            for word in narrower:
                broader.setdefault(canon.get(str(word), str(word)), []).append(str(head))
        return cls(
            canon=canon,
            phrases=tuple(phrases),
            ignore=frozenset(data.get("ignore") or ()),
            negations=frozenset(data.get("negations") or ()),
            breaks=frozenset(data.get("clause_breaks") or ()),
            numbers={str(k): str(v) for k, v in (data.get("numbers") or {}).items()},
            broader={k: tuple(v) for k, v in broader.items()},
            opposites={str(k): str(v) for k, v in (data.get("opposites") or {}).items()},
            discouraging=frozenset(
                lem
                for w in list(data.get("discouraging") or ()) + list(data.get("dismissing") or ())
                for lem in _lemmas(str(w))
            ),
            dismissing=frozenset(lem for w in data.get("dismissing") or () for lem in _lemmas(str(w))),
        )


@lru_cache(maxsize=1)
def _nlp() -> Any:
    import spacy  # imported lazily: the action server only pays for it when rehearsal is used

    try:
        return spacy.load(SPACY_PATH)
    except OSError:  # pipeline not built yet (make install builds it): fall back to a plain tokenizer
        return spacy.blank("en")


@lru_cache(maxsize=1)
def _lemma_table() -> Any:
    nlp = _nlp()
    try:
        return nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    except (KeyError, ValueError):
        return {}


def _tokens3(text: str) -> List[Tuple[str, str, str]]:
    """(token as written, lower-case token, lemma of the lower-case token)."""
    table = _lemma_table()
    return [(t.text, t.lower_, table.get(t.lower_) or t.lower_) for t in _nlp()(text) if not t.is_space]


def _tokens(text: str) -> List[Tuple[str, str]]:
    """(lower-case token, lemma) pairs."""
    return [(low, lemma) for _, low, lemma in _tokens3(text)]


def _lemmas(text: str) -> List[str]:
    return [lemma for _, lemma in _tokens(text)]


def literal(text: str) -> str:
    """A name as a space-joined token sequence, as written, for exact phrase matching (see Need.names)."""
    return " " + " ".join(tok for tok, _, _ in _tokens3(text) if not PUNCT_BREAK.match(tok)) + " "


# A name typed in lower case ("report fraud") is only a name after one of these words ("report it to
# report fraud"); written with its capitals ("Report Fraud") it is a name anywhere.
NAME_INTRO = ("to", "call", "ring", "phone", "contact", "via", "with", "at", "try", "use")


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return Lexicon.from_file()


@dataclass(frozen=True)
class Clause:
    words: Tuple[str, ...]  # canonical lemmas, in order, ignore-words kept out
    numbers: FrozenSet[str]  # digit strings
    hosts: FrozenSet[str]  # web addresses without www.
    raw: str  # " tok tok tok " (lower case), for names
    orig: str  # " Tok tok Tok " (as written), for names
    seq: Tuple[str, ...]  # every canonical lemma in order (numbers as digits), for mistake phrases
    conditional: bool  # starts with if / when / unless / once ("if you have paid, ...")
    negated: bool
    sentence: str  # the whole sentence it came from (shown as evidence)
    asking: bool = False  # the sentence asks about a fact ("Have you called your bank?"): not advice
    discouraging: bool = False  # the clause warns off what it names ("Ignore Report Fraud", "be careful with ...")
    dismiss_at: int = -1  # where in `seq` a dismissing word stands ("ignore that passkey thing"); -1: none


@dataclass(frozen=True)
class Need:
    words: Tuple[str, ...] = ()  # all of these canonical words in one clause
    numbers: FrozenSet[str] = frozenset()  # or any of these numbers
    hosts: FrozenSet[str] = frozenset()  # or any of these web addresses
    names: FrozenSet[str] = frozenset()  # or any of these names, word for word (see literal())
    sequence: Tuple[str, ...] = ()  # or these canonical lemmas, contiguous, in one clause
    main_only: bool = False  # ignore conditional clauses ("if you have paid ...")
    all_words: bool = False  # words are checked against every word, small ones included
    negated: Optional[bool] = False  # required polarity of the clause; None = either
    in_questions: bool = False  # also met in a sentence that asks about a fact (advice never is)
    skip_conditional: bool = False  # ignore conditional clauses only ("if they ask again, send it" counts)
    warned_off: bool = False  # met only where the clause warns off what it names ("ignore Report Fraud")

    def met_by(self, sentence: Sequence[Clause]) -> bool:
        """Numbers, addresses and names must be in one clause of the right polarity. Words may spread over
        the sentence ("if there are threats, call the police"); the polarity is that of the clause holding
        the first word (its anchor)."""
        if sentence and sentence[0].asking and not self.in_questions:  # "Have you rung your bank?" is not advice
            return False
        if self.main_only:  # "If you are under 18, report to CEOP" is not advice to an adult
            sentence = [] if sentence and sentence[0].conditional else [c for c in sentence if not c.conditional]
        elif self.skip_conditional:  # "if you have paid them, ..." is not advice to pay
            sentence = [c for c in sentence if not c.conditional]
        for clause in sentence:
            if self.negated is not None and clause.negated != self.negated:
                continue
            # a route warned off ("Ignore Report Fraud, it's a scam") is not a route advised
            naming = clause.discouraging if self.warned_off else not (clause.discouraging and self.negated is False)
            if naming and (self.numbers & clause.numbers or self.hosts & clause.hosts):
                return True
            if naming and any(_name_in(name, clause) for name in self.names):
                return True
            if self.sequence and _said(clause.seq, self.sequence):
                return True
        if not self.words or not sentence:
            return False

        def words(c: Clause) -> Tuple[str, ...]:
            return c.seq if self.all_words else c.words

        if self.all_words:  # a phrase: its words in order ("are you safe" is not "you ... to be safe")
            if not _subsequence([w for c in sentence for w in c.seq], self.words):
                return False
        elif not set(self.words) <= {w for c in sentence for w in c.words}:
            return False
        anchor = next(c for c in sentence if self.words[0] in words(c))
        # "I'd ignore that passkey thing" warns off the passkey: as good as "don't use a passkey" (but "warn your
        # contacts to ignore odd messages" still warns them: the dismissing word must come before the anchor)
        dismissed = (
            0 <= anchor.dismiss_at < _index(anchor.seq, self.words[0])
            and not self.all_words
            and not set(self.words) & default_lexicon().dismissing
        )
        negated = anchor.negated or dismissed
        return self.negated is None or negated == self.negated


def _index(seq: Sequence[str], word: str) -> int:
    """Where `word` (or a narrower word standing for it) first stands in `seq`; len(seq) if it is not there."""
    return next((i for i, w in enumerate(seq) if w == word or word in default_lexicon().broader.get(w, ())), len(seq))


def _subsequence(seq: Sequence[str], part: Sequence[str]) -> bool:
    it = iter(seq)
    return all(any(w == x for x in it) for w in part)


# Words that make the clause's verb someone else's ("they pay up", "firms that pay up", "because you paid it"):
# a thing said after one of these reports or describes, it does not advise.
SUBJECTS = frozenset({"i", "we", "they", "he", "she", "you", "that", "who", "which"})
# ... and a thing said after a verb of stopping is the opposite advice ("stop sending them money").
STOPPING = frozenset({"stop", "quit", "cease", "refuse"})


def _said(seq: Sequence[str], part: Sequence[str]) -> bool:
    """`part` occurs contiguously in `seq` (articles aside), not straight after a subject ("just pay them" and "you should pay
    them" count; "firms that pay up", "because you paid it yourself" and "stop sending them money" do not)."""
    seq = [w for w in seq if w not in ARTICLES]  # "hand over a different card" says "hand over another card"
    part = [w for w in part if w not in ARTICLES]
    n = len(part)
    return any(
        seq[i : i + n] == part and (i == 0 or seq[i - 1] not in SUBJECTS | STOPPING) for i in range(len(seq) - n + 1)
    )


# In an "if" clause with no comma, a subject pronoun followed by a modal starts the main clause ("if it's only
# a small fee it might be worth paying"), unless a verb of thinking comes before it ("if you think you might").
SPLIT_SUBJECTS = frozenset({"it", "you", "they", "he", "she", "we", "i"})
SPLIT_MODALS = frozenset({"might", "may", "could", "would", "will", "should", "must", "can", "'d", "'ll", "need"})
NO_SPLIT_AFTER = frozenset(
    {
        "think",
        "feel",
        "believe",
        "say",
        "know",
        "worry",
        "sure",
        "that",
        "suspect",
        "reckon",
        "if",
        "unless",
        "when",
        "once",
        "whether",
        "and",
        "or",
    }
)


RELATIVE = frozenset({"that", "which", "who"})
# "that" after these words opens what is said or checked, not a relative clause ("make sure that you don't")
NO_RELATIVE_AFTER = frozenset(
    {
        "say",
        "know",
        "think",
        "sure",
        "check",
        "make",
        "ensure",
        "mean",
        "so",
        "tell",
        "realise",
        "realize",
        "believe",
        "hope",
        "show",
        "confirm",
        "verify",
        "warn",
        "remember",
        "notice",
        "feel",
        "find",
        "understand",
        "such",
        "now",
        "given",
        "be",
    }
)


def _negated_ahead(rest: Sequence[Tuple[str, str, str]], lex: Lexicon) -> bool:
    """A negation before the next punctuation mark or clause break."""
    for _, tok, lemma in rest:
        if PUNCT_BREAK.match(tok) or lemma in lex.breaks:
            return False
        if lemma in lex.negations or tok in lex.negations:
            return True
    return False


def _name_in(name: str, clause: Clause) -> bool:
    if name in clause.orig:
        return True
    low = name.lower()
    return any(f" {intro}{low}" in clause.raw for intro in NAME_INTRO)


def _canonical(lemmas: Sequence[str], lex: Lexicon) -> List[str]:
    out: List[str] = []
    i = 0
    while i < len(lemmas):
        for seq, head in lex.phrases:
            if tuple(lemmas[i : i + len(seq)]) == seq:
                out.append(head)
                i += len(seq)
                break
        else:
            out.append(lex.canon.get(lemmas[i], lemmas[i]))
            i += 1
    return out


def normalise_number(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def _host(text: str) -> str:
    host = re.sub(r"^https?://", "", text.lower()).split("/")[0]
    return host[4:] if host.startswith("www.") else host


# Spellings the tokenizer would split at a hyphen, written as one word before reading ("wi-fi" -> "wifi");
# every way of writing 2-step verification becomes "twostep" (the lexicon's word for it).
SPELLINGS = (
    (re.compile(r"\bwi-?fi\b", re.I), "wifi"),
    (re.compile(r"\be-mail", re.I), "email"),
    (re.compile(r"\b(?:2|two)[- ]?(?:step|factor|fa)\b|\b(?:2fa|mfa|multi-?factor)\b", re.I), "twostep"),
    (re.compile(r"\bdouble-check", re.I), "check"),
)


def _spell(text: str) -> str:
    for pattern, repl in SPELLINGS:
        text = pattern.sub(repl, text)
    return text


def clauses(text: str, lex: Optional[Lexicon] = None) -> List[Clause]:
    """Split text into sentences and clauses; each clause knows its words, numbers, hosts and negation."""
    lex = lex or default_lexicon()
    result: List[Clause] = []
    for sentence in (s.strip() for s in SENTENCE_END.split(text or "")):
        if not sentence:
            continue
        asking = bool(ASKING.match(sentence.strip(" \"'“”‘’")))
        current: List[Tuple[str, str, str]] = []
        segments: List[Tuple[str, List[Tuple[str, str, str]]]] = []  # (word that opened it, tokens)
        opener = ""
        triples3 = _tokens3(_spell(sentence))
        for i, (orig, tok, lemma) in enumerate(triples3):
            if tok in ("'s", "’s"):  # "Citizens Advice's helpline" names Citizens Advice
                continue
            if tok in NEGATED_INFINITIVE and current and i + 1 < len(triples3) and triples3[i + 1][1] == "to":
                # "tell your friends not to answer": the telling is not negated, the answering is
                segments.append((opener, current))
                current, opener = [(orig, tok, lemma)], ""
            elif PUNCT_BREAK.match(tok) or lemma in lex.breaks:
                segments.append((opener, current))
                current, opener = [], lemma if lemma in lex.breaks else tok if tok == "," else ""
            elif (
                tok in RELATIVE
                and len(current) >= 2
                and current[-1][2] not in NO_RELATIVE_AFTER
                and _negated_ahead(triples3[i + 1 :], lex)
            ):
                # "agree a safe word that a cloned voice couldn't know": the relative clause's negation is
                # its own, not the advice's
                segments.append((opener, current))
                current, opener = [(orig, tok, lemma)], ""
            elif lemma in CONDITIONAL and current:  # "... unless you pay them": a new, conditional clause
                segments.append((opener, current))
                current, opener = [(orig, tok, lemma)], ""
            elif (
                len(current) >= 3
                and current[0][2] in CONDITIONAL
                and tok in SPLIT_SUBJECTS
                and i + 1 < len(triples3)
                and triples3[i + 1][1] in SPLIT_MODALS
                and current[-1][2] not in NO_SPLIT_AFTER
            ):
                # "if it's only a small fee it might be worth paying": the main clause starts at "it might"
                segments.append((opener, current))
                current, opener = [(orig, tok, lemma)], ""
            else:
                current.append((orig, tok, lemma))
        segments.append((opener, current))
        previous_negated = previous_conditional = False
        # "Do not open the door, hand over cards, or share your PIN": in a list that ends in "or", the
        # items after commas keep the negation of the item before.
        listing = any(op in ("or", "nor") for op, t in segments if t)
        for opener, triples in segments:
            if not triples:
                continue
            pairs = [(tok, lemma) for _, tok, lemma in triples]
            seg = [lemma for _, lemma in pairs]
            hosts = {_host(tok) for tok, _ in pairs if HOST_RE.fullmatch(_host(tok)) and re.search(r"[a-z]", tok)}
            numbers, digits, words = set(), "", []
            for lemma in seg + [""]:
                d = (
                    lemma
                    if lemma.isdigit()
                    else lex.numbers.get(lemma)
                    if (digits or lemma not in ("oh", "o"))
                    else None
                )
                if d is not None and lemma:
                    digits += d
                    continue
                if digits:
                    numbers.add(digits)
                    words.append(digits)
                    digits = ""
                if lemma:
                    words.append(lemma)
            canon = _canonical(words, lex)
            # "do not save or forward it": the clause after "or" keeps the negation of the one before
            inherits = opener in ("or", "nor") or (opener == "," and listing)
            negated = any(w in lex.negations for w in canon) or (inherits and previous_negated)
            previous_negated = negated
            conditional = seg[0] in CONDITIONAL or (opener in ("or", "nor") and previous_conditional)
            previous_conditional = conditional
            content = [
                w
                for w in canon
                if w not in lex.ignore
                and w not in lex.negations
                and not HOST_RE.fullmatch(_host(w))
                and not w.isdigit()
            ]
            content += [b for w in content for b in lex.broader.get(w, ()) if b not in content]
            result.append(
                Clause(
                    words=tuple(dict.fromkeys(content)),
                    numbers=frozenset(numbers),
                    hosts=frozenset(hosts),
                    raw=" " + " ".join(tok for tok, _ in pairs) + " ",
                    orig=" " + " ".join(o for o, _, _ in triples) + " ",
                    seq=tuple(w for w in canon if w not in lex.negations),
                    conditional=conditional,
                    negated=negated,
                    sentence=sentence,
                    asking=asking,
                    discouraging=any(lem in lex.discouraging for lem in seg),
                    dismiss_at=next(
                        (j for j, w in enumerate(w for w in canon if w not in lex.negations) if w in lex.dismissing), -1
                    ),
                )
            )
            flipped = [lex.opposites.get(w, w) for w in result[-1].words]
            if negated and flipped != list(result[-1].words):  # "don't delete the chat" also says "keep the chat"
                result.append(replace(result[-1], words=tuple(flipped), negated=False))
    return result


def need_from_phrase(phrase: str, lex: Optional[Lexicon] = None, either: bool = False) -> Need:
    """A Need for a short phrase ("are you safe", "lost money"): all its words, small ones too except
    "the/a/an", in order (other words may come between) in one sentence, with the phrase's own negation, or either polarity if `either`
    (questions: "you haven't lost money, have you?"). Small words count so that "are you safe" is a question
    to the person, not any sentence with "safe" in it."""
    cl = clauses(phrase, lex)
    words = tuple(dict.fromkeys(w for c in cl for w in c.seq if w not in ARTICLES))
    own_negation = any(c.negated for c in cl)
    return Need(words=words, negated=None if either else own_negation, all_words=True, in_questions=True)


def need_from_words(phrase: str, lex: Optional[Lexicon] = None) -> Need:
    """A Need for one phrasing of a key point ("call bank", "don't send any more"): all its content words
    (after lemmas, synonyms and broader words), in any order, in one sentence, with the phrase's own
    negation; a number in it ("159") is met by that number alone."""
    cl = clauses(phrase, lex)
    numbers = frozenset(n for c in cl for n in c.numbers)
    hosts = frozenset(h for c in cl for h in c.hosts)
    words = tuple(dict.fromkeys(w for c in cl for w in c.words if not lex_broader_only(w, c)))
    return Need(words=words, numbers=numbers, hosts=hosts, negated=any(c.negated for c in cl))


def lex_broader_only(word: str, clause: "Clause") -> bool:
    """True for a broader word added by the lexicon rather than written (phrasings ask for what they say)."""
    return word not in clause.seq


def need_from_saying(phrase: str, lex: Optional[Lexicon] = None) -> Need:
    """A Need for a thing someone must not say ("just pay them"): the phrase word for word (after lemmas
    and synonyms) in one clause that is neither negated nor conditional ("don't just pay" and "if you have
    paid them" do not count; "if they ask again, pay them" does)."""
    cl = clauses(phrase, lex)
    seq = tuple(w for c in cl for w in c.seq)
    return Need(sequence=seq, negated=any(c.negated for c in cl), skip_conditional=True)


def words_of(text: str, lex: Optional[Lexicon] = None) -> List[str]:
    """The canonical content words of a text (used to check a key point's words against the content)."""
    return [w for c in clauses(text, lex) for w in c.words]


def sentences(text: str, lex: Optional[Lexicon] = None) -> List[List[Clause]]:
    """The clauses of a text, grouped by sentence."""
    groups: Dict[str, List[Clause]] = {}
    for clause in clauses(text, lex):
        groups.setdefault(clause.sentence, []).append(clause)
    return list(groups.values())


def find(needs: Iterable[Need], texts: Iterable[str], lex: Optional[Lexicon] = None) -> Optional[str]:
    """The first sentence, over all texts in order, in which any of the needs is met; None if none is."""
    needs = list(needs)
    for text in texts:
        for sentence in sentences(text, lex):
            if any(n.met_by(sentence) for n in needs):
                return sentence[0].sentence
    return None
