"""Resolves a scenario's key points and mistakes against the content store and the route engine, and
assesses a set of answers (an officer's messages, or the public bot's replies) against them.

- `route: <key>`: the route's phone number, text number, web address or name (from routes.yml).
- `engine: <kind>`: the routes of that kind (report, support, ...) that cyberprotect/routing.py decides for the
  persona's case; `police_report` = the nation-dependent report routes, e.g. Police Scotland for a Scottish
  resident, Report Fraud for someone in England.
- `topic_step: <topic>.<field>` + `key_words`: the one step of that topic containing all the key words;
  an answer must contain those words (or synonyms) with the step's polarity ("do not click").
  `match` adds other phrasings that also cover the point ("call bank", "don't send any more").
- `question` (officer-only): the officer asks that kind of question (the persona's own reading of the turn,
  cyberprotect/rehearsal/questions.py), e.g. `where_live`, `danger`.
- `phrases` (officer-only): behaviours the script names, e.g. saying a bank never asks you to move money.
Mistakes: naming a `route` (numbers shared with a route that suits the case do not count), or `phrases`;
each has a `kind` (pay, wrong_route, blame, unsafe). Every scenario also gets the general mistakes of
scenarios/_general_mistakes.yml: victim-blaming wording (the blame cues of cyberprotect/rehearsal/questions.py),
advice to pay, and naming a reporting route that does not serve the person's nation.
The model answer is built from the same content. Pure Python, no Rasa imports.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

import yaml

from cyberprotect.content_schema import Route
from cyberprotect.content_store import ContentSnapshot
from cyberprotect.rehearsal.matching import (
    SUBJECTS,
    Need,
    find,
    literal,
    need_from_phrase,
    need_from_saying,
    need_from_words,
    normalise_number,
    sentences,
    words_of,
)
from cyberprotect.rehearsal.questions import blame_sentence, default_table, read
from cyberprotect.rehearsal.scenarios import SCENARIO_DIR, Scenario
from cyberprotect.replies import route_line
from cyberprotect.routing import Case, RouteDecision, decide_routes

GENERAL_MISTAKES_FILE = SCENARIO_DIR / "_general_mistakes.yml"


class KeyPointError(ValueError):
    """A key point or mistake does not resolve to existing content or routes."""


@dataclass(frozen=True)
class Resolved:
    id: str
    label: str  # what a good (or bad) answer does, in plain English
    model: str  # the model answer line(s) from the content store
    needs: Tuple[Need, ...]
    officer_only: bool = False
    after_line: int = 0  # mistakes only: public-bot runs count replies from this line on
    kind: str = ""  # mistakes only: pay | wrong_route | blame | unsafe
    why: str = ""  # why it matters (the key point's own `why` in the script, or a route's "for" text)
    source: str = ""  # where the advice comes from (the route's or topic's source pages; officer-only
    # behaviours: the sources of the scenario's topic)
    detector: Optional[Callable[[str], Optional[str]]] = None  # mistakes found by a function, not by needs

    def evidence(self, texts: Sequence[str]) -> Optional[str]:
        """The first sentence of the texts that shows this key point or mistake; None if none does."""
        if self.detector is not None:
            return next((e for e in (self.detector(t) for t in texts) if e), None)
        return find(self.needs, texts)


@dataclass(frozen=True)
class Assessment:
    covered: Tuple[Tuple[Resolved, str], ...]  # (key point, evidence sentence)
    missed: Tuple[Resolved, ...]
    mistakes: Tuple[Tuple[Resolved, str], ...]  # (mistake, evidence sentence)

    @property
    def total(self) -> int:
        return len(self.covered) + len(self.missed)

    @property
    def score(self) -> int:
        """Percent: key points covered minus mistakes made (never below 0), over the key points."""
        if not self.total:
            return 0
        return round(100 * max(0, len(self.covered) - len(self.mistakes)) / self.total)


def case_for(scenario: Scenario, snapshot: ContentSnapshot) -> Case:
    topic = snapshot.topics.get(scenario.threat)
    if topic is None:
        raise KeyPointError(f"{scenario.id}: threat '{scenario.threat}' is not a topic in content/topics/")
    c = scenario.case
    return Case(
        threat=topic.key,
        category=topic.category,
        nation=c.get("nation"),
        money_lost=c.get("money_lost"),
        child_involved=c.get("child_involved"),
        business=c.get("business"),
        danger_now=c.get("danger_now"),
        topic_routes=topic.routes + topic.support,
        # the rehearsal cases are marked as before: Report Remove where the topic lists it (no story text to read)
        sexual_images=c.get("sexual_images", True),
    )


# "(England and Wales)" after a name says where it serves; it is not a name ("it covers England" names nothing)
NATIONS_ONLY = re.compile(
    r"(?:(?:england|wales|scotland|northern ireland|the uk|uk|only)(?:,\s*|\s+and\s+|\s+)?)+", re.IGNORECASE
)


def name_variants(name: str) -> List[str]:
    """'Report Fraud (formerly Action Fraud)' -> ['report fraud', 'action fraud']; 'Your bank or card
    provider' -> ['bank', 'card provider']; a leading acronym ('CEOP Safety Centre') is a name on its own, and so
    are the leading capitalised words ('Citizens Advice consumer helpline' -> 'Citizens Advice'); a bracket
    that only names nations ('(England and Wales)') is not."""
    main, *inside = re.split(r"\s*\(", name)
    variants = [main] + [
        re.sub(r"^formerly\s+", "", p.rstrip(")"), flags=re.I)
        for p in inside
        if not re.fullmatch(r"[\d ]+\)?", p) and not NATIONS_ONLY.fullmatch(p.rstrip(")"))
    ]
    words = main.split()
    capitalised = list(itertools.takewhile(lambda w: w[:1].isupper(), words))
    if 2 <= len(capitalised) < len(words) and words[len(capitalised)].lower() not in ("of", "and", "for", "the"):
        # "Citizens Advice consumer helpline" -> "Citizens Advice" (not "Police Service" of "... of Northern Ireland")
        variants.append(" ".join(capitalised))
    out: List[str] = []
    for v in variants:
        v = re.sub(r"^(your|the)\s+", "", v.strip(), flags=re.I)
        out.extend(part for part in re.split(r"\s+or\s+", v) if part)
    first = main.split()[0] if main.split() else ""
    if re.fullmatch(r"[A-Z]{3,}", first):
        out.append(first)
    # the initials of a name of four or more capitalised words are a name too ("Police Service of Northern
    # Ireland" -> "PSNI"; shorter initials such as "CPR" are too often other words); a web name is a name
    # without its ending ("StopNCII.org" -> "StopNCII")
    capitals = [w for w in main.split() if w[:1].isupper()]
    if (
        len(capitals) >= 4
        and not re.fullmatch(r"[A-Z]{2,}", capitals[0])
        and len(capitals) == len([w for w in main.split() if w.lower() not in ("of", "and", "the", "for")])
    ):
        out.append("".join(w[0] for w in capitals))
    for v in list(out):
        stem = re.sub(r"\.(?:org|co|gov|police|com|net)(?:\.uk)?$|\.uk$", "", v)
        if stem != v and len(stem) >= 4:
            out.append(stem)
    return out


def route_need(route: Route, drop_numbers: Sequence[str] = (), main_only: bool = False) -> Need:
    numbers = {normalise_number(n) for n in (route.phone, route.text) if n} - set(drop_numbers)
    hosts = set()
    if route.url:
        host = re.sub(r"^https?://", "", route.url).split("/")[0].lower()
        hosts.add(host[4:] if host.startswith("www.") else host)
    return Need(
        numbers=frozenset(numbers),
        hosts=frozenset(hosts),
        names=frozenset(literal(v) for v in name_variants(route.name)),
        negated=False,
        main_only=main_only,
    )


ALL_NATIONS = frozenset({"england", "wales", "scotland", "northern_ireland"})


def _of_kind(route: Route, kind: str) -> bool:
    """`police_report`: a report route that depends on where the person lives (the route engine's police
    report step: Report Fraud, local police 101, Police Scotland: its `nations` in routes.yml leave some out),
    not a quick action such as 7726."""
    if kind == "police_report":
        return route.kind == "report" and set(route.nations) != ALL_NATIONS
    return route.kind == kind


def _reason_for(route_key: str, decisions: Sequence[RouteDecision]) -> str:
    for d in decisions:
        if d.route == route_key:
            return d.reason
    return ""


@lru_cache(maxsize=1)
def _general_mistakes() -> Dict[str, Any]:
    return yaml.safe_load(GENERAL_MISTAKES_FILE.read_text(encoding="utf-8")) or {}


def general_mistakes(scenario: Scenario, snapshot: ContentSnapshot, suitable: Sequence[str]) -> List[Resolved]:
    """The mistakes checked in every scenario (scenarios/_general_mistakes.yml)."""
    data, out = _general_mistakes(), []
    blame = data.get("victim_blaming")
    if blame:
        out.append(Resolved("victim_blaming", blame["label"], "", (), kind=blame["kind"], detector=blame_sentence))
    pay = data.get("advice_to_pay")
    if pay:
        out.append(
            Resolved(
                "advice_to_pay",
                pay["label"],
                "",
                (),
                kind=pay["kind"],
                detector=_pay_detector(
                    tuple(pay["phrases"]),
                    tuple(pay.get("verbs") or ()),
                    tuple(pay.get("objects") or ()),
                    tuple(pay.get("not_with") or ()),
                    tuple(pay.get("not_after") or ()),
                ),
            )
        )
    wrong = data.get("wrong_nation_route")
    nation = scenario.case.get("nation")
    if wrong and nation:
        own = {m.get("route") for m in scenario.mistakes}
        serving = {
            normalise_number(n) for r in snapshot.routes.values() if nation in r.nations for n in (r.phone, r.text) if n
        }
        needs = tuple(
            route_need(snapshot.routes[k], sorted(serving), main_only=True)
            for k in wrong["routes"]
            if k in snapshot.routes and nation not in snapshot.routes[k].nations and k not in suitable and k not in own
        )
        if needs:
            out.append(Resolved("wrong_nation_route", wrong["label"], "", needs, kind=wrong["kind"]))
    return out


@lru_cache(maxsize=4)
def _pay_detector(
    phrases: Tuple[str, ...],
    verbs: Tuple[str, ...],
    objects: Tuple[str, ...],
    not_with: Tuple[str, ...],
    not_after: Tuple[str, ...] = (),
) -> Callable[[str], Optional[str]]:
    """Advice to pay: one of the phrases said (need_from_saying), or a paying verb ("send", "pay", "give") that
    is advised, not described (not negated, not in an "if" clause, not after a subject, not in a question),
    with something of money's worth within the next five words ("send the rest of the bill money", "best pay
    the rest") and none of `not_with` ("send your bank the payment details" is not paying), not straight after one
    of `not_after` ("stop sending them money")."""
    needs = tuple(need_from_saying(p) for p in phrases)
    verb_set = {w for v in verbs for w in words_of(v)} | set(verbs)
    object_set = {w for o in objects for w in (words_of(o) or [o])}
    blockers = {w for o in not_with for w in (words_of(o) or [o])}
    before = set(SUBJECTS) | {w for o in not_after for w in (words_of(o) or [o])}

    def detect(text: str) -> Optional[str]:
        found = find(needs, [text])
        if found:
            return found
        for sentence in sentences(text):
            # a question is not advice, with a question word or only a "?" ("Paid with crypto or cash? ...")
            if sentence[0].asking or sentence[0].sentence.rstrip().endswith("?"):
                continue
            for clause in sentence:
                if clause.negated or clause.conditional:
                    continue
                seq = clause.seq
                for i, w in enumerate(seq):
                    if w not in verb_set or (i and seq[i - 1] in before):
                        continue
                    window = set(seq[i + 1 : i + 6])
                    if window & object_set and not window & blockers:
                        return clause.sentence
        return None

    return detect


def _route_model(snapshot: ContentSnapshot, key: str, decisions: Sequence[RouteDecision]) -> str:
    line = route_line(snapshot.routes[key], snapshot.reasons.get(_reason_for(key, decisions), ""))
    return line.lstrip("• ")


def _step(snapshot: ContentSnapshot, ref: str, key_words: Sequence[str], where: str) -> Tuple[str, Need]:
    topic_key, field = ref.split(".")
    topic = snapshot.topics.get(topic_key)
    if topic is None:
        raise KeyPointError(f"{where}: topic '{topic_key}' is not in content/topics/")
    wanted = [w for kw in key_words for w in words_of(kw)]
    if not wanted:
        raise KeyPointError(f"{where}: key_words {list(key_words)} are all ignored words")
    steps = [s for s in getattr(topic, field) if set(wanted) <= set(words_of(s))]
    if len(steps) != 1:
        raise KeyPointError(
            f"{where}: key_words {list(key_words)} match {len(steps)} steps of {ref} "
            f"(need exactly 1); the content may have changed"
        )
    # polarity: that of the clause holding the first key word, in the sentence holding all the key words
    # ("Stop paying. Do not pay fees": [pay, fee] -> the second sentence, negative)
    sentence = next((s for s in sentences(steps[0]) if set(wanted) <= {w for c in s for w in c.words}), None)
    if sentence is None:
        raise KeyPointError(
            f"{where}: key_words {list(key_words)} are not all in one sentence of the step '{steps[0]}'"
        )
    # the words of the step's "if" clause say when the advice applies, not what to do: an answer need not
    # repeat them ("If you moved money, tell your bank": "let your bank know" covers it)
    main = {w for c in sentence if not c.conditional for w in c.words}
    action = [w for w in wanted if w in main] or wanted
    anchor = next(c for c in sentence if action[0] in c.words and (not c.conditional or action is wanted))
    return steps[0], Need(words=tuple(dict.fromkeys(action)), negated=anchor.negated)


def _topic_sources(snapshot: ContentSnapshot, topic_key: str) -> str:
    """Where a topic's advice comes from: its first two source pages (content/topics/<topic>.yml)."""
    return "; ".join(src.url for src in snapshot.topics[topic_key].sources[:2])


def _also(kp: Mapping[str, Any], snapshot: ContentSnapshot) -> Tuple[Need, ...]:
    """The key point's `match` (other phrasings that also cover it) and `match_routes` (routes whose name,
    number or web address also covers it)."""
    for key in kp.get("match_routes") or ():
        if key not in snapshot.routes:
            raise KeyPointError(f"key point '{kp['id']}': match_routes '{key}' is not in content/routes/routes.yml")
    return tuple(need_from_words(m) for m in kp.get("match") or ()) + tuple(
        route_need(snapshot.routes[k]) for k in kp.get("match_routes") or ()
    )


def _question_example(kinds: Sequence[str]) -> str:
    for kind in kinds:
        q = default_table().question(kind)
        if q is not None and q.example:
            return q.example
    return ""


def _asks_detector(kinds: Tuple[str, ...]) -> Callable[[str], Optional[str]]:
    """A detector for an officer-only "asks ..." key point: the first sentence that asks one of these kinds
    of question, as the persona reads it."""

    def detect(text: str) -> Optional[str]:
        for sentence in (c[0].sentence for c in sentences(text)):
            if set(read(sentence).asks) & set(kinds):
                return sentence
        return None

    return detect


def resolve(scenario: Scenario, snapshot: ContentSnapshot) -> Tuple[List[Resolved], List[Resolved]]:
    """The scenario's key points and mistakes, resolved. Raises KeyPointError if anything does not exist."""
    case = case_for(scenario, snapshot)
    decisions = decide_routes(case)
    suitable = {d.route for d in decisions}
    points: List[Resolved] = []
    for kp in scenario.key_points:
        where = f"{scenario.id} key point '{kp['id']}'"
        only = bool(kp.get("officer_only"))
        if "route" in kp:
            key = kp["route"]
            if key not in snapshot.routes:
                raise KeyPointError(f"{where}: route '{key}' is not in content/routes/routes.yml")
            route = snapshot.routes[key]
            points.append(
                Resolved(
                    kp["id"],
                    kp.get("label") or f"Points them to {route.name}.",
                    _route_model(snapshot, key, decisions),
                    (route_need(route),) + _also(kp, snapshot),
                    only,
                    why=kp.get("why") or route.for_,
                    source=route.source,
                )
            )
        elif "engine" in kp:
            picked = [d.route for d in decisions if _of_kind(snapshot.routes[d.route], kp["engine"])]
            if not picked:
                raise KeyPointError(f"{where}: the route engine picks no '{kp['engine']}' route for this case")
            names = " or ".join(snapshot.routes[k].name for k in picked)
            kind = kp["engine"].replace("_", " ")
            points.append(
                Resolved(
                    kp["id"],
                    kp.get("label") or f"Right {kind} route for this case: {names}.",
                    " Or: ".join(_route_model(snapshot, k, decisions) for k in picked),
                    tuple(route_need(snapshot.routes[k]) for k in picked) + _also(kp, snapshot),
                    only,
                    why=kp.get("why") or snapshot.routes[picked[0]].for_,
                    source=snapshot.routes[picked[0]].source,
                )
            )
        elif "topic_step" in kp:
            text, need = _step(snapshot, kp["topic_step"], kp["key_words"], where)
            topic = snapshot.topics[kp["topic_step"].split(".")[0]]
            points.append(
                Resolved(
                    kp["id"],
                    kp.get("label") or text,
                    text,
                    (need,) + _also(kp, snapshot),
                    only,
                    why=kp.get("why") or "",
                    source=_topic_sources(snapshot, topic.key),
                )
            )
        elif "question" in kp:
            example = _question_example(kp["question"])
            points.append(
                Resolved(
                    kp["id"],
                    kp["label"],
                    f"{kp['label']} For example: {example}" if example else kp["label"],
                    (),
                    only,
                    why=kp.get("why") or "",
                    source=_topic_sources(snapshot, scenario.threat),
                    detector=_asks_detector(tuple(kp["question"])),
                )
            )
        else:
            points.append(
                Resolved(
                    kp["id"],
                    kp["label"],
                    kp["label"],
                    tuple(need_from_phrase(p) for p in kp["phrases"]),
                    only,
                    why=kp.get("why") or "",
                    source=_topic_sources(snapshot, scenario.threat),
                )
            )
    mistakes: List[Resolved] = []
    shared = {normalise_number(n) for k in suitable for n in (snapshot.routes[k].phone, snapshot.routes[k].text) if n}
    for m in scenario.mistakes:
        where = f"{scenario.id} mistake '{m['id']}'"
        if "route" in m:
            if m["route"] not in snapshot.routes:
                raise KeyPointError(f"{where}: route '{m['route']}' is not in content/routes/routes.yml")
            if m["route"] in suitable:
                raise KeyPointError(f"{where}: the route engine itself picks '{m['route']}' for this case")
            needs: Tuple[Need, ...] = (route_need(snapshot.routes[m["route"]], sorted(shared), main_only=True),)
        else:
            needs = tuple(need_from_saying(p) for p in m["phrases"])
        for key in m.get("warns_off") or ():  # warning them off a route that serves them ("ignore Report Fraud")
            if key not in snapshot.routes:
                raise KeyPointError(f"{where}: warns_off '{key}' is not in content/routes/routes.yml")
            needs += (replace(route_need(snapshot.routes[key]), negated=None, warned_off=True),)
        mistakes.append(
            Resolved(
                m["id"], m["label"], "", needs, after_line=int(m.get("after_line", 0)), kind=m.get("kind", "unsafe")
            )
        )
    ids = {m.id for m in mistakes}
    mistakes += [g for g in general_mistakes(scenario, snapshot, sorted(suitable)) if g.id not in ids]
    return points, mistakes


def assess(
    points: Sequence[Resolved],
    mistakes: Sequence[Resolved],
    texts: Sequence[str],
    include_officer_only: bool = True,
    mistake_texts: Optional[Sequence[str]] = None,
) -> Assessment:
    """Which key points the texts cover (with the evidence sentence), which they miss, which mistakes they make."""
    covered, missed = [], []
    for p in points:
        if p.officer_only and not include_officer_only:
            continue
        evidence = p.evidence(texts)
        if evidence is None:
            missed.append(p)
        else:
            covered.append((p, evidence))
    made = []
    for m in mistakes:
        evidence = m.evidence(texts if mistake_texts is None else mistake_texts)
        if evidence is not None:
            made.append((m, evidence))
    # a general mistake does not count again when the scenario's own mistake of that kind was made
    own_kinds = {m.kind for m, _ in made if m.id not in _general_mistakes()}
    made = [(m, e) for m, e in made if m.id not in _general_mistakes() or m.kind not in own_kinds]
    return Assessment(tuple(covered), tuple(missed), tuple(made))


def model_answer(points: Sequence[Resolved]) -> str:
    return "\n".join(f"{i}. {p.model}" for i, p in enumerate(points, 1))
