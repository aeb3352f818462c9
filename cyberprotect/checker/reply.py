"""The checker's reply: the signs found (each in plain words with the words of the message that show it), or
that none of the usual signs were found, then where to send it and what to do if the person already
clicked, replied, paid or gave details. It never says a message is safe and never says it is certainly a scam.
Wording comes from content/checker.yml; routes from content/routes/routes.yml."""

from __future__ import annotations

import re
from typing import Any, Dict, List

from cyberprotect.checker.links import find_links
from cyberprotect.checker.signs import Check
from cyberprotect.content_schema import ContentError
from cyberprotect.content_store import ContentSnapshot
from cyberprotect.replies import BUTTON_ELSE, BUTTON_REPORT, fill, route_line

BUTTON_CHECK_ANOTHER = {"title": "Check another message", "payload": "/check_message"}
MAX_EVIDENCE = 60


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s", (text or "").strip(), maxsplit=1)[0]


def defang(words: str) -> str:
    """Links in quoted words are shown 'defanged' (royalmail-fee[.]com, hxxps://) so no chat app or the
    website widget turns the scammer's link into one the person can tap."""
    for link in find_links(words):
        if link.text in words:
            safe = re.sub(r"^http", "hxxp", link.text, flags=re.I).replace(".", "[.]")
            words = words.replace(link.text, safe)
    return words


def _quote(words: str) -> str:
    words = words if len(words) <= MAX_EVIDENCE else words[:MAX_EVIDENCE].rsplit(" ", 1)[0] + "…"
    return f"“{defang(words)}”"


def compose(result: Check, snapshot: ContentSnapshot) -> List[Dict[str, Any]]:
    content = snapshot.checker
    if content is None:
        raise ContentError("content/checker.yml is not loaded: the checker has no wording")
    w = content.wording
    n = len(result.signs)
    if n:
        head = w["one_sign"] if n == 1 else w["some_signs"].format(n=n)
        lines = [
            f"{i}. {s.explanation} You can see it in: {', '.join(_quote(e) for e in s.evidence)}"
            for i, s in enumerate(result.signs, 1)
        ]
        first = "\n".join([head] + lines + [w["do_not"]])
    else:
        first = "\n".join(
            [w["no_signs"]]
            + ([w["unknown_sender"]] if result.chatty else [])
            + [fill(w["check_yourself"], snapshot.routes), w["do_not"]]
        )
    if result.numbers_hidden:
        first += "\n" + w["numbers_hidden"]
    send = [w["send_it"] if result.kind_sure else w["unsure_kind"]]
    for key in result.routes:
        route = snapshot.routes.get(key)
        if route:
            send.append(route_line(route, _first_sentence(route.for_)))
    steps = [f"• {fill(step, snapshot.routes)}" for step in w["already_steps"]]
    buttons = [BUTTON_REPORT, BUTTON_CHECK_ANOTHER, BUTTON_ELSE]
    if result.acted:  # they already clicked, paid or gave details: what to do now comes first, then the signs
        return [
            {"text": "\n".join([w["acted_first"]] + steps)},
            {"text": first},
            {"text": "\n".join(send + ["", w["not_saved"]]), "buttons": buttons},
        ]
    second = "\n".join(send + [""] + [w["already"]] + steps + ["", w["not_saved"]])
    return [{"text": first}, {"text": second, "buttons": buttons}]


def insights_metadata(result: Check) -> Dict[str, Any]:
    """What the team's dashboard counts (insights/events.py): the sign keys and routes, never the message."""
    return {"signs": result.sign_keys, "routes": list(result.routes), "kind": result.kind}
