"""The one content loader: advice topics, reporting routes and the children's guidance, read from content/
(or a force's CMS).

- Local files: content/topics/<key>.yml, content/routes/routes.yml, content/children/talk.yml (the TALK
  checklist), content/children/young_people.yml and content/platforms/<key>.yml (app and game settings).
  The store notices edits (file times and sizes) on the next request and reloads, so a changed file changes
  the next answer without retraining.
- Optional remote: the CONTENT_REMOTE_URL environment variable names a URL that serves one YAML or JSON bundle
  {topics: [...], routes: {...}, reasons: {...}, talk: {...}, young_people: {...}, platforms: [...],
  places: {...}} in the same format; the last four may be left out, and then come from the local files. It is fetched at most every
  CONTENT_REMOTE_TTL seconds; the last good copy is cached in state/; when the remote is down or invalid the
  cache, then the local files, are used.
Pure Python, no Rasa imports.
"""
from __future__ import annotations

import json
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

import yaml

from actions.checker.content import CheckerContent, parse_checker
from actions.content_schema import (NATIONS, ContentError, PlatformGuide, Route, TalkGuide, Topic, YoungPeopleGuide,
                                    parse_platform, parse_routes, parse_talk, parse_topic, parse_young_people,
                                    placeholders)

logger = logging.getLogger(__name__)
PROJECT_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class ContentSnapshot:
    topics: Dict[str, Topic]
    routes: Dict[str, Route]
    reasons: Dict[str, str]
    origin: str  # "local", "remote" or "remote-cache"
    talk: TalkGuide = None  # type: ignore[assignment]  # always set by snapshot_from_bundle
    young_people: YoungPeopleGuide = None  # type: ignore[assignment]
    platforms: Dict[str, PlatformGuide] = field(default_factory=dict)
    places: Dict[str, str] = field(default_factory=dict)  # place name (lower case) -> nation
    checker: Optional[CheckerContent] = None  # the "Is this a scam?" checker (content/checker.yml)


def snapshot_from_bundle(bundle: Mapping[str, Any], origin: str) -> ContentSnapshot:
    """Parse and cross-check a whole bundle; raises ContentError on the first problem."""
    topics: Dict[str, Topic] = {}
    for raw in bundle.get("topics") or []:
        topic = parse_topic(raw, f"{origin} topic '{(raw or {}).get('key', '?')}'")
        topics[topic.key] = topic
    routes, reasons = parse_routes(bundle, f"{origin} routes")
    for part in ("talk", "young_people"):
        if not bundle.get(part):
            raise ContentError(f"{origin}: '{part}' is missing")
    talk = parse_talk(bundle["talk"], f"{origin} talk")
    young = parse_young_people(bundle["young_people"], f"{origin} young_people")
    platforms: Dict[str, PlatformGuide] = {}
    for raw in bundle.get("platforms") or []:
        platform = parse_platform(raw, f"{origin} platform '{(raw or {}).get('key', '?')}'")
        platforms[platform.key] = platform
    for topic in topics.values():
        unknown = [k for k in topic.routes + topic.support if k not in routes]
        if unknown:
            raise ContentError(f"{origin} topic '{topic.key}': unknown route keys {unknown}")
        texts = topic.do_now + topic.protect + topic.signs + (topic.summary,)
        if topic.young_person:
            texts += topic.young_person.do_now + (topic.young_person.summary,)
        _check_placeholders(texts, routes, f"{origin} topic '{topic.key}'")
    unknown = [k for k in young.routes if k not in routes]
    if unknown:
        raise ContentError(f"{origin} young_people: unknown route keys {unknown}")
    _check_placeholders(young.steps + (young.intro,), routes, f"{origin} young_people")
    places = _parse_places(bundle.get("places") or {}, f"{origin} places")
    checker = parse_checker(bundle["checker"], routes, f"{origin} checker") if bundle.get("checker") else None
    return ContentSnapshot(topics=topics, routes=routes, reasons=reasons, origin=origin, talk=talk,
                           young_people=young, platforms=platforms, places=places, checker=checker)


def _parse_places(raw: Mapping[str, Any], where: str) -> Dict[str, str]:
    places: Dict[str, str] = {}
    for nation, names in (raw or {}).items():
        if nation not in NATIONS or not isinstance(names, list):
            raise ContentError(f"{where}: '{nation}' must be one of {NATIONS} with a list of place names")
        for name in names:
            key = str(name).strip().lower()
            if key in places and places[key] != nation:
                raise ContentError(f"{where}: '{key}' is listed under {places[key]} and {nation}")
            places[key] = nation
    return places


def _check_placeholders(texts: Iterable[str], routes: Mapping[str, Route], where: str) -> None:
    for text in texts:
        for key in placeholders(text):
            if key not in routes or not routes[key].phone:
                raise ContentError(f"{where}: '{{{key}}}' in '{text}' is not a route with a phone number")


def _load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None


def _load_keyed_files(folder: Path) -> List[Dict[str, Any]]:
    """Every <key>.yml in a folder, each checked to say `key: <key>`."""
    items = []
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("key") != path.stem:
            raise ContentError(f"{path}: 'key' must be '{path.stem}' (the file name)")
        items.append(data)
    return items


def read_local_bundle(root: Path) -> Dict[str, Any]:
    routes = yaml.safe_load((root / "routes" / "routes.yml").read_text(encoding="utf-8")) or {}
    return {"topics": _load_keyed_files(root / "topics"), "routes": routes.get("routes"),
            "reasons": routes.get("reasons"), "talk": _load_yaml(root / "children" / "talk.yml"),
            "young_people": _load_yaml(root / "children" / "young_people.yml"),
            "platforms": _load_keyed_files(root / "platforms"), "places": _load_yaml(root / "places.yml"),
            "checker": _load_yaml(root / "checker.yml")}


def _signature(root: Path) -> Tuple[Tuple[str, int, int], ...]:
    files = sorted(p for p in root.rglob("*.yml") if p.is_file())
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


@dataclass
class ContentStore:
    root: Path = PROJECT_ROOT / "content"
    remote_url: Optional[str] = None
    remote_ttl: float = 300.0
    cache_file: Path = PROJECT_ROOT / "state" / "content-cache.json"
    fetch: Any = None  # callable(url) -> text; injectable for tests
    _snapshot: Optional[ContentSnapshot] = field(default=None, init=False)
    _local_signature: Any = field(default=None, init=False)
    _remote_checked_at: Optional[float] = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    # -- public API -------------------------------------------------------------------------------------
    def current(self) -> ContentSnapshot:
        with self._lock:
            if self.remote_url:
                self._refresh_remote()
            if self._snapshot is None or (
                self._snapshot.origin == "local" and _signature(self.root) != self._local_signature
            ):
                self._load_local()
            assert self._snapshot is not None
            return self._snapshot

    def topic(self, key: str) -> Optional[Topic]:
        return self.current().topics.get(key)

    def route(self, key: str) -> Optional[Route]:
        return self.current().routes.get(key)

    def reason(self, key: str) -> str:
        return self.current().reasons.get(key, "")

    # -- loading ----------------------------------------------------------------------------------------
    def _load_local(self) -> None:
        signature = _signature(self.root)
        snapshot = snapshot_from_bundle(read_local_bundle(self.root), "local")
        self._snapshot, self._local_signature = snapshot, signature
        logger.info("content: loaded %d topics and %d routes from %s", len(snapshot.topics), len(snapshot.routes), self.root)

    def _with_local_parts(self, bundle: Any) -> Any:
        """A CMS may serve only topics and routes: the children's guidance, app guides and places it leaves
        out come from the local files."""
        if not isinstance(bundle, Mapping):
            return bundle
        optional = ("talk", "young_people", "platforms", "places")
        if all(bundle.get(part) for part in optional):
            return bundle
        local = read_local_bundle(self.root)
        return {**bundle, **{part: local[part] for part in optional if not bundle.get(part)}}

    def _refresh_remote(self) -> None:
        now = time.monotonic()
        if self._remote_checked_at is not None and now - self._remote_checked_at < self.remote_ttl:
            return
        self._remote_checked_at = now
        try:
            text = (self.fetch or _http_get)(self.remote_url)
            bundle = yaml.safe_load(text)  # YAML is a superset of JSON
            self._snapshot = snapshot_from_bundle(self._with_local_parts(bundle), "remote")
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            self.cache_file.write_text(json.dumps(bundle, default=str), encoding="utf-8")
            return
        except Exception as exc:  # remote down, timeout or invalid: fall back, never fail the user
            logger.warning("content: remote %s unusable (%s); using fallback", self.remote_url, exc)
        if self._snapshot is not None and self._snapshot.origin in ("remote", "remote-cache"):
            return  # keep the last good remote copy in memory
        try:
            bundle = json.loads(self.cache_file.read_text(encoding="utf-8"))
            self._snapshot = snapshot_from_bundle(self._with_local_parts(bundle), "remote-cache")
        except Exception:
            self._snapshot = None  # the local files are loaded by current()


def _http_get(url: str) -> str:
    import requests

    response = requests.get(url, timeout=3)
    response.raise_for_status()
    return response.text


_default_store: Optional[ContentStore] = None


def default_store() -> ContentStore:
    """The process-wide store, configured from CONTENT_DIR / CONTENT_REMOTE_URL / CONTENT_REMOTE_TTL."""
    global _default_store
    if _default_store is None:
        root = Path(os.environ.get("CONTENT_DIR") or PROJECT_ROOT / "content")
        if not root.is_absolute():
            root = PROJECT_ROOT / root
        _default_store = ContentStore(
            root=root,
            remote_url=os.environ.get("CONTENT_REMOTE_URL") or None,
            remote_ttl=float(os.environ.get("CONTENT_REMOTE_TTL") or 300),
        )
    return _default_store


def iter_all(snapshot: ContentSnapshot) -> Iterable[Any]:
    """Every reviewed item: topics, routes, the TALK guide, the young people's text and the platform guides."""
    yield from snapshot.topics.values()
    yield from snapshot.routes.values()
    yield snapshot.talk
    yield snapshot.young_people
    yield from snapshot.platforms.values()
