"""Checks deploy/compose.yaml (issue 25) the way `docker compose config` would, without Docker:

1. interpolation: every `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:?message}`,
   `${NAME?message}`, `${NAME:+other}` and `$$` is well formed (a stray `$` or `${` is an error, as in Compose);
   the variables the file requires (`:?`) are filled with placeholders, as a force's `.env` would fill them;
2. the result against the Compose Specification's JSON schema (deploy/schema/compose-spec.json, vendored from
   github.com/compose-spec/compose-spec, Apache-2.0; unknown keys are errors there);
3. the bot's own start-up rule: every service that starts a Rasa server (the image's default command) must not
   share a tracker store with in-memory locks (startup/launch.check_shared_stores's rule, repeated here so that this
   file needs only PyYAML and jsonschema: scripts/validate_deploy.sh runs it in the validator's own venv).

`python scripts/validate_compose.py [FILE]`: prints "ok" and exits 0, or prints each problem and exits 1.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any, List, Mapping, Tuple

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "deploy" / "schema" / "compose-spec.json"
BOT_IMAGE = "cyberprotect-assistant"

# ${NAME}, ${NAME:-x}, ${NAME-x}, ${NAME:?x}, ${NAME?x}, ${NAME:+x}, ${NAME+x}; $NAME; $$
_BRACED = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}")
_BARE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def interpolate(text: str, env: Mapping[str, str], where: str, problems: List[str]) -> str:
    """Compose's interpolation of one string; problems get a line for each malformed `$`."""
    out, i = [], 0
    while i < len(text):
        if text[i] != "$":
            out.append(text[i])
            i += 1
            continue
        if text.startswith("$$", i):
            out.append("$")
            i += 2
            continue
        m = _BRACED.match(text, i) or _BARE.match(text, i)
        if not m:
            problems.append(f"{where}: malformed variable reference at '{text[i : i + 20]}'")
            out.append(text[i])
            i += 1
            continue
        name = m.group(1)
        op, arg = (m.group(2), m.group(3)) if m.re is _BRACED else (None, None)
        value = env.get(name)
        if op in (":-", "-"):
            value = value if (value if op == ":-" else value is not None) else interpolate(arg, env, where, problems)
        elif op in (":?", "?"):
            value = value if value is not None else f"placeholder-{name.lower()}"  # required: the .env gives it
        elif op in (":+", "+"):
            value = interpolate(arg, env, where, problems) if (value if op == ":+" else value is not None) else ""
        out.append(value or "")
        i = m.end()
    return "".join(out)


def _walk(node: Any, env: Mapping[str, str], path: str, problems: List[str]) -> Any:
    if isinstance(node, dict):
        return {k: _walk(v, env, f"{path}.{k}" if path else str(k), problems) for k, v in node.items()}
    if isinstance(node, list):
        return [_walk(v, env, f"{path}[{i}]", problems) for i, v in enumerate(node)]
    if isinstance(node, str):
        return interpolate(node, env, path, problems)
    return node


def _environment(service: Mapping[str, Any]) -> dict:
    env = service.get("environment") or {}
    if isinstance(env, list):  # ["KEY=value", ...]
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {str(k): "" if v is None else str(v) for k, v in env.items()}


def shared_store_problems(services: Mapping[str, Any]) -> List[str]:
    """A Rasa server (the bot image without a command of its own) on a non-SQLite tracker store needs Redis locks."""
    out = []
    for name, service in services.items():
        if BOT_IMAGE not in str(service.get("image", "")) or service.get("command"):
            continue  # not a Rasa server (the action server runs the same image with its own command)
        env = _environment(service)
        url = (env.get("TRACKER_STORE_URL") or "sqlite").strip()
        locks = (env.get("LOCK_STORE_TYPE") or "in_memory").strip()
        if not url.startswith("sqlite") and locks == "in_memory" and env.get("SINGLE_RASA_SERVER") != "yes":
            out.append(f"services.{name}: a shared tracker store with in-memory locks: the Rasa server would refuse")
    return out


def check(path: Path, env: Mapping[str, str] | None = None) -> Tuple[List[str], dict]:
    """The problems found in the compose file at `path` (empty: valid), and the interpolated file."""
    problems: List[str] = []
    raw = yaml.safe_load(path.read_text())
    if not isinstance(raw, dict):
        return [f"{path}: not a mapping"], {}
    data = _walk(raw, env if env is not None else {}, "", problems)
    validator = jsonschema.Draft7Validator(json.loads(SCHEMA.read_text()))
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        where = ".".join(str(p) for p in error.absolute_path) or "(top)"
        problems.append(f"{where}: {error.message[:300]}")
    if not problems:
        problems += shared_store_problems(data.get("services") or {})
    return problems, data


def main(argv: List[str]) -> int:
    path = Path(argv[0]) if argv else ROOT / "deploy" / "compose.yaml"
    problems, data = check(path)
    if problems:
        print(f"{path}: {len(problems)} problem(s)")
        for p in problems:
            print(f"  {p}")
        return 1
    print(f"deploy: {path.name} valid for the Compose Specification ({len(data.get('services', {}))} services)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
