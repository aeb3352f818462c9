"""A local fake of the parts of Chatwoot's Application API the handover uses, on loopback, recording every call.
Shapes follow Chatwoot's swagger (github.com/chatwoot/chatwoot/swagger) and its views:

GET  /api/v1/accounts/{a}/agents                       -> [{id, name, availability_status}]
GET  /api/v1/accounts/{a}/conversations/meta?status=open&inbox_id=  -> {"meta": {..., "all_count": n}}
POST /api/v1/accounts/{a}/contacts  {inbox_id, name, identifier}
                                                        -> {"payload": {"contact": {id,...}, "contact_inbox": {source_id}}}
POST /api/v1/accounts/{a}/conversations {source_id, inbox_id, contact_id, status, additional_attributes} -> {id,...}
POST /api/v1/accounts/{a}/conversations/{id}/messages {content, message_type, private} -> message
Every call must carry the `api_access_token` header (401 otherwise).
Test hook (not Chatwoot's API, no token): GET /_test/state -> {"conversations": {cyberprotect_ref: id},
"messages": {id: [message bodies posted]}}, so a browser test in node can play the agent's side.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "fake-chatwoot-agent-token"
ACCOUNT, INBOX = 1, 3


class FakeChatwoot:
    def __init__(self):
        self.calls = []  # (method, path, json body)
        self.agents = [{"id": 1, "name": "Sam Jones", "availability_status": "available"}]
        self.open_conversations = 0
        self.next_conversation = 101
        self.refs = {}  # cyberprotect_ref -> the conversation id created for it
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _route(self, method):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}") if length else {}
                if method == "GET" and self.path == "/_test/state":
                    return self._reply(200, fake.state())
                with fake.lock:
                    fake.calls.append((method, self.path, body))
                if self.headers.get("api_access_token") != TOKEN:
                    return self._reply(401, {"error": "Invalid Access Token"})
                base = f"/api/v1/accounts/{ACCOUNT}"
                path = self.path.split("?")[0]
                if method == "GET" and path == base + "/agents":
                    return self._reply(200, fake.agents)
                if method == "GET" and path == base + "/conversations/meta":
                    return self._reply(
                        200,
                        {
                            "meta": {
                                "mine_count": 0,
                                "unassigned_count": fake.open_conversations,
                                "assigned_count": 0,
                                "all_count": fake.open_conversations,
                            }
                        },
                    )
                if method == "POST" and path == base + "/contacts":
                    if body.get("inbox_id") != INBOX:
                        return self._reply(422, {"message": "inbox not found"})
                    return self._reply(
                        200,
                        {
                            "payload": {
                                "contact": {"id": 55, "name": body.get("name"), "identifier": body.get("identifier")},
                                "contact_inbox": {"inbox": {"id": INBOX}, "source_id": "src-55"},
                            }
                        },
                    )
                if method == "POST" and path == base + "/conversations":
                    if body.get("source_id") != "src-55" or body.get("inbox_id") != INBOX:
                        return self._reply(422, {"message": "source_id or inbox_id wrong"})
                    with fake.lock:
                        conversation, fake.next_conversation = fake.next_conversation, fake.next_conversation + 1
                        fake.open_conversations += 1
                        ref = (body.get("additional_attributes") or {}).get("cyberprotect_ref")
                        if ref:
                            fake.refs[ref] = conversation
                    return self._reply(200, {"id": conversation, "account_id": ACCOUNT, "inbox_id": INBOX})
                match = re.fullmatch(base + r"/conversations/(\d+)/messages", path)
                if method == "POST" and match:
                    if not isinstance(body.get("content"), str) or body.get("message_type") not in (
                        "incoming",
                        "outgoing",
                    ):
                        return self._reply(422, {"message": "content and message_type required"})
                    return self._reply(
                        200,
                        {
                            "id": len(fake.calls),
                            "content": body["content"],
                            "message_type": body["message_type"],
                            "private": body.get("private", False),
                        },
                    )
                return self._reply(404, {"error": "not found"})

            def do_GET(self):
                self._route("GET")

            def do_POST(self):
                self._route("POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def state(self):
        with self.lock:
            ids = set(self.refs.values())
            return {"conversations": dict(self.refs), "messages": {str(i): self.messages(i) for i in sorted(ids)}}

    def messages(self, conversation_id):
        return [
            body
            for method, path, body in self.calls
            if method == "POST" and path.endswith(f"/conversations/{conversation_id}/messages")
        ]

    def wait_messages(self, conversation_id, count, timeout=30.0):
        end = time.time() + timeout
        while time.time() < end:
            found = self.messages(conversation_id)
            if len(found) >= count:
                return found
            time.sleep(0.1)
        return self.messages(conversation_id)

    def close(self):
        self.server.shutdown()
        self.server.server_close()
