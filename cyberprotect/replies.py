"""Turns content (topics, routes, route decisions) into short chat messages with next-step buttons.

Pure Python, no Rasa imports: every function returns plain dicts {"text": ..., "buttons": [...]}, which the
actions hand to the dispatcher. Wording of the advice itself comes from the content store; only the
connecting phrases ("What to do now:") live here.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from cyberprotect.content_schema import (
    AGE_BANDS,
    PLACEHOLDER_RE,
    Answer,
    PlatformGuide,
    Route,
    Situation,
    TalkGuide,
    Topic,
)
from cyberprotect.content_store import ContentSnapshot
from cyberprotect.routing import RouteDecision
from cyberprotect.message_facts.situation import SOMEONE_ELSE

Message = Dict[str, object]

BUTTON_WHAT_NOW = {"title": "What should I do now?", "payload": "/ask_what_now"}
BUTTON_REPORT = {"title": "How do I report it?", "payload": "/ask_how_report"}
BUTTON_PROTECT = {"title": "How can I protect myself?", "payload": "/ask_protect"}
BUTTON_ELSE = {"title": "Something else", "payload": "/help_menu"}
ROUTES_INTRO = "Here is where to go, most urgent first:"
SUPPORT_INTRO = "That's your choice: you don't have to report it to get help. These can support you:"
BUTTON_SCOTLAND = {"title": "I live in Scotland", "payload": '/inform_nation{"nation": "scotland"}'}
BUTTON_NI = {"title": "I live in Northern Ireland", "payload": '/inform_nation{"nation": "northern_ireland"}'}


def _numbered(items: Sequence[str]) -> str:
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))


def fill(text: str, routes: Mapping[str, Route]) -> str:
    """Replaces {route_key} with that route's phone number from routes.yml (checked at load)."""

    def phone(m: re.Match[str]) -> str:  # a route without a phone gives "" (as re.sub does with None)
        route = routes.get(m.group(1))
        return m.group(0) if route is None else route.phone or ""

    return PLACEHOLDER_RE.sub(phone, text)


def _fill_all(items: Sequence[str], routes: Mapping[str, Route]) -> List[str]:
    return [fill(i, routes) for i in items]


def _next_buttons(exclude: Dict[str, str]) -> List[Dict[str, str]]:
    return [b for b in (BUTTON_WHAT_NOW, BUTTON_REPORT, BUTTON_PROTECT, BUTTON_ELSE) if b is not exclude]


def _wording(topic: Topic, young: bool) -> Tuple[str, Tuple[str, ...]]:
    """(summary, do-now steps): the young person's wording when they talk to the bot and the topic has one."""
    if young and topic.young_person is not None:
        return topic.young_person.summary, topic.young_person.do_now
    return topic.summary, topic.do_now


def applicable_situations(
    topic: Topic, situations: Mapping[str, Situation], said: Sequence[str], young: bool = False
) -> List[Situation]:
    """The situations (content/situations.yml) the person described that change this topic's first steps, in the
    file's order. None for a young person given the young person's wording: those steps are written for them."""
    if young and topic.young_person is not None:
        return []
    keys = [k for k, s in situations.items() if k in said and topic.category in s.categories]
    return [situations[k] for k in keys if not any(other in keys for other in situations[k].not_with)]


def said_back(applied: Sequence[Situation], said: Sequence[str]) -> str:
    """What the person told, named back: "you clicked the link and you have paid", or for someone else's story
    (message_facts.SOMEONE_ELSE among `said`) "the link was clicked and money was paid"."""
    other = SOMEONE_ELSE in said
    return " and ".join(s.said_other if other else s.said for s in applied)


def _steps_of(situation: Situation, said: Sequence[str]) -> List[str]:
    """The situation's steps, with the step for each way of paying the person named (`by_method`, e.g. gift cards)
    after its first step (for `paid`: call your bank)."""
    methods = [step for key, m in situation.by_method.items() if key in said for step in m.steps]
    return list(situation.steps[:1]) + methods + list(situation.steps[1:])


# A topic step about danger or an attack happening now keeps its place above the situation's steps.
URGENT_STEP = re.compile(r"\{emergency_999\}|\bemergency\b|\bhappening now\b", re.IGNORECASE)


def situation_steps(
    topic: Topic, situations: Mapping[str, Situation], said: Sequence[str], young: bool = False
) -> "tuple[str, List[str]]":
    """(heading, steps): what the person already did comes first ("Because you said you clicked the link and you
    gave your card or bank details, start here:"), then the topic's own steps minus those it replaces."""
    _, do_now = _wording(topic, young)
    applied = applicable_situations(topic, situations, said, young)
    if not applied:
        return "What to do now:", list(do_now)
    replaced = tuple(prefix for s in applied for prefix in s.replaces)
    kept = [step for step in do_now if not step.startswith(replaced)]
    urgent = [step for step in kept if URGENT_STEP.search(step)]  # "If someone is coming to collect now, call 999"
    first = [step for s in applied for step in _steps_of(s, said)]
    said_text = said_back(applied, said)
    return (
        f"Because you said {said_text}, start here:",
        urgent + first + [step for step in kept if step not in urgent],
    )


def advice(
    topic: Topic,
    routes: Mapping[str, Route],
    young: bool = False,
    situations: Optional[Mapping[str, Situation]] = None,
    said: Sequence[str] = (),
) -> List[Message]:
    """The first answer on a topic. The 999 route adds a one-line safety net, because a person describing a
    scam may be in danger without saying it in words the safeguarding patterns know. What the person already
    did (`said`: message_facts.situation keys) puts its steps first (content/situations.yml)."""
    emergency = routes.get("emergency_999")
    summary, _ = _wording(topic, young)
    heading, do_now = situation_steps(topic, situations or {}, said, young)
    safety = f"\nIf anyone is in danger right now, call {emergency.phone}." if emergency and emergency.phone else ""
    if any("{emergency_999}" in step for step in do_now):
        safety = ""  # the steps already name the emergency number
    return [
        {"text": f"{topic.title}. {summary}"},
        {
            "text": heading + "\n" + _numbered(_fill_all(do_now, routes)) + safety,
            "buttons": _next_buttons(BUTTON_WHAT_NOW),
        },
    ]


def what_now(
    topic: Topic,
    routes: Mapping[str, Route],
    young: bool = False,
    situations: Optional[Mapping[str, Situation]] = None,
    said: Sequence[str] = (),
) -> List[Message]:
    heading, do_now = situation_steps(topic, situations or {}, said, young)
    if heading == "What to do now:":
        heading = f"What to do now ({topic.title.lower()}):"
    return [
        {
            "text": heading + "\n" + _numbered(_fill_all(do_now, routes)) + _below_note(do_now, routes),
            "buttons": _next_buttons(BUTTON_WHAT_NOW),
        }
    ]


NUMBERS_NOTE = 'For the numbers and where to report, tap "How do I report it?".'


def _below_note(steps: Sequence[str], routes: Mapping[str, Route]) -> str:
    """The do-now steps were written to be followed by the routes ("the emergency number shown below"). Where they are
    given on their own ("what now?"), nothing is below: say where the numbers are, and name 999 itself."""
    if not any(re.search(r"\bbelow\b", step) for step in steps):
        return ""
    emergency = routes.get("emergency_999")
    danger = f" If anyone is in danger right now, call {emergency.phone}." if emergency and emergency.phone else ""
    return f"\n{NUMBERS_NOTE}{danger}"


# A "no", "yes" or "I don't know" that answers no question the bot asked ("I haven't clicked it", "I don't
# understand"): a short reply with the one step that matters most, instead of "Sorry, I didn't understand".
ACK_LEADS = {"deny": "Thanks for telling me.", "affirm": "OK, thank you.", "dont_know": "That's OK."}
TAKE_YOUR_TIME = "Take your time. You don't have to do everything at once."
CORRECTED_INTRO = "Thanks for putting me right. Here is the advice for that instead."


def first_step(
    topic: Topic,
    routes: Mapping[str, Route],
    lead: str,
    young: bool = False,
    situations: Optional[Mapping[str, Situation]] = None,
    said: Sequence[str] = (),
) -> List[Message]:
    """`lead`, then the first step for the topic under discussion (what the person already did first), short."""
    _, steps = situation_steps(topic, situations or {}, said, young)
    first = fill(steps[0], routes) if steps else ""
    text = f"{lead} The most important thing to do now:\n{first}\nI can give you the other steps too."
    return [{"text": text, "buttons": [BUTTON_WHAT_NOW, BUTTON_REPORT, BUTTON_ELSE]}]


SHORT_STEPS = 3  # "that's too much text": this many steps, most important first
BUTTON_ALL_STEPS = {"title": "Show all the steps", "payload": "/ask_what_now"}


def shorter(
    topic: Optional[Topic],
    routes: Mapping[str, Route],
    young: bool = False,
    situations: Optional[Mapping[str, Situation]] = None,
    said: Sequence[str] = (),
) -> List[Message]:
    """ "That's too much text": the first SHORT_STEPS steps for the topic under discussion (what the person already did
    first), one line each, and the 999 line; with no topic yet, what to do in one line and a request for a few words."""
    emergency = routes.get("emergency_999")
    danger = f"If anyone is in danger right now, call {emergency.phone}." if emergency and emergency.phone else ""
    if topic is None:
        return [
            {
                "text": "Sorry, that was a lot. "
                + (danger + " " if danger else "")
                + 'Otherwise, tell me in a few words what happened (for example "scam text" or "hacked'
                + " Facebook\") and I'll give you just the first steps.",
                "buttons": [{"title": "Show me the topics", "payload": "/help_menu"}],
            }
        ]
    _, steps = situation_steps(topic, situations or {}, said, young)
    first = steps[:SHORT_STEPS]
    note = _below_note(first, routes)  # "shown below": nothing is below here; it names 999 too
    if not note and danger and not any("{emergency_999}" in step for step in first):
        note = "\n" + danger
    return [
        {
            "text": "Sorry, that was a lot. The short version, most important first:\n"
            + _numbered(_fill_all(first, routes))
            + note,
            "buttons": [BUTTON_ALL_STEPS, BUTTON_REPORT],
        }
    ]


def if_you_mean(
    topic: Topic,
    routes: Mapping[str, Route],
    situations: Mapping[str, Situation],
    said_now: Sequence[str],
    said: Sequence[str],
    young: bool = False,
) -> Optional[List[Message]]:
    """After "Sorry, I didn't understand", a short message that says what the person did ("I clicked it") while a
    topic is under discussion: the topic's steps with that first ("If you mean that you clicked the link, ...").
    None when what they said changes nothing for the topic."""
    applied = applicable_situations(topic, situations, said_now, young)
    if not applied:
        return None
    _, steps = situation_steps(topic, situations, said, young)
    text = (
        f"If you mean that {said_back(applied, said)}, here is what to do, most important first:\n"
        + _numbered(_fill_all(steps, routes))
        + _below_note(steps, routes)  # nothing is "shown below" here: say where the numbers are
    )
    return [{"text": text, "buttons": _next_buttons(BUTTON_WHAT_NOW)}]


def situation_only(
    situations: Mapping[str, Situation], said: Sequence[str], routes: Mapping[str, Route]
) -> Optional[List[Message]]:
    """ "What should I do?" before the bot knows the topic, from someone who said what they did ("I gave a website my
    card number"): the steps for what they did (content/situations.yml), then a request for the rest of the story;
    None when they said nothing that has steps."""
    applied = [situations[k] for k in said if k in situations and not any(o in said for o in situations[k].not_with)]
    if not applied:
        return None
    steps = [step for s in applied for step in _steps_of(s, said)]
    text = (
        f"Because you said {said_back(applied, said)}, start here:\n"
        + _numbered(_fill_all(steps, routes))
        + "\nTell me a little more about what happened, and I'll give you the rest of the steps."
    )
    return [{"text": text, "buttons": [BUTTON_REPORT, BUTTON_ELSE]}]


def protect(topic: Topic, routes: Mapping[str, Route]) -> List[Message]:
    return [
        {"text": "How to protect yourself:\n" + _numbered(_fill_all(topic.protect, routes))},
        {
            "text": "Signs to look out for:\n" + _numbered(_fill_all(topic.signs, routes)),
            "buttons": _next_buttons(BUTTON_PROTECT),
        },
    ]


def route_line(route: Route, reason: str) -> str:
    """One line: name, how to reach it, its hours (when it has a phone), why it is offered, then `tell`
    (what a person must know to use it) and its events page. routes.yml `for`/`not_for` are never shown."""
    ways = []
    if route.phone:
        ways.append(f"call {route.phone}")
    if route.text and route.text != route.phone:  # 999 by text needs emergencySMS registration: not offered
        ways.append(f"text {route.text}")
    if route.email:
        ways.append(f"email {route.email}")
    if route.url:
        ways.append(f"go to {route.url}")
    how = (": " + ", or ".join(ways)) if ways else ""
    hours = f" ({route.hours.rstrip('.')})" if route.hours and route.phone else ""
    tell = f" {route.tell}" if route.tell else ""
    events = f" Events and talks: {route.events_url}" if route.events_url else ""
    return f"• {route.name}{how}{hours}. {reason}{tell}{events}".replace("..", ".").strip()


def shown_decisions(snapshot: ContentSnapshot, decisions: Iterable[RouteDecision]) -> List[RouteDecision]:
    """The decisions a person sees. A placeholder route (a force has not filled in its own team yet) is never
    shown with its example values: it is left out when other routes are shown, and replaced by its `until_set`
    line when it is the only one (see route_lines)."""
    known = [d for d in decisions if d.route in snapshot.routes]
    real = [d for d in known if not snapshot.routes[d.route].placeholder]
    return real or known[:1]


def route_lines(snapshot: ContentSnapshot, decisions: Iterable[RouteDecision]) -> List[str]:
    """One line per route decision: name, how to reach it (from routes.yml) and the reason."""
    lines = []
    for d in shown_decisions(snapshot, decisions):
        route = snapshot.routes[d.route]
        if route.placeholder:
            lines.append(f"• {route.until_set}")
        else:
            lines.append(route_line(route, snapshot.reasons.get(d.reason, "")))
    return lines


def routes_offered(snapshot: ContentSnapshot, decisions: Iterable[RouteDecision]) -> Dict[str, Any]:
    """What the insights dashboard (insights/) counts: the route keys shown, in order. Sent as the bot
    message's metadata (never shown to the person), so the tracker store records which routes were offered."""
    return {"routes": [d.route for d in shown_decisions(snapshot, decisions)]}


def routes(
    snapshot: ContentSnapshot, decisions: Iterable[RouteDecision], intro: str, nation_known: bool
) -> List[Message]:
    decisions = list(decisions)
    lines = route_lines(snapshot, decisions)
    buttons = [BUTTON_WHAT_NOW, BUTTON_PROTECT, BUTTON_ELSE]
    if not nation_known:
        buttons = [BUTTON_SCOTLAND, BUTTON_NI] + buttons
    return [
        {"text": intro + "\n" + "\n".join(lines), "buttons": buttons, "insights": routes_offered(snapshot, decisions)}
    ]


def _date(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def content_date(snapshot: ContentSnapshot, topic: Optional[Topic]) -> List[Message]:
    if topic is not None:
        sources = "\n".join(f"• {s.title}: {s.url}" for s in topic.sources)
        text = (
            f"The advice on {topic.title.lower()} was last checked against its sources on "
            f"{_date(topic.last_reviewed)}. Sources:\n{sources}"
        )
    else:
        dates = sorted(t.last_reviewed for t in snapshot.topics.values())
        text = (
            f"My advice comes from UK police, government and charity sources, such as the NCSC. "
            f"It was last checked between {_date(dates[0])} and {_date(dates[-1])}. "
            f"Ask me about a topic to see its sources."
        )
    return [{"text": text}]


def money_back(answer: Answer, paid_by: Optional[str]) -> List[Message]:
    """'Will I get my money back?': the line for how they paid (content/answers.yml), or all of them."""
    lines = [answer.by_payment[paid_by]] if paid_by in answer.by_payment else list(answer.by_payment.values())
    return [{"text": "\n".join([answer.intro] + [f"• {line}" for line in lines] + [answer.last])}]


VICTIM_SUPPORT_INTRO = "You can talk to someone about how this has affected you, free, whether or not you report it:"
NEXT_STEPS = "Now let's look at what to do next."


def victim_support(snapshot: ContentSnapshot, decisions: Iterable[RouteDecision]) -> List[Message]:
    """After the support reply to someone upset: the victim support service for their nation (routing.victim_support_routes)."""
    decisions = list(decisions)
    return [
        {
            "text": "\n".join([VICTIM_SUPPORT_INTRO] + route_lines(snapshot, decisions) + [NEXT_STEPS]),
            "insights": routes_offered(snapshot, decisions),
        }
    ]


# "Can I get the photo taken down?" (actions/image_removal_actions.py): who can help depends on the age of the
# person in it, so the bot asks when it does not know.
IMAGE_AGE_QUESTION = (
    "I can help you get it taken down. Please don't send me the image. Is the person in the photo or "
    "video under 18? Different services help children and adults."
)
IMAGE_REMOVAL_INTRO = (
    "Nude or sexual images can often be taken down. Please don't send me the image. Here is who can help:"
)
BUTTONS_IMAGE_AGE = [
    {"title": "Under 18", "payload": '/ask_image_removal{"under_18": "yes"}'},
    {"title": "18 or over", "payload": '/ask_image_removal{"under_18": "no"}'},
    {"title": "Not sure", "payload": '/ask_image_removal{"under_18": "unknown"}'},
]


def image_age_question() -> List[Message]:
    return [{"text": IMAGE_AGE_QUESTION, "buttons": list(BUTTONS_IMAGE_AGE)}]


# A TALK question that tells signs of grooming (actions/children_actions.py): the grooming advice follows.
GROOMING_STORY_INTRO = (
    "What you describe can be a sign that someone is grooming a child. Here is what to do now and who to report it to."
)


IS_SCAM_PROMPT = (
    "You also asked if it's a scam. Paste the words of the message, or just the link or phone number, "
    "and I'll look for the warning signs."
)


# After the emergency reply to a long story (issue 18): the advice for what it tells follows this line.
AFTER_EMERGENCY_INTRO = "If this has already happened and no one is in danger now, here is what to do about it."


def tentative_intro(topic: Topic) -> str:
    """Said first when a long message was read as this topic with moderate confidence."""
    return f"It sounds like this is about: {topic.title}. Here is what to do. If I've got it wrong, choose below."


def other_readings(topics: Sequence[Topic]) -> Message:
    """The next topics a long message looked like, as buttons, after a tentative answer."""
    buttons = [{"title": t.title, "payload": f"/threat_{t.key}"} for t in topics]
    return {"text": "Or was it one of these?", "buttons": buttons + [BUTTON_ELSE]}


def no_topic() -> List[Message]:
    return [
        {
            "text": "Tell me a little about what happened, or choose a topic, and I'll give you the steps.",
            "buttons": [{"title": "Show me the topics", "payload": "/help_menu"}],
        }
    ]


# --- Parents and carers: the TALK checklist, app and game settings; young people -----------------------------
AGE_BAND_TITLES = {"under_8": "Under 8", "8_to_12": "8 to 12", "13_to_17": "13 to 17"}
BUTTON_TALK_NEXT = {"title": "Next step", "payload": "/talk_next"}
BUTTON_TALK_MORE = {"title": "Tell me more", "payload": "/talk_more"}
BUTTON_MENU = {"title": "Back to menu", "payload": "/help_menu"}
BUTTON_TALK_START = {"title": "Go through TALK", "payload": "/ask_talk"}
BUTTON_WORRIED = {"title": "I'm worried about a child now", "payload": "/threat_child_grooming"}
BUTTON_APP_SETTINGS = {"title": "Settings for an app or game", "payload": "/ask_platform_safety"}


def age_buttons() -> List[Dict[str, str]]:
    return [{"title": AGE_BAND_TITLES[b], "payload": '/inform_child_age{"age_band": "%s"}' % b} for b in AGE_BANDS]


def talk_intro(guide: TalkGuide) -> Message:
    letters = "\n".join(f"{s.letter}: {s.wording}" for s in guide.steps)
    return {"text": f"{guide.intro}\n{letters}"}


def talk_step(guide: TalkGuide, index: int) -> List[Message]:
    """Step `index` (0-3) of TALK: the IWF's wording, then the practical suggestions. Age tips come from
    talk_more ("Tell me more")."""
    step = guide.steps[index]
    text = (
        f"Step {index + 1} of {len(guide.steps)}: {step.letter} is for {step.word}.\n{step.wording}\n\n"
        "Things you can try:\n" + _numbered(step.suggestions)
    )
    buttons = ([BUTTON_TALK_NEXT] if index + 1 < len(guide.steps) else []) + [BUTTON_TALK_MORE, BUTTON_MENU]
    return [{"text": text, "buttons": buttons}]


def talk_more(guide: TalkGuide, index: int, band: Optional[str]) -> List[Message]:
    """Age-tailored tips for step `index`; asks for the child's age band first if it is not known."""
    step = guide.steps[index]
    if band not in AGE_BANDS:
        return [
            {
                "text": f"I can give tips on {step.word} for your child's age. How old is your child?",
                "buttons": age_buttons(),
            }
        ]
    text = f"{step.word}: tips for children aged {AGE_BAND_TITLES[band].lower()}:\n" + _numbered(step.by_age[band])
    buttons = ([BUTTON_TALK_NEXT] if index + 1 < len(guide.steps) else [BUTTON_APP_SETTINGS]) + [BUTTON_MENU]
    return [{"text": text, "buttons": buttons}]


def talk_done(guide: TalkGuide) -> List[Message]:
    return [
        {
            "text": (
                "That's all four TALK steps: Talk, Agree, Learn and Know. Keep the conversation going as your "
                "child grows. If you are ever worried a child is being groomed or abused online, tell me "
                "and I'll show you what to do and who to report it to."
            ),
            "buttons": [BUTTON_APP_SETTINGS, BUTTON_WORRIED, BUTTON_MENU],
        }
    ]


def platform_question(platforms: Iterable[PlatformGuide]) -> List[Message]:
    buttons = [
        {"title": p.name.split(" (")[0], "payload": '/ask_platform_safety{"platform": "%s"}' % p.key} for p in platforms
    ]
    return [{"text": "Which app or game does your child use?", "buttons": buttons + [BUTTON_MENU]}]


def platform_advice(platform: PlatformGuide, child_age: Optional[int]) -> List[Message]:
    age_note = ""
    if platform.minimum_age:
        age_note = f"\n{platform.name} is for ages {platform.minimum_age} and over."
        if child_age is not None and child_age < platform.minimum_age:
            age_note += (
                f" Your child is {child_age}, so they are under {platform.name}'s minimum age. "
                "Talk together about whether to use it."
            )
    text = (
        f"Keeping your child safe on {platform.name}:{age_note}\n"
        "Settings to check:\n"
        + _numbered(platform.settings)
        + "\n\nTo report or block:\n"
        + "\n".join(f"• {r}" for r in platform.reporting)
    )
    return [{"text": text, "buttons": [BUTTON_TALK_START, BUTTON_APP_SETTINGS, BUTTON_WORRIED, BUTTON_MENU]}]


# The young people's step that says who to tell (content/children/young_people.yml `steps`)
_TRUSTED_ADULT = re.compile(r"\badult you trust\b", re.IGNORECASE)


def young_person_lead(snapshot: ContentSnapshot) -> List[Message]:
    """Before a topic's adult-worded advice, for a young person telling their own story: the kind words and the
    step about telling an adult they trust."""
    guide = snapshot.young_people
    tell = [fill(step, snapshot.routes) for step in guide.steps if _TRUSTED_ADULT.search(step)]
    return [{"text": " ".join([guide.story_intro] + tell)}]


def young_person(snapshot: ContentSnapshot, decisions: Iterable[RouteDecision]) -> List[Message]:
    guide = snapshot.young_people
    decisions = list(decisions)
    return [
        {"text": guide.intro},
        {
            "text": _numbered(_fill_all(guide.steps, snapshot.routes))
            + "\n\nWho can help:\n"
            + "\n".join(route_lines(snapshot, decisions)),
            "buttons": [
                {"title": "Someone is asking me for pictures", "payload": "/threat_child_grooming"},
                {"title": "Someone is threatening to share a picture of me", "payload": "/threat_sextortion"},
                {"title": "I'm being bullied online", "payload": "/threat_cyberbullying"},
                BUTTON_MENU,
            ],
            "insights": routes_offered(snapshot, decisions),
        },
    ]
