"""Sending replies: the one helper every action uses to utter the messages that cyberprotect/replies.py builds
({"text", "buttons", "insights"}). A message's "insights" dict (e.g. the routes offered) goes into the bot
event's metadata for the team's dashboard (insights/); channels do not show it."""

from __future__ import annotations

from typing import Any, Dict, Iterable

from rasa_sdk.executor import CollectingDispatcher


def send(dispatcher: CollectingDispatcher, messages: Iterable[Dict[str, Any]]) -> None:
    """Utter each message, in order, with its buttons and its insights metadata."""
    for m in messages:
        extra = {"insights": m["insights"]} if m.get("insights") else {}
        dispatcher.utter_message(text=m["text"], buttons=m.get("buttons") or [], **extra)
