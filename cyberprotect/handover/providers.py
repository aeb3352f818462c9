"""Handover providers: where a conversation goes when the person is handed to the force's team.

A provider has three calls, used by the action server (actions/handover/actions.py):
    load()                 -> (agents free to chat, conversations already open)   for the capacity check
    start(ref, summary)    -> session dict kept in the `handover` slot              creates the chat, posts the summary
    relay(session, text)   -> None                                                  the person's message to the agent
    note(session, text)    -> None   (optional)                                     a private note: the person left
Agent -> person and "the agent resolved it" come back as webhooks to the Rasa server (channels/handover.py).

ChatwootProvider talks to Chatwoot's Application API (https://developers.chatwoot.com, swagger in
github.com/chatwoot/chatwoot/swagger): POST /api/v1/accounts/{account}/contacts (inbox_id, name, identifier) ->
payload.contact.id and payload.contact_inbox.source_id; POST .../conversations (source_id, inbox_id, contact_id,
additional_attributes, status) -> id; POST .../conversations/{id}/messages (content, message_type, private).
The summary is a private note (agents see it, the person does not); the person's messages are `incoming`.
Capacity: GET .../agents (availability_status "available") and GET .../conversations/meta?status=open&inbox_id=.
Auth: the `api_access_token` header. Chosen by environment variables (provider_from_env); with none set there is
no provider and the bot offers phone numbers instead, as out of hours. EmailProvider (email_provider.py, `live`
False) sends a callback request with the summary to the team's inbox instead of a live chat.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Dict, Mapping, Optional, Protocol, Tuple, Union

import requests

from cyberprotect.handover.errors import HandoverError
from channels.redaction import redact

if TYPE_CHECKING:  # imported when chosen (an SMTP client only when HANDOVER_PROVIDER=email)
    from cyberprotect.handover.email_provider import EmailProvider

__all__ = ["ChatwootProvider", "HandoverError", "HandoverProvider", "provider_from_env"]

TIMEOUT = 5.0  # seconds per call: a person is waiting


class HandoverProvider(Protocol):
    name: str

    def load(self) -> Tuple[int, int]: ...

    def start(self, ref: str, summary: str) -> Dict[str, Any]: ...

    def relay(self, session: Mapping[str, Any], text: str) -> None: ...


class ChatwootProvider:
    name = "chatwoot"
    live = True  # a live chat: the agent's replies come back through channels/handover.py

    def __init__(
        self, base_url: str, account_id: str, inbox_id: str, token: str, session: Optional[requests.Session] = None
    ):
        self.base = base_url.rstrip("/") + f"/api/v1/accounts/{int(account_id)}"
        self.inbox_id = int(inbox_id)
        self.http = session or requests.Session()
        self.http.headers.update({"api_access_token": token, "Content-Type": "application/json"})

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            reply = self.http.request(method, self.base + path, timeout=TIMEOUT, **kwargs)
        except requests.RequestException as e:
            raise HandoverError(f"chatwoot {method} {path.split('?')[0]}: {type(e).__name__}") from None
        if reply.status_code >= 300:
            raise HandoverError(f"chatwoot {method} {path.split('?')[0]}: HTTP {reply.status_code}")
        try:
            return reply.json()
        except ValueError:
            raise HandoverError(f"chatwoot {method} {path.split('?')[0]}: not JSON") from None

    def load(self) -> Tuple[int, int]:
        agents = self._call("GET", "/agents")
        free = sum(1 for a in agents if isinstance(a, dict) and a.get("availability_status") == "available")
        meta = self._call("GET", f"/conversations/meta?status=open&inbox_id={self.inbox_id}")
        return free, int(((meta or {}).get("meta") or {}).get("all_count") or 0)

    def start(self, ref: str, summary: str) -> Dict[str, Any]:
        conversation_id, contact_id = self._open(ref, summary, {"cyberprotect_ref": ref})
        return {"provider": self.name, "conversation_id": conversation_id, "contact_id": contact_id}

    def request(self, ref: str, summary: str, contact: Optional[str] = None, when: Optional[str] = None) -> None:
        """Out of hours: a callback request as a new open conversation whose private note holds how and when to
        contact the person and the summary (cyberprotect/handover/callback.py). Not a handover: the agent phones or
        emails back; a reply typed in it reaches nobody (channels/handover.py ignores it)."""
        note = "\n".join(
            [
                "Callback request (the person asked the team to contact them; not a live chat).",
                f"Contact them: {' '.join(str(contact or '').split())[:200] or 'none given'}",
                f"A good time: {' '.join(redact(str(when or ''))[0].split())[:200] or 'not said'}",
                "",
                summary,
            ]
        )
        self._open(ref, note, {"cyberprotect_ref": ref, "cyberprotect_callback": True})

    def _open(self, ref: str, note: str, attributes: Dict[str, Any]) -> Tuple[int, int]:
        created = self._call(
            "POST", "/contacts", json={"inbox_id": self.inbox_id, "name": f"Chat visitor {ref[-6:]}", "identifier": ref}
        )
        payload = (created or {}).get("payload") or {}
        contact_id = (payload.get("contact") or {}).get("id")
        source_id = (payload.get("contact_inbox") or {}).get("source_id")
        if not contact_id or not source_id:
            raise HandoverError("chatwoot POST /contacts: no contact id or source id in the reply")
        conversation = self._call(
            "POST",
            "/conversations",
            json={
                "source_id": source_id,
                "inbox_id": self.inbox_id,
                "contact_id": contact_id,
                "status": "open",
                "additional_attributes": attributes,
            },
        )
        conversation_id = (conversation or {}).get("id")
        if not conversation_id:
            raise HandoverError("chatwoot POST /conversations: no conversation id in the reply")
        self._message(conversation_id, note, "outgoing", private=True)
        return int(conversation_id), int(contact_id)

    def relay(self, session: Mapping[str, Any], text: str) -> None:
        self._message(session["conversation_id"], text, "incoming")

    def note(self, session: Mapping[str, Any], text: str) -> None:
        """A private note only the agent sees (the person left the chat)."""
        self._message(session["conversation_id"], text, "outgoing", private=True)

    def _message(self, conversation_id: Any, content: str, message_type: str, private: bool = False) -> None:
        self._call(
            "POST",
            f"/conversations/{int(conversation_id)}/messages",
            json={"content": content, "message_type": message_type, "private": private},
        )


CHATWOOT_VARS = ("CHATWOOT_URL", "CHATWOOT_ACCOUNT_ID", "CHATWOOT_INBOX_ID", "CHATWOOT_API_TOKEN")


def provider_from_env(env: Mapping[str, str] = os.environ) -> Optional[Union[HandoverProvider, EmailProvider]]:
    """HANDOVER_PROVIDER=chatwoot with every CHATWOOT_* variable set -> Chatwoot; HANDOVER_PROVIDER=email with the
    SMTP settings (cyberprotect/handover/email_provider.py) -> email to the team's inbox; anything else -> None."""
    chosen = (env.get("HANDOVER_PROVIDER") or "").strip().lower()
    if chosen == "email":
        from cyberprotect.handover.email_provider import email_from_env

        return email_from_env(env)
    if chosen != "chatwoot":
        return None
    if not all(env.get(v) for v in CHATWOOT_VARS):
        return None
    try:
        return ChatwootProvider(
            env["CHATWOOT_URL"], env["CHATWOOT_ACCOUNT_ID"], env["CHATWOOT_INBOX_ID"], env["CHATWOOT_API_TOKEN"]
        )
    except ValueError:  # account or inbox id not a number
        return None
