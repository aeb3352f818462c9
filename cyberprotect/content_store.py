"""The one content loader: advice topics, reporting routes and the children's guidance, read from content/
(or a force's CMS).

- Local files: content/topics/<key>.yml, content/routes/routes.yml, content/children/talk.yml (the TALK
  checklist), content/children/young_people.yml and content/platforms/<key>.yml (app and game settings).
  The store notices edits (file times and sizes) and reloads, so a changed file changes the answers without
  retraining: the files are checked at most every CONTENT_CHECK_SECONDS (2; 0 checks on every call), because
  listing and stat-ing the ~50 files on every call took most of the action server's time (py-spy, issue 22).
  `one_snapshot()` holds one snapshot for a whole action call (the action server wraps each call in it), so
  one reply never mixes an old and a new version of the content.
- The last good snapshot stays in use: when an edited file (or a CMS bundle) fails validation, an ERROR names the
  file and the field, `status()` says "content stale since <time>" (the action server's /health/content shows
  it), and the previous content keeps answering until the file is fixed. `make check-content` runs the same
  checks for editors and CI (`python -m cyberprotect.content_store`).
- Optional remote: the CONTENT_REMOTE_URL environment variable names an https URL that serves one YAML or JSON
  bundle {topics: [...], routes: {...}, reasons: {...}, talk: {...}, young_people: {...}, platforms: [...],
  places: {...}} in the same format; the last four may be left out, and then come from the local files. It is
  fetched at most every CONTENT_REMOTE_TTL seconds, in a background thread (never on a person's request), with a
  size cap (MAX_REMOTE_BYTES) and an overall deadline; YAML aliases are refused. A bundle must keep every local
  topic and route, and may not change the pinned routes (PINNED_ROUTES: 999, 101, Report Fraud, Police Scotland,
  159, 7726, Samaritans, Childline), so a compromised CMS cannot swap a reporting number. The last good copy is
  cached in state/; when the remote is down or invalid the cache, then the local files, are used.
Pure Python, no Rasa imports.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import json
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional, Tuple

import yaml

from cyberprotect.checker.content import CheckerContent, parse_checker
from cyberprotect.handover.content import HandoverSettings, parse_handover
from cyberprotect.content_schema import (
    NATIONS,
    Answer,
    ContentError,
    PlatformGuide,
    Route,
    Situation,
    TalkGuide,
    Topic,
    YoungPeopleGuide,
    parse_answers,
    parse_platform,
    parse_routes,
    parse_situations,
    parse_talk,
    parse_topic,
    parse_young_people,
    placeholders,
    review_problems,
)

logger = logging.getLogger(__name__)
PROJECT_ROOT = Path(__file__).resolve().parents[1]
MAX_REMOTE_BYTES = 2 * 1024 * 1024
REMOTE_DEADLINE = 10.0  # seconds for the whole fetch
# Routes a CMS bundle may not change (phone, text and address must equal the local files'): the numbers people
# in danger or reporting a crime are sent to. Keys, not numbers: the numbers themselves live in content/.
PINNED_ROUTES = (
    "emergency_999",
    "police_101",
    "report_fraud",
    "police_scotland_101",
    "stop_scams_159",
    "forward_7726",
    "samaritans",
    "childline",
)


class _NoAliasLoader(yaml.SafeLoader):  # type: ignore[misc]  # PyYAML has no type stubs installed
    """safe_load without YAML aliases (an alias bomb expands to gigabytes when the bundle is cached as JSON)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.events.AliasEvent):
            raise ContentError("YAML aliases (*name) are not allowed in a content bundle")
        return super().compose_node(parent, index)


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
    # what the person has already done -> first steps (content/situations.yml), in the order they are shown
    situations: Dict[str, Situation] = field(default_factory=dict)
    # answers to a second question in the same message, e.g. "will I get my money back?" (content/answers.yml)
    answers: Dict[str, Answer] = field(default_factory=dict)
    handover: Optional[HandoverSettings] = None  # talk to a person: team, hours (content/handover.yml)


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
    situations = parse_situations(bundle["situations"], f"{origin} situations") if bundle.get("situations") else {}
    for situation in situations.values():
        _check_placeholders(situation.steps, routes, f"{origin} situation '{situation.key}'")
        for method in situation.by_method.values():
            _check_placeholders(method.steps, routes, f"{origin} situation '{situation.key}' {method.key}")
    answers = parse_answers(bundle["answers"], f"{origin} answers") if bundle.get("answers") else {}
    handover = parse_handover(bundle["handover"], f"{origin} handover") if bundle.get("handover") else None
    return ContentSnapshot(
        topics=topics,
        routes=routes,
        reasons=reasons,
        origin=origin,
        talk=talk,
        young_people=young,
        platforms=platforms,
        places=places,
        checker=checker,
        situations=situations,
        answers=answers,
        handover=handover,
    )


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


def _read_yaml(path: Path) -> Any:
    """safe_load of one file; a syntax error becomes a ContentError naming the file and line."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise ContentError(f"{path}{where}: not valid YAML ({getattr(e, 'problem', None) or e})") from None


def _load_yaml(path: Path) -> Any:
    return _read_yaml(path) if path.exists() else None


def _load_keyed_files(folder: Path) -> List[Dict[str, Any]]:
    """Every <key>.yml in a folder, each checked to say `key: <key>`."""
    items = []
    for path in sorted(folder.glob("*.yml")):
        data = _read_yaml(path)
        if not isinstance(data, dict) or data.get("key") != path.stem:
            raise ContentError(f"{path}: 'key' must be '{path.stem}' (the file name)")
        items.append(data)
    return items


def read_local_bundle(root: Path) -> Dict[str, Any]:
    routes = _read_yaml(root / "routes" / "routes.yml") or {}
    return {
        "topics": _load_keyed_files(root / "topics"),
        "routes": routes.get("routes"),
        "reasons": routes.get("reasons"),
        "talk": _load_yaml(root / "children" / "talk.yml"),
        "young_people": _load_yaml(root / "children" / "young_people.yml"),
        "platforms": _load_keyed_files(root / "platforms"),
        "places": _load_yaml(root / "places.yml"),
        "checker": _load_yaml(root / "checker.yml"),
        "situations": _load_yaml(root / "situations.yml"),
        "answers": _load_yaml(root / "answers.yml"),
        "handover": _load_yaml(root / "handover.yml"),
    }


# The snapshot held for the action call running in this context (thread or task): (store, snapshot).
_held: contextvars.ContextVar[Optional[Tuple["ContentStore", ContentSnapshot]]] = contextvars.ContextVar(
    "content_snapshot_held", default=None
)


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
    background: bool = False  # True: remote refreshes run in a thread, never on the caller's request
    check_every: float = 0.0  # seconds between checks of the local files' times and sizes; 0: on every call
    clock: Callable[[], float] = time.monotonic  # injectable for tests
    _snapshot: Optional[ContentSnapshot] = field(default=None, init=False)
    _local_good: Optional[ContentSnapshot] = field(default=None, init=False)
    stale_since: Optional[float] = field(default=None, init=False)  # time.time() of the first failed load
    last_error: str = field(default="", init=False)
    _refreshing: bool = field(default=False, init=False)
    _local_signature: Optional[Tuple[Tuple[str, int, int], ...]] = field(default=None, init=False)
    _remote_checked_at: Optional[float] = field(default=None, init=False)
    _local_checked_at: Optional[float] = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    # -- public API -------------------------------------------------------------------------------------
    def current(self) -> ContentSnapshot:
        held = _held.get()
        if held is not None and held[0] is self:
            return held[1]
        start_refresh = False
        with self._lock:
            if self.remote_url:
                if self.background:
                    start_refresh = self._remote_due() and not self._refreshing
                    self._refreshing = self._refreshing or start_refresh
                    if self._snapshot is None:
                        self._use_cache()
                else:
                    self._refresh_remote()
            if self._snapshot is None or (self._snapshot.origin == "local" and self._local_files_changed()):
                self._load_local()
            assert self._snapshot is not None
            snapshot = self._snapshot
        if start_refresh:
            threading.Thread(target=self._refresh_in_background, name="content-refresh", daemon=True).start()
        return snapshot

    @contextlib.contextmanager
    def one_snapshot(self) -> Iterator[Optional[ContentSnapshot]]:
        """Every current() in this block (same thread or task) returns the same snapshot: one action call sees
        one version of the content even when a file is edited or a CMS refresh lands meanwhile."""
        try:
            snapshot = self.current()
        except Exception:  # noqa: BLE001 - no good content at all: hold nothing, the actions that need it fail
            yield None  # as before, the others (safeguarding, handover) still answer
            return
        token = _held.set((self, snapshot))
        try:
            yield snapshot
        finally:
            _held.reset(token)

    def _local_files_changed(self) -> bool:
        """True when the files' times or sizes differ from the loaded ones; looks at most every check_every s."""
        now = self.clock()
        recent = self._local_checked_at is not None and now - self._local_checked_at < self.check_every
        if self.check_every > 0 and recent:
            return False
        self._local_checked_at = now
        return _signature(self.root) != self._local_signature

    def status(self, today: Optional[dt.date] = None) -> Dict[str, Any]:
        """For the health endpoint: where the content comes from, since when it is stale (if it is: the last edit
        failed to load), and how many items are past their review period (`reviews_overdue`: reported for the team's
        monitoring, never a reason to take the server out of service: the advice is still the last reviewed one)."""
        with contextlib.suppress(Exception):  # loads the content if nothing has yet; no content at all: 0 overdue
            self.current()
        snapshot = self._snapshot
        overdue = len(review_problems(list(iter_all(snapshot)), today or dt.date.today())) if snapshot else 0
        if self.stale_since is None:
            return {"status": "ok", "origin": snapshot.origin if snapshot else None, "reviews_overdue": overdue}
        since = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(self.stale_since))
        return {
            "status": f"content stale since {since}",
            "origin": snapshot.origin if snapshot else None,
            "error": self.last_error,
            "reviews_overdue": overdue,
        }

    def topic(self, key: str) -> Optional[Topic]:
        return self.current().topics.get(key)

    def route(self, key: str) -> Optional[Route]:
        return self.current().routes.get(key)

    def reason(self, key: str) -> str:
        return self.current().reasons.get(key, "")

    # -- loading ----------------------------------------------------------------------------------------
    def _failed(self, error: str) -> None:
        if self.stale_since is None:
            self.stale_since = time.time()
        self.last_error = error
        logger.error("content: %s; the last good content stays in use", error)

    def _load_local(self) -> None:
        signature = _signature(self.root)
        self._local_checked_at = self.clock()
        try:
            snapshot = snapshot_from_bundle(read_local_bundle(self.root), "local")
        except (ContentError, ValueError, TypeError, KeyError, AttributeError, OSError) as e:
            previous = self._snapshot or self._local_good
            if previous is None:
                raise  # nothing good to serve yet: start-up must fail loudly
            self._local_signature = signature  # re-read only when the files change again
            self._snapshot = previous
            self._failed(str(e))
            return
        self._snapshot, self._local_signature, self._local_good = snapshot, signature, snapshot
        self.stale_since, self.last_error = None, ""
        logger.info(
            "content: loaded %d topics and %d routes from %s", len(snapshot.topics), len(snapshot.routes), self.root
        )

    def _with_local_parts(self, bundle: Any) -> Any:
        """A CMS may serve only topics and routes: the children's guidance, app guides and places it leaves
        out come from the local files."""
        if not isinstance(bundle, Mapping):
            return bundle
        optional = ("talk", "young_people", "platforms", "places", "situations", "answers", "handover")
        if all(bundle.get(part) for part in optional):
            return bundle
        local = read_local_bundle(self.root)
        return {**bundle, **{part: local[part] for part in optional if not bundle.get(part)}}

    def _remote_due(self) -> bool:
        now = time.monotonic()
        return self._remote_checked_at is None or now - self._remote_checked_at >= self.remote_ttl

    def _refresh_in_background(self) -> None:
        try:
            snapshot, bundle = self._fetch_remote()
        except Exception as exc:  # noqa: BLE001 - remote down, slow, too big or invalid
            with self._lock:
                self._remote_checked_at, self._refreshing = time.monotonic(), False
                self._failed(f"remote content unusable ({exc})")
            return
        with self._lock:
            self._remote_checked_at, self._refreshing = time.monotonic(), False
            self._accept_remote(snapshot, bundle)

    def _fetch_remote(self) -> Tuple[ContentSnapshot, Any]:
        """Fetch, parse and check a bundle; raises on any problem. Runs without the lock."""
        if not str(self.remote_url).startswith("https://"):
            raise ContentError("CONTENT_REMOTE_URL must be an https:// address")
        text = (self.fetch or _http_get)(str(self.remote_url))
        if len(text) > MAX_REMOTE_BYTES:
            raise ContentError(f"bundle larger than {MAX_REMOTE_BYTES} bytes")
        bundle = yaml.load(text, Loader=_NoAliasLoader)  # YAML is a superset of JSON
        snapshot = snapshot_from_bundle(self._with_local_parts(bundle), "remote")
        self._check_against_local(snapshot)
        return snapshot, bundle

    def _check_against_local(self, remote: ContentSnapshot) -> None:
        """Every local topic and route is still there, and the pinned routes are unchanged."""
        local = snapshot_from_bundle(read_local_bundle(self.root), "local")
        missing = sorted(set(local.topics) - set(remote.topics)) + sorted(set(local.routes) - set(remote.routes))
        if missing:
            raise ContentError(f"bundle leaves out {missing}")
        for key in PINNED_ROUTES:
            if key in local.routes:
                a, b = local.routes[key], remote.routes[key]
                if (a.phone, a.text, a.url) != (b.phone, b.text, b.url):
                    raise ContentError(f"bundle changes the pinned route '{key}' (phone, text or url)")

    def _accept_remote(self, snapshot: ContentSnapshot, bundle: Any) -> None:
        self._snapshot = snapshot
        self.stale_since, self.last_error = None, ""
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        self.cache_file.write_text(json.dumps(bundle, default=str), encoding="utf-8")

    def _use_cache(self) -> None:
        try:
            bundle = json.loads(self.cache_file.read_text(encoding="utf-8"))
            snapshot = snapshot_from_bundle(self._with_local_parts(bundle), "remote-cache")
            self._check_against_local(snapshot)
            self._snapshot = snapshot
        except Exception:  # noqa: BLE001
            self._snapshot = None  # the local files are loaded by current()

    def _refresh_remote(self) -> None:
        if not self._remote_due():
            return
        self._remote_checked_at = time.monotonic()
        try:
            self._accept_remote(*self._fetch_remote())
            return
        except Exception as exc:  # remote down, timeout or invalid: fall back, never fail the user
            self._failed(f"remote content unusable ({exc})")
        if self._snapshot is not None and self._snapshot.origin in ("remote", "remote-cache"):
            return  # keep the last good remote copy in memory
        self._use_cache()


def _http_get(url: str) -> str:
    """GET over https, no redirects, at most MAX_REMOTE_BYTES, within REMOTE_DEADLINE seconds in all."""
    import requests

    deadline = time.monotonic() + REMOTE_DEADLINE
    with requests.get(url, timeout=(3, 3), stream=True, allow_redirects=False) as response:
        response.raise_for_status()
        body = bytearray()
        for chunk in response.iter_content(64 * 1024):
            body += chunk
            if len(body) > MAX_REMOTE_BYTES:
                raise ContentError(f"bundle larger than {MAX_REMOTE_BYTES} bytes")
            if time.monotonic() > deadline:
                raise ContentError(f"bundle took longer than {REMOTE_DEADLINE:.0f} s")
        return body.decode("utf-8")


_default_store: Optional[ContentStore] = None


def check_seconds(env: Mapping[str, str] = os.environ) -> float:
    """CONTENT_CHECK_SECONDS: how often the process-wide store looks for edited files (default 2 s)."""
    return max(0.0, float(env.get("CONTENT_CHECK_SECONDS") or 2))


def default_store() -> ContentStore:
    """The process-wide store, configured from CONTENT_DIR / CONTENT_REMOTE_URL / CONTENT_REMOTE_TTL /
    CONTENT_CHECK_SECONDS."""
    global _default_store
    if _default_store is None:
        root = Path(os.environ.get("CONTENT_DIR") or PROJECT_ROOT / "content")
        if not root.is_absolute():
            root = PROJECT_ROOT / root
        _default_store = ContentStore(
            root=root,
            remote_url=os.environ.get("CONTENT_REMOTE_URL") or None,
            remote_ttl=float(os.environ.get("CONTENT_REMOTE_TTL") or 300),
            background=True,
            check_every=check_seconds(),
        )
    return _default_store


def iter_all(snapshot: ContentSnapshot) -> Iterable[Any]:
    """Every reviewed item: topics, routes, the TALK guide, the young people's text and the platform guides."""
    yield from snapshot.topics.values()
    yield from snapshot.routes.values()
    yield snapshot.talk
    yield snapshot.young_people
    yield from snapshot.platforms.values()
    yield from snapshot.situations.values()
    yield from (m for s in snapshot.situations.values() for m in s.by_method.values())
    yield from snapshot.answers.values()


def main(argv: List[str]) -> int:
    """`make check-content`: validate content/ (or the folder given) as the bot would; 0 when it loads."""
    root = Path(argv[0]) if argv else PROJECT_ROOT / "content"
    try:
        snapshot = snapshot_from_bundle(read_local_bundle(root), "local")
    except (ContentError, ValueError, TypeError, KeyError, AttributeError, OSError) as e:
        print(f"ERROR {e}")
        return 1
    print(
        f"content ok: {len(snapshot.topics)} topics, {len(snapshot.routes)} routes, "
        f"{len(snapshot.platforms)} platform guides in {root}"
    )
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
