"""A local fake of the Telegram Bot API and the Twilio Messages API, on loopback, recording every call.

Telegram: POST /bot<token>/<method> (form or JSON) -> {"ok": true, "result": ...}.
Twilio:   POST /2010-04-01/Accounts/<sid>/Messages.json (form) -> 201 with a message resource
          (400 with a Twilio error for recipients ending in FAILING_SUFFIX).
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

FAILING_SUFFIX = "900500"  # Twilio answers 400 "invalid number" for recipients ending so


class FakeProviders:
    def __init__(self):
        self.calls = []  # dicts: provider, method, path, fields, headers
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                ctype = self.headers.get("Content-Type", "")
                if "json" in ctype:
                    fields = json.loads(body or b"{}")
                elif "multipart" in ctype:
                    fields = _multipart(body, ctype)
                else:
                    fields = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                provider = "twilio" if self.path.startswith("/2010-04-01/") else "telegram"
                method = self.path.rsplit("/", 1)[-1]
                with fake.lock:
                    fake.calls.append(
                        dict(
                            provider=provider, method=method, path=self.path, fields=fields, headers=dict(self.headers)
                        )
                    )
                if provider == "twilio" and str(fields.get("To", "")).endswith(FAILING_SUFFIX):
                    status, reply = 400, {"code": 21211, "message": "Invalid 'To' Phone Number", "status": 400}
                elif provider == "twilio":
                    status, reply = (
                        201,
                        {
                            "sid": "SM" + "0" * 32,
                            "account_sid": self.path.split("/")[3],
                            "to": fields.get("To"),
                            "from": fields.get("From"),
                            "body": fields.get("Body"),
                            "status": "queued",
                        },
                    )
                else:
                    status, reply = 200, {"ok": True, "result": _telegram_result(method, fields)}
                data = json.dumps(reply).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def sent(self, provider, method=None, **match):
        with self.lock:
            return [
                c
                for c in self.calls
                if c["provider"] == provider
                and (method is None or c["method"] == method)
                and all(str(c["fields"].get(k)) == str(v) for k, v in match.items())
            ]

    def wait_sent(self, provider, method, count=1, timeout=60, **match):
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = self.sent(provider, method, **match)
            if len(found) >= count:
                time.sleep(0.5)  # let the rest of the reply arrive
                return self.sent(provider, method, **match)
            time.sleep(0.1)
        raise AssertionError(f"no {provider} {method} {match} within {timeout}s; calls: {self.calls[-5:]}")


def _telegram_result(method, fields):
    if method == "getMe":
        return {"id": 123456, "is_bot": True, "first_name": "Cyber Protect", "username": "cyberprotect_test_bot"}
    if method == "sendMessage":
        return {
            "message_id": 1,
            "date": int(time.time()),
            "text": fields.get("text"),
            "chat": {"id": int(fields.get("chat_id", 0)), "type": "private"},
        }
    return True


def _multipart(body: bytes, ctype: str) -> dict:
    boundary = ctype.split("boundary=")[-1].strip('"').encode()
    fields = {}
    for part in body.split(b"--" + boundary):
        if b'name="' not in part:
            continue
        head, _, value = part.partition(b"\r\n\r\n")
        name = head.split(b'name="')[1].split(b'"')[0].decode()
        fields[name] = value.rstrip(b"\r\n").decode()
    return fields
