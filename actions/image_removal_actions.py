"""'Can I get the photo taken down?': who can help get a nude or sexual image or video removed, by the age of the
person in it (issue 18). Under 18: Report Remove (Childline and the IWF); 18 or over: StopNCII and the Revenge Porn
Helpline; the route engine decides (cyberprotect/routing.image_removal_routes), the services' details are in
content/routes/routes.yml. The age comes from the message ("I'm 15", "my daughter"), the slots (`under_18`,
`young_person`) or the answer to the bot's question (its buttons send `/ask_image_removal{"under_18": ...}`);
when none says it, the bot asks first, because the two services do not take each other's cases."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet

from actions import turn
from actions.advice_actions import ActionGiveAdvice, new_story_topic
from actions.sending import send
from cyberprotect import message_facts, replies
from cyberprotect.content_store import default_store
from cyberprotect.routing import NATIONS, image_removal_routes


def image_age(tracker: Tracker) -> "tuple[Optional[bool], bool]":
    """(under 18?, answered): True / False when the message or the slots say it; answered is True when the person
    chose "Not sure", so the bot does not ask again."""
    answer = turn.entity(tracker, "under_18") or ""
    if answer in ("yes", "no"):
        return answer == "yes", True
    if answer == "unknown":
        return None, True
    text = turn.text(tracker)
    facts = message_facts.read(text)
    if facts.under_18:
        return True, False
    if message_facts.says_adult(text):
        return False, False
    if tracker.get_slot("young_person") is True:
        return True, False
    return {"yes": True, "no": False}.get(tracker.get_slot("under_18") or ""), False


class ActionImageRemoval(Action):
    def name(self) -> Text:
        return "action_image_removal"

    def run(self, dispatcher, tracker, domain) -> List[Dict[str, Any]]:
        story = new_story_topic(tracker)
        if story is not None:  # "... he's threatening to post them, can I get them taken down?": the topic's advice,
            return ActionGiveAdvice().answer(dispatcher, tracker, story)  # its routes include removal by age
        child, answered = image_age(tracker)
        if child is None and not answered:
            send(dispatcher, replies.image_age_question())
            return []
        snapshot = default_store().current()
        nation = tracker.get_slot("nation")
        if nation not in NATIONS:
            nation = message_facts.find_nation(turn.text(tracker), snapshot.places)
        decisions = image_removal_routes(child, nation if nation in NATIONS else None)
        send(dispatcher, replies.routes(snapshot, decisions, replies.IMAGE_REMOVAL_INTRO, nation in NATIONS))
        value = {True: "yes", False: "no"}.get(child)  # type: ignore[call-overload]
        return [SlotSet("under_18", value)] if value and tracker.get_slot("under_18") != value else []
