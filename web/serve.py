"""The demo website for the chat widget: a tiny static server (Python standard library only).

Owns: serving web/site/ (demo page, privacy notice, the widget's own JS/CSS) and, under
/cyberprotect/vendor/, the npm-installed widget files from web/node_modules (allow-list below, never the
whole folder), with security headers (a Content-Security-Policy that allows scripts only from this
origin and connections only to the Rasa server). It does not talk to Rasa itself: the browser does, over
socket.io. Run: `python web/serve.py --port 8080 --rasa-url http://127.0.0.1:5005`.

Bad requests get a status, never a traceback: a path that cannot name a file (a NUL byte, too long) gets 400, a
path outside web/site/ 404; a client that sends nothing for --timeout seconds (10) is disconnected, so slow
clients cannot hold the server's threads; errors are logged by type only, without the client's address.
"""

from __future__ import annotations

import argparse
import html
import mimetypes
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

WEB = Path(__file__).resolve().parent
SITE = WEB / "site"
NODE_MODULES = WEB / "node_modules"

# URL path -> file in node_modules. Only these npm files are served.
VENDOR = {
    "/cyberprotect/vendor/deepChat.bundle.js": "deep-chat/dist/deepChat.bundle.js",
    "/cyberprotect/vendor/socket.io.min.js": "socket.io-client/dist/socket.io.min.js",
}
TEMPLATED = {".html"}  # pages where {{RASA_URL}} is replaced by the Rasa server's URL


def content_security_policy(rasa_url: str) -> str:
    parts = urlsplit(rasa_url)
    ws = ("wss" if parts.scheme == "https" else "ws") + "://" + parts.netloc
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",  # the widget styles its shadow DOM inline
            "img-src 'self' data:",
            f"connect-src 'self' {parts.scheme}://{parts.netloc} {ws}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'self'",
        ]
    )


class Handler(SimpleHTTPRequestHandler):
    rasa_url = "http://127.0.0.1:5005"
    timeout = 10  # seconds a client may stay silent (socket timeout, StreamRequestHandler)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(SITE), **kwargs)

    def end_headers(self):
        self.send_header("Content-Security-Policy", content_security_policy(self.rasa_url))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        path = urlsplit(self.path).path
        if path in VENDOR:
            return self._send_file(NODE_MODULES / VENDOR[path])
        if path.startswith("/cyberprotect/vendor/"):
            return self.send_error(404)
        if path == "/":
            path = "/index.html"
        try:
            target = (SITE / path.lstrip("/")).resolve()
            found = SITE in target.parents and target.is_file()
        except (ValueError, OSError):  # a NUL byte, a name too long: not a file name at all
            return self.send_error(400)
        if not found:
            return self.send_error(404)
        return self._send_file(target)

    def do_HEAD(self):
        self.send_error(405)

    def _send_file(self, file: Path):
        if not file.is_file():
            return self.send_error(404, "run `make install` (npm packages missing)")
        body = file.read_bytes()
        if file.suffix in TEMPLATED:
            body = body.replace(b"{{RASA_URL}}", html.escape(self.rasa_url, quote=True).encode())
        ctype = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype.endswith("javascript"):
            ctype += "; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # no client addresses in the logs
        sys.stderr.write("web: %s\n" % (format % args).replace("\n", " "))


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # the standard one prints the address and a traceback
        sys.stderr.write("web: request failed (%s)\n" % sys.exc_info()[0].__name__)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005", help="where browsers reach Rasa")
    parser.add_argument("--timeout", type=float, default=Handler.timeout, help="seconds a client may stay silent")
    args = parser.parse_args(argv)
    handler = type("ConfiguredHandler", (Handler,), {"rasa_url": args.rasa_url, "timeout": args.timeout})
    server = Server((args.host, args.port), handler)
    print(f"web: demo page on http://{args.host}:{args.port}/ (Rasa at {args.rasa_url})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
