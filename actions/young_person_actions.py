"""Rasa action for a young person who says they are under 18 ("I'm 14", "I'm in year 9"): kind words, what to do
and who can help (Childline, Report Remove; content/children/young_people.yml). A young person's story also gets
its topic's steps in the young person's wording (issue 18), through the advice action, which is why this action
lives apart from actions/children_actions.py (the advice action imports that module).
"""

from __future__ import annotations

from typing import Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet

from actions import turn
from cyberprotect import message_facts, replies
from actions.advice_actions import ActionGiveAdvice
from cyberprotect.content_store import default_store
from cyberprotect.routing import Case, decide_routes
from actions.sending import send


# A young person's message of this many words is a story: it gets the kind words, then its topic's steps (in the
# young person's wording where the topic has one, with what they already did first) instead of the general list.
YOUNG_STORY_WORDS = 15
YOUNG_STORY_MIN_CONFIDENCE = 0.1


def young_persons_story_topic(tracker: Tracker):
    """The topic a young person's story is about (the classifier's best threat_* reading), or None."""
    text = turn.text(tracker)
    if text.startswith("/") or len(text.split()) < YOUNG_STORY_WORDS:
        return None
    for item in tracker.latest_message.get("intent_ranking") or []:
        name = item.get("name") or ""
        if name.startswith(turn.THREAT_PREFIX) and float(item.get("confidence") or 0.0) >= YOUNG_STORY_MIN_CONFIDENCE:
            return default_store().topic(message_facts.refined_topic(name[len(turn.THREAT_PREFIX) :], text))
    return None


class ActionYoungPerson(Action):
    """A young person says they are under 18: kind words, what to do, and Childline / Report Remove; a young
    person's story also gets its topic's steps (issue 18)."""

    def name(self) -> Text:
        return "action_young_person"

    def run(self, dispatcher, tracker, domain):
        snapshot = default_store().current()
        topic = young_persons_story_topic(tracker)
        if topic is not None:  # a story ("I'm 14 and I paid £40 for a Fortnite account ..."): what to do about it
            dispatcher.utter_message(text=snapshot.young_people.story_intro)  # they have told it: not "tell me"
            events = ActionGiveAdvice().give(dispatcher, tracker, topic, young_person=True)
            return [SlotSet("young_person", True), SlotSet("under_18", "yes")] + events
        sexual_images = message_facts.mentions_sexual_images(turn.story_texts(tracker))
        case = Case(child_involved=True, topic_routes=snapshot.young_people.routes, sexual_images=sexual_images)
        decisions = decide_routes(case)
        send(dispatcher, replies.young_person(snapshot, decisions))
        return [SlotSet("young_person", True), SlotSet("under_18", "yes")]
