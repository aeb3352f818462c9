"""`python -m startup serve ARGS`: the one way the Rasa server is started (scripts/run.sh, channel tests).

Owns two start-up decisions taken from the environment:
- channels: the credentials file is generated from credentials.yml, keeping only channels whose
  variables are set (channels/credentials.py), and passed to Rasa;
- the Rasa HTTP API (/status, /model, /conversations/...): on only when RASA_API_TOKEN is set, and then it
  requires that token, which must be at least 32 characters (MIN_API_TOKEN; the API can read every conversation).
  Without it the server has channels only. The token goes into Rasa's argument list
  in this process, not on a command line other users can read in `ps`.
- CORS: Rasa's own CORS headers only for the sites in WIDGET_ALLOWED_ORIGINS (none when unset: the widget talks
  socket.io, which checks origins itself, channels/socketio.py).
- shared stores: a shared (non-SQLite) tracker store with in-memory locks is refused (`check_shared_stores`).
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Mapping

from channels import credentials

ROOT = Path(__file__).resolve().parents[1]
MIN_API_TOKEN = 32


def serve_args(args: List[str], env: Mapping[str, str], credentials_file: str) -> List[str]:
    """`rasa` arguments for `serve ARGS`: run ARGS, the generated credentials, and the API only with a token."""
    if "--enable-api" in args or "--auth-token" in args or "--credentials" in args:
        raise SystemExit("serve decides --enable-api, --auth-token and --credentials itself")
    out = ["run", *args, "--credentials", credentials_file]
    origins = [o.strip() for o in (env.get("WIDGET_ALLOWED_ORIGINS") or "").split(",") if o.strip()]
    if origins and "--cors" not in args:
        out += ["--cors", *origins]
    token = env.get("RASA_API_TOKEN", "")
    if token and len(token) < MIN_API_TOKEN:
        raise SystemExit(
            f"RASA_API_TOKEN is too short: use at least {MIN_API_TOKEN} random characters "
            "(e.g. `openssl rand -hex 32`), or leave it empty to keep the HTTP API off"
        )
    if token:
        out += ["--enable-api", "--auth-token", token]
    return out


def check_shared_stores(env: Mapping[str, str]) -> None:
    """Several Rasa servers on one tracker store need the Redis lock store, or one conversation could be handled
    by two servers at once (issue 25). A network tracker store (anything but SQLite) counts as shared unless
    SINGLE_RASA_SERVER=yes says this is the only server using it."""
    url = (env.get("TRACKER_STORE_URL") or "sqlite").strip()
    locks = (env.get("LOCK_STORE_TYPE") or "in_memory").strip()
    if url.startswith("sqlite") or env.get("SINGLE_RASA_SERVER") == "yes" or locks != "in_memory":
        return
    raise SystemExit(
        "LOCK_STORE_TYPE=in_memory with a shared tracker store (TRACKER_STORE_URL is not SQLite): two "
        "servers could answer one conversation at once. Set LOCK_STORE_TYPE=redis and REDIS_HOST, or "
        "SINGLE_RASA_SERVER=yes if this is the only Rasa server using that database."
    )


def prepare(args: List[str], env: Mapping[str, str]) -> List[str]:
    check_shared_stores(env)
    target = env.get("RASA_CREDENTIALS_OUT") or str(ROOT / "state" / "credentials.yml")
    credentials.main([str(ROOT / "credentials.yml"), target], env)
    return serve_args(args, env, target)
