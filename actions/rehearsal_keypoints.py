"""Resolves a scenario's key points and mistakes against the content store and the route engine, and
assesses a set of answers (an officer's messages, or the public bot's replies) against them.

- `route: <key>`: the route's phone number, text number, web address or name (from routes.yml).
- `engine: <kind>`: the routes of that kind (report, support, ...) that actions/routing.py decides for the
  persona's case; `police_report` = the nation-dependent report routes, e.g. Police Scotland for a Scottish
  resident, Report Fraud for someone in England.
- `topic_step: <topic>.<field>` + `key_words`: the one step of that topic containing all the key words;
  an answer must contain those words (or synonyms) with the step's polarity ("do not click").
- `phrases` (officer-only): behaviours the script names, e.g. asking whether anyone is in danger.
Mistakes: naming a `route` (numbers shared with a route that suits the case do not count), or `phrases`.
The model answer is built from the same content. Pure Python, no Rasa imports.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from actions.content_schema import Route
from actions.content_store import ContentSnapshot
from actions.rehearsal_matching import (Need, find, literal, need_from_phrase, need_from_saying, normalise_number,
                                        sentences, words_of)
from actions.rehearsal_scenarios import Scenario
from actions.replies import route_line
from actions.routing import DEFAULT_REASON, ROUTE_NATIONS, Case, RouteDecision, decide_routes


class KeyPointError(ValueError):
    """A key point or mistake does not resolve to existing content or routes."""


@dataclass(frozen=True)
class Resolved:
    id: str
    label: str          # what a good (or bad) answer does, in plain English
    model: str          # the model answer line(s) from the content store
    needs: Tuple[Need, ...]
    officer_only: bool = False
    after_line: int = 0  # mistakes only: public-bot runs count replies from this line on


@dataclass(frozen=True)
class Assessment:
    covered: Tuple[Tuple[Resolved, str], ...]   # (key point, evidence sentence)
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
    return Case(threat=topic.key, category=topic.category, nation=c.get("nation"), money_lost=c.get("money_lost"),
                child_involved=c.get("child_involved"), business=c.get("business"), danger_now=c.get("danger_now"),
                topic_routes=topic.routes + topic.support)


def name_variants(name: str) -> List[str]:
    """'Report Fraud (formerly Action Fraud)' -> ['report fraud', 'action fraud']; 'Your bank or card
    provider' -> ['bank', 'card provider']; a leading acronym ('CEOP Safety Centre') is a name on its own."""
    main, *inside = re.split(r"\s*\(", name)
    variants = [main] + [re.sub(r"^formerly\s+", "", p.rstrip(")"), flags=re.I) for p in inside
                         if not re.fullmatch(r"[\d ]+\)?", p)]
    out: List[str] = []
    for v in variants:
        v = re.sub(r"^(your|the)\s+", "", v.strip(), flags=re.I)
        out.extend(part for part in re.split(r"\s+or\s+", v) if part)
    first = main.split()[0] if main.split() else ""
    if re.fullmatch(r"[A-Z]{3,}", first):
        out.append(first)
    return out


def route_need(route: Route, drop_numbers: Sequence[str] = (), main_only: bool = False) -> Need:
    numbers = {normalise_number(n) for n in (route.phone, route.text) if n} - set(drop_numbers)
    hosts = set()
    if route.url:
        host = re.sub(r"^https?://", "", route.url).split("/")[0].lower()
        hosts.add(host[4:] if host.startswith("www.") else host)
    return Need(numbers=frozenset(numbers), hosts=frozenset(hosts),
                names=frozenset(literal(v) for v in name_variants(route.name)), negated=False, main_only=main_only)


def _of_kind(route: Route, kind: str) -> bool:
    """`police_report`: a report route that depends on where the person lives (the route engine's police
    report step: Report Fraud, local police 101, Police Scotland), not a quick action such as 7726."""
    if kind == "police_report":
        return route.kind == "report" and route.key in ROUTE_NATIONS
    return route.kind == kind


def _reason_for(route_key: str, decisions: Sequence[RouteDecision]) -> str:
    for d in decisions:
        if d.route == route_key:
            return d.reason
    return DEFAULT_REASON.get(route_key, "")


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
        raise KeyPointError(f"{where}: key_words {list(key_words)} match {len(steps)} steps of {ref} "
                            f"(need exactly 1); the content may have changed")
    # polarity: that of the clause holding the first key word, in the sentence holding all the key words
    # ("Stop paying. Do not pay fees": [pay, fee] -> the second sentence, negative)
    sentence = next(s for s in sentences(steps[0]) if set(wanted) <= {w for c in s for w in c.words})
    anchor = next(c for c in sentence if wanted[0] in c.words)
    return steps[0], Need(words=tuple(dict.fromkeys(wanted)), negated=anchor.negated)


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
            points.append(Resolved(kp["id"], kp.get("label") or f"Points them to {route.name}.",
                                   _route_model(snapshot, key, decisions), (route_need(route),), only))
        elif "engine" in kp:
            picked = [d.route for d in decisions if _of_kind(snapshot.routes[d.route], kp["engine"])]
            if not picked:
                raise KeyPointError(f"{where}: the route engine picks no '{kp['engine']}' route for this case")
            names = " or ".join(snapshot.routes[k].name for k in picked)
            kind = kp["engine"].replace("_", " ")
            points.append(Resolved(kp["id"], kp.get("label") or f"Right {kind} route for this case: {names}.",
                                   " Or: ".join(_route_model(snapshot, k, decisions) for k in picked),
                                   tuple(route_need(snapshot.routes[k]) for k in picked), only))
        elif "topic_step" in kp:
            text, need = _step(snapshot, kp["topic_step"], kp["key_words"], where)
            points.append(Resolved(kp["id"], kp.get("label") or text, text, (need,), only))
        else:
            points.append(Resolved(kp["id"], kp["label"], kp["label"],
                                   tuple(need_from_phrase(p) for p in kp["phrases"]), only))
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
        mistakes.append(Resolved(m["id"], m["label"], "", needs, after_line=int(m.get("after_line", 0))))
    return points, mistakes


def assess(points: Sequence[Resolved], mistakes: Sequence[Resolved], texts: Sequence[str],
           include_officer_only: bool = True, mistake_texts: Optional[Sequence[str]] = None) -> Assessment:
    """Which key points the texts cover (with the evidence sentence), which they miss, which mistakes they make."""
    covered, missed = [], []
    for p in points:
        if p.officer_only and not include_officer_only:
            continue
        evidence = find(p.needs, texts)
        if evidence is None:
            missed.append(p)
        else:
            covered.append((p, evidence))
    made = []
    for m in mistakes:
        evidence = find(m.needs, texts if mistake_texts is None else mistake_texts)
        if evidence is not None:
            made.append((m, evidence))
    return Assessment(tuple(covered), tuple(missed), tuple(made))


def model_answer(points: Sequence[Resolved]) -> str:
    return "\n".join(f"{i}. {p.model}" for i, p in enumerate(points, 1))
