"""The dashboard web app for the Cyber Protect team (Python standard library HTTP server, loopback by default).

Owns: sign-in with the token in INSIGHTS_TOKEN (every page refused while it is unset or shorter than 12
characters), the pages (dashboard, CSV, labelling YAML), static files (our CSS/JS and Chart.js from
web/node_modules, no CDN), security headers, and refreshing the cache (insights/cache.py) at most every
INSIGHTS_REFRESH_SECONDS. Run: `python -m insights serve` (port INSIGHTS_PORT, default 8090).
"""

from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, Optional
from urllib.parse import parse_qs, urlencode, urlsplit

from insights import figures, render
from insights.cache import Cache

ROOT = Path(__file__).resolve().parent.parent
STATIC = {
    "/static/dashboard.js": (Path(__file__).parent / "static" / "dashboard.js", "text/javascript"),
    "/static/dashboard.css": (Path(__file__).parent / "static" / "dashboard.css", "text/css"),
    "/static/chart.umd.min.js": (
        ROOT / "web" / "node_modules" / "chart.js" / "dist" / "chart.umd.min.js",
        "text/javascript",
    ),
}
MIN_TOKEN = 12
SESSION_SECONDS = 8 * 3600
COOKIE = "insights_session"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def configured_token() -> Optional[str]:
    token = os.environ.get("INSIGHTS_TOKEN") or ""
    return token if len(token) >= MIN_TOKEN else None


class App:
    """State shared by the request threads: the cache, the signed-in sessions, the refresh clock."""

    def __init__(self, cache: Cache, refresh_seconds: float = 30.0):
        self.cache = cache
        self.refresh_seconds = refresh_seconds
        self.sessions: Dict[str, float] = {}
        self._last_refresh = 0.0
        self._refreshing = threading.Lock()

    def maybe_refresh(self, wait: bool = False) -> None:
        """Reads new events if the last read is older than refresh_seconds; never makes a page wait for
        another thread's read (the page shows the figures read so far)."""
        if time.monotonic() - self._last_refresh < self.refresh_seconds:
            return
        if not self._refreshing.acquire(blocking=wait):
            return
        try:
            self.cache.refresh()
            self._last_refresh = time.monotonic()
        finally:
            self._refreshing.release()

    def new_session(self) -> str:
        now = time.time()
        self.sessions = {k: v for k, v in self.sessions.items() if v > now}
        sid = secrets.token_urlsafe(32)
        self.sessions[sid] = now + SESSION_SECONDS
        return sid

    def valid_session(self, sid: Optional[str]) -> bool:
        return bool(sid) and self.sessions.get(sid, 0) > time.time()


def make_handler(app: App):
    class Handler(BaseHTTPRequestHandler):
        server_version = "insights"
        sys_version = ""

        def log_message(self, fmt, *args):  # no query strings or addresses in the logs
            pass

        # --- responses -------------------------------------------------------------------------------------
        def _send(
            self,
            status: int,
            body: str | bytes,
            content_type: str = "text/html; charset=utf-8",
            headers: Optional[Dict[str, str]] = None,
        ) -> None:
            data = body.encode("utf-8") if isinstance(body, str) else body
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Content-Security-Policy", CSP)
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("X-Frame-Options", "DENY")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("Cache-Control", "no-store")
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def _cookie(self) -> Optional[str]:
            for part in (self.headers.get("Cookie") or "").split(";"):
                name, _, value = part.strip().partition("=")
                if name == COOKIE:
                    return value
            return None

        def _authorised(self, token: str) -> bool:
            bearer = self.headers.get("Authorization") or ""
            if bearer.startswith("Bearer ") and hmac.compare_digest(bearer[7:].encode(), token.encode()):
                return True
            return app.valid_session(self._cookie())

        # --- routes ----------------------------------------------------------------------------------------
        def do_HEAD(self):
            self.do_GET()

        def do_GET(self):
            url = urlsplit(self.path)
            if url.path in STATIC:
                path, ctype = STATIC[url.path]
                if not path.exists():
                    return self._send(404, "Not found", "text/plain; charset=utf-8")
                return self._send(200, path.read_bytes(), ctype + "; charset=utf-8")
            if url.path == "/favicon.ico":
                return self._send(204, b"", "image/x-icon")
            token = configured_token()
            if token is None:
                return self._send(403, render.off_page())
            if url.path == "/login":
                return self._send(200, render.login_page())
            if not self._authorised(token):
                return self._send(401, render.login_page("Please sign in with the access token."))
            query = {k: v[-1] for k, v in parse_qs(url.query).items()}
            if url.path in ("/", "/figures.csv", "/unrecognised.yml"):
                return self._figures(url.path, query)
            return self._send(404, "Not found", "text/plain; charset=utf-8")

        def do_POST(self):
            url = urlsplit(self.path)
            token = configured_token()
            if token is None:
                return self._send(403, render.off_page())
            length = min(int(self.headers.get("Content-Length") or 0), 4096)
            form = {k: v[-1] for k, v in parse_qs(self.rfile.read(length).decode("utf-8", "replace")).items()}
            if url.path == "/login":
                given = form.get("token", "")
                if hmac.compare_digest(given.encode(), token.encode()):
                    sid = app.new_session()
                    return self._send(
                        303,
                        "",
                        headers={"Location": "/", "Set-Cookie": f"{COOKIE}={sid}; HttpOnly; SameSite=Strict; Path=/"},
                    )
                time.sleep(1.0)  # slows guessing
                return self._send(401, render.login_page("That token is not right."))
            if url.path == "/logout":
                app.sessions.pop(self._cookie() or "", None)
                return self._send(
                    303, "", headers={"Location": "/login", "Set-Cookie": f"{COOKIE}=; Max-Age=0; Path=/"}
                )
            return self._send(404, "Not found", "text/plain; charset=utf-8")

        def _figures(self, path: str, query: Dict[str, str]) -> None:
            app.maybe_refresh()
            period, notes = figures.parse_period(app.cache, query.get("from"), query.get("to"), query.get("channel"))
            params = urlencode(
                {"from": period.start.isoformat(), "to": period.end.isoformat(), "channel": period.channel}
            )
            stamp = f"{period.start.isoformat()}_{period.end.isoformat()}_{period.channel}"
            if path == "/figures.csv":
                return self._send(
                    200,
                    figures.to_csv(figures.compute(app.cache, period)),
                    "text/csv; charset=utf-8",
                    {"Content-Disposition": f'attachment; filename="insights_{stamp}.csv"'},
                )
            if path == "/unrecognised.yml":
                items = figures.unrecognised(app.cache, period, figures.UNRECOGNISED_EXPORTED)["rows"]
                return self._send(
                    200,
                    figures.to_labelling_yaml(items, period),
                    "text/yaml; charset=utf-8",
                    {"Content-Disposition": f'attachment; filename="not_understood_{stamp}.yml"'},
                )
            result = figures.compute(app.cache, period)
            if not figures.data_range(app.cache):
                notes = notes + ["No conversations have been read yet."]
            page = render.page(
                result,
                figures.unrecognised(app.cache, period),
                form=render.period_form(result["period"], figures.channels(app.cache)),
                notes=notes,
                styles='<link rel="stylesheet" href="/static/dashboard.css">',
                scripts='<script src="/static/chart.umd.min.js"></script><script src="/static/dashboard.js"></script>',
                csv_href="/figures.csv?" + params,
                export_href="/unrecognised.yml?" + params,
                footer='<form method="post" action="/logout"><button type="submit">Sign out</button></form>',
            )
            return self._send(200, page)

    return Handler


def serve(cache: Cache, host: str, port: int, refresh_seconds: float = 30.0) -> None:
    app = App(cache, refresh_seconds)
    httpd = ThreadingHTTPServer((host, port), make_handler(app))
    httpd.daemon_threads = True
    threading.Thread(target=app.maybe_refresh, kwargs={"wait": True}, name="insights-first-read", daemon=True).start()
    state = "on" if configured_token() else f"OFF (set INSIGHTS_TOKEN, {MIN_TOKEN}+ characters)"
    print(f"insights: http://{host}:{port}/ (sign-in {state}); reading {cache.tracker_url.split('@')[-1]}", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
