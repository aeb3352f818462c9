"""The advice content validates: every topic and route has sources, valid numbers and is within review."""

import copy
import datetime as dt

import pytest

from cyberprotect.content_schema import (
    ContentError,
    parse_platform,
    parse_route,
    parse_talk,
    parse_topic,
    review_problems,
)
from cyberprotect.content_store import iter_all, read_local_bundle, snapshot_from_bundle
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def bundle():
    return read_local_bundle(ROOT / "content")


@pytest.fixture(scope="module")
def snapshot(bundle):
    return snapshot_from_bundle(bundle, "local")


# The list of topics is content/topics/ itself; the other places that name them: test_topic_registry.py.


def test_nothing_is_past_its_review_period(snapshot):
    items = list(iter_all(snapshot))
    assert snapshot.talk in items and snapshot.young_people in items and len(snapshot.platforms) >= 7
    assert review_problems(items, dt.date.today()) == []


def test_topics_never_type_phone_numbers_or_old_names_into_steps(snapshot):
    import re

    for t in snapshot.topics.values():
        for line in t.do_now + t.protect + t.signs + (t.summary,):
            assert not re.search(r"\b(0\d{3} ?\d{3}|999|101|159|7726)\b", line), (t.key, line)
            assert "action fraud" not in line.lower(), (t.key, line)


def test_missing_source_fails(bundle):
    raw = copy.deepcopy(bundle["topics"][0])
    raw["sources"] = []
    with pytest.raises(ContentError, match="sources"):
        parse_topic(raw, "test")


def test_source_without_https_url_fails(bundle):
    raw = copy.deepcopy(bundle["topics"][0])
    raw["sources"] = [{"url": "www.example.org", "title": "x"}]
    with pytest.raises(ContentError, match="https"):
        parse_topic(raw, "test")


@pytest.mark.parametrize("phone", ["0300 123 204", "12345", "+44 300", "0300-123-2040", "call 101"])
def test_malformed_phone_number_fails(bundle, phone):
    raw = copy.deepcopy(bundle["routes"]["report_fraud"])
    raw["phone"] = phone
    with pytest.raises(ContentError, match="phone"):
        parse_route("report_fraud", raw, "test")


def test_content_past_review_period_is_reported(bundle):
    raw = copy.deepcopy(bundle["topics"][0])
    raw["last_reviewed"] = "2020-01-01"
    topic = parse_topic(raw, "test")
    due = dt.date(2020, 1, 1) + dt.timedelta(days=topic.review_period_days)
    assert review_problems([topic], dt.date(2026, 11, 23)) == [f"{topic.key}: review was due on {due.isoformat()}"]
    assert review_problems([topic], due) == []


def test_unknown_route_key_in_a_topic_fails(bundle):
    broken = copy.deepcopy(bundle)
    broken["topics"][0]["routes"] = ["action_fraud"]
    with pytest.raises(ContentError, match="unknown route"):
        snapshot_from_bundle(broken, "test")


def test_report_fraud_is_current_and_not_for_scotland(snapshot):
    route = snapshot.routes["report_fraud"]
    assert route.phone == "0300 123 2040"
    assert "reportfraud.police.uk" in route.url
    assert "scotland" not in route.nations
    assert route.name == "Report Fraud (formerly Action Fraud)"


# --- children's guidance -----------------------------------------------------------------------------------
IWF_TALK = [  # https://talk.iwf.org.uk/ - the IWF's own words, in its order
    "Talk to your child about online sexual abuse. Start the conversation – and listen to their concerns.",
    "Agree ground rules about the way you use technology as a family.",
    "Learn about the platforms and apps your child loves. Take an interest in their online life.",
    "Know how to use tools, apps and settings that can help to keep your child safe online.",
]


def test_talk_is_in_the_iwf_wording_and_order_with_its_source(snapshot):
    assert [s.wording for s in snapshot.talk.steps] == IWF_TALK
    assert any(src.url.startswith("https://talk.iwf.org.uk") for src in snapshot.talk.sources)


def test_talk_steps_out_of_order_fail(bundle):
    raw = copy.deepcopy(bundle["talk"])
    raw["steps"][0], raw["steps"][1] = raw["steps"][1], raw["steps"][0]
    with pytest.raises(ContentError, match="in that order"):
        parse_talk(raw, "test")


def test_talk_step_without_an_age_band_fails(bundle):
    raw = copy.deepcopy(bundle["talk"])
    del raw["steps"][2]["by_age"]["13_to_17"]
    with pytest.raises(ContentError, match="age bands"):
        parse_talk(raw, "test")


def test_platform_with_a_bad_minimum_age_fails(bundle):
    raw = copy.deepcopy(bundle["platforms"][0])
    raw["minimum_age"] = "thirteen"
    with pytest.raises(ContentError, match="minimum_age"):
        parse_platform(raw, "test")


def test_platform_without_a_source_fails(bundle):
    raw = copy.deepcopy(bundle["platforms"][0])
    raw["sources"] = []
    with pytest.raises(ContentError, match="sources"):
        parse_platform(raw, "test")


def test_every_platform_the_issue_names_has_a_guide(snapshot):
    assert {"snapchat", "instagram", "tiktok", "roblox", "whatsapp", "discord", "gaming_consoles"} <= set(
        snapshot.platforms
    )


def test_a_placeholder_must_name_a_route_with_a_phone_number(bundle):
    broken = copy.deepcopy(bundle)
    topic = next(t for t in broken["topics"] if t["key"] == "child_grooming")
    topic["do_now"][0] = "Call {action_fraud} now."
    with pytest.raises(ContentError, match="action_fraud"):
        snapshot_from_bundle(broken, "test")


def test_child_topics_have_young_person_wording(snapshot):
    for key in ("child_grooming", "sextortion", "cyberbullying", "cyber_flashing"):
        assert snapshot.topics[key].young_person is not None, key
    assert snapshot.topics["child_grooming"].child_victim is True


def test_a_place_listed_under_two_nations_fails(bundle):
    broken = copy.deepcopy(bundle)
    broken["places"]["england"].append("glasgow")
    with pytest.raises(ContentError, match="glasgow"):
        snapshot_from_bundle(broken, "test")


# --- issue 21: what a route tells people is shown; sources are official or say why; fast-changing facts ----------
from cyberprotect import replies  # noqa: E402
from cyberprotect.content_schema import (
    hidden_instruction_problems,
    is_official,
    parse_routes,  # noqa: E402
    review_period_problems,
    source_problems,
)


def test_no_route_hides_an_instruction_in_for_or_not_for(snapshot):
    assert hidden_instruction_problems(snapshot.routes) == []


@pytest.mark.parametrize(
    "field,text",
    [
        ("for", "Forwarding scam texts. To report a scam call, text the word Call followed by the number to 7726."),
        ("for", "Reaching your bank. If it does not work for your bank, use the number on the back of your card."),
        ("not_for", "Anonymous reports: CEOP is part of law enforcement."),
        ("for", "Forwarding suspicious emails. If you cannot forward it, send a screenshot."),
    ],
)
def test_an_instruction_written_only_in_for_or_not_for_fails(bundle, field, text):
    raw = copy.deepcopy(bundle)
    raw["routes"]["forward_7726"][field] = text
    routes, _ = parse_routes(raw, "test")
    assert hidden_instruction_problems(routes), text


def test_every_route_instruction_is_rendered(snapshot):
    """The `tell` text of every route (how to text 7726, 159 fallback, CEOP not anonymous...) is in the line."""
    for key, route in snapshot.routes.items():
        line = replies.route_line(route, "")
        assert route.tell is None or route.tell in line, key
        if route.events_url:
            assert route.events_url in line, key


def test_the_instructions_the_audit_found_hidden_are_now_shown(snapshot):
    line = lambda key: replies.route_line(snapshot.routes[key], "")  # noqa: E731
    assert "text the word CALL followed by the scammer's number to 7726" in line("forward_7726")
    assert "If it doesn't work for your bank" in line("stop_scams_159")
    assert "can't take anonymous reports" in line("ceop")
    assert "send a screenshot" in line("report_phishing_email")
    assert "never copy, screenshot or send the picture" in line("iwf_report")


def test_sources_are_official_or_say_why(snapshot):
    assert source_problems(list(iter_all(snapshot))) == []


def test_a_non_official_source_without_a_reason_fails(bundle):
    raw = copy.deepcopy(bundle["topics"][0])
    raw["sources"] = [{"url": "https://www.cnbc.com/2019/06/18/airdrop.html", "title": "CNBC"}]
    assert source_problems([parse_topic(raw, "test")])
    raw["sources"][0]["why"] = "Only source for this setting; a human should replace it."
    assert source_problems([parse_topic(raw, "test")]) == []
    assert is_official("https://www.ncsc.gov.uk/x") and is_official("https://www.psni.police.uk")
    assert not is_official("https://www.gov.uk.evil.com/x")


def test_phone_numbers_and_app_settings_are_reviewed_at_least_every_180_days(snapshot, bundle):
    assert review_period_problems(list(iter_all(snapshot))) == []
    raw = copy.deepcopy(bundle["routes"]["report_fraud"])
    raw["review_period_days"] = 365
    assert review_period_problems([parse_route("report_fraud", raw, "test")])


def test_the_local_cyber_protect_team_is_one_configurable_entry(snapshot):
    team = snapshot.routes["local_cyber_protect"]
    assert team.email and team.url and team.events_url and team.name
    # placeholder values are clearly marked until the force fills them in
    assert not team.placeholder or ("example" in team.email and "EXAMPLE" in team.name)


def test_content_report_lists_every_item_with_days_left_and_flags_overdue_and_placeholders(snapshot):
    from scripts import content_report as report

    now = list(report.rows(snapshot, dt.date(2026, 12, 3)))
    assert len(now) == len(list(iter_all(snapshot))) and all(r["status"] == "ok" for r in now)
    assert any("PLACEHOLDER" in r["notes"] for r in now if r["key"] == "local_cyber_protect")
    scotland = next(r for r in now if r["key"] == "romance_scam")["nations"]
    assert scotland == "E W S NI"
    later = list(report.rows(snapshot, dt.date(2028, 1, 1)))
    assert all(r["status"] == "OVERDUE" and r["days_left"] < 0 for r in later)


NEW_TOPICS_WITH_YOUNG_PERSON_WORDING = ("tech_abuse", "deepfake_images", "child_abuse_images", "youth_hacking")


def test_the_issue_21_topics_exist_with_young_person_wording_where_a_child_may_ask(snapshot):
    for key in NEW_TOPICS_WITH_YOUNG_PERSON_WORDING:
        assert snapshot.topics[key].young_person is not None, key
    for key in NEW_TOPICS_WITH_YOUNG_PERSON_WORDING + ("victims_rights", "website_attack", "cyber_protect_team"):
        assert snapshot.topics[key].sources, key


def _talk_reply(snapshot):
    from cyberprotect.routing import Case, decide_routes

    topic = snapshot.topics["cyber_protect_team"]
    decisions = decide_routes(Case(threat=topic.key, category=topic.category, topic_routes=topic.routes))
    return replies.routes(snapshot, decisions, replies.ROUTES_INTRO, False)[0]


def test_asking_for_a_talk_shows_the_local_team_with_its_events_page_once_the_force_sets_it(snapshot):
    import dataclasses

    team = dataclasses.replace(snapshot.routes["local_cyber_protect"], placeholder=False)
    configured = dataclasses.replace(snapshot, routes={**snapshot.routes, "local_cyber_protect": team})
    text = _talk_reply(configured)["text"]
    assert team.email in text and team.url in text and team.events_url in text


def test_the_example_team_is_never_shown_to_the_public_until_the_force_sets_it(snapshot):
    from cyberprotect.routing import Case, decide_routes

    team = snapshot.routes["local_cyber_protect"]
    assert team.placeholder, "the shipped content still has the example team; if a force set it, drop this test"
    reply = _talk_reply(snapshot)
    assert "example" not in reply["text"].lower() and team.until_set in reply["text"]
    assert "101" in reply["text"] and reply["insights"]["routes"] == ["local_cyber_protect"]
    # A fraud victim's list (the team would come last) leaves the example team out altogether.
    harmed = decide_routes(Case(threat="purchase_scam", category="fraud", money_lost=True, nation="england"))
    assert harmed[-1].route == "local_cyber_protect"
    text = replies.routes(snapshot, harmed, replies.ROUTES_INTRO, True)[0]["text"]
    assert "example" not in text.lower() and team.until_set not in text and "Victim Support" in text


def test_a_placeholder_route_must_say_what_to_show_instead(bundle):
    raw = copy.deepcopy(bundle["routes"]["local_cyber_protect"])
    raw.pop("until_set")
    with pytest.raises(ContentError, match="until_set"):
        parse_route("local_cyber_protect", raw, "test")


# --- Issue 21, second pass: facts checked on 3 Dec 2026 ------------------------------------------------------


def _published_text_files():
    """Every file whose text reaches a person or an editor: content, domain responses, the widget, the docs."""
    for folder, patterns in (("content", ("*.yml",)), ("docs", ("*.md",)), ("web", ("*.html", "*.js", "*.css"))):
        for pattern in patterns:
            for path in (ROOT / folder).rglob(pattern):
                if "node_modules" not in path.parts:
                    yield path
    yield ROOT / "domain.yml"
    yield ROOT / "README.md"


def test_no_old_action_fraud_links_anywhere():
    """Action Fraud closed on 4 Dec 2025; its deep links redirect to Report Fraud's front page at best."""
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in _published_text_files()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "actionfraud.police.uk" in line.lower()
    ]
    assert not found, f"old actionfraud.police.uk links (use the Report Fraud page or another checked source): {found}"


def test_press_55_is_only_ever_offered_for_mobile_calls(snapshot):
    """The Silent Solution (press 55) works on mobiles only; on a landline you stay on the line (audit #21)."""
    texts = [line for line in (ROOT / "domain.yml").read_text(encoding="utf-8").splitlines() if "55" in line]
    texts += [r.tell or "" for r in snapshot.routes.values()]
    texts += [
        step
        for t in snapshot.topics.values()
        for step in t.do_now + t.protect + (t.young_person.do_now if t.young_person else ())
    ]
    for text in texts:
        for sentence in text.replace("?", ".").split(". "):
            if "press 55" in sentence.lower():
                assert "mobile" in sentence.lower(), f"'press 55' without saying it is for mobiles: {sentence!r}"


# Parent-facing child topics offer the IWF's TALK checklist (with its age tips), as child_grooming always has.
PARENT_FACING_CHILD_TOPICS = (
    "child_grooming",
    "cyberbullying",
    "child_abuse_images",
    "deepfake_images",
    "youth_hacking",
)


def test_parent_facing_child_topics_offer_talk_with_its_source(snapshot):
    child_safety = {k for k, t in snapshot.topics.items() if t.category == "child_safety" or t.child_victim}
    assert child_safety <= set(PARENT_FACING_CHILD_TOPICS), child_safety - set(PARENT_FACING_CHILD_TOPICS)
    for key in PARENT_FACING_CHILD_TOPICS:
        topic = snapshot.topics[key]
        assert any("TALK" in tip for tip in topic.protect), f"{key}: no TALK tip for parents"
        assert any("talk.iwf.org.uk" in s.url for s in topic.sources), f"{key}: TALK tip without the IWF source"


def test_scotland_and_ni_services_cite_the_page_their_number_was_checked_on(snapshot):
    """The nation equivalents carry an official page or a reason (no third-party quote without saying so), and
    numbers nobody could confirm are not shown (Victim Support NI: contact through the website)."""
    for key in (
        "victim_support_scotland",
        "advice_direct_scotland",
        "consumerline_ni",
        "victim_support_ni",
        "cyber_fraud_hub_scotland",
    ):
        route = snapshot.routes[key]
        assert route.last_reviewed >= dt.date(2026, 12, 3) and route.review_period_days <= 90, key
    assert snapshot.routes["victim_support_ni"].phone is None
    assert "economy-ni.gov.uk" in snapshot.routes["consumerline_ni"].source
    assert snapshot.routes["victim_support_scotland"].hours.startswith("Monday to Friday, 8am to 8pm")


def test_nhs_111_is_offered_as_the_mental_health_option_not_a_key_number(snapshot):
    """NHS pages now say 'choose the mental health option' instead of 'option 2' (the key can differ by area)."""
    import re

    texts = [line for line in (ROOT / "domain.yml").read_text(encoding="utf-8").splitlines() if "111" in line]
    route = snapshot.routes["nhs_111_mental_health"]
    texts += [route.name, route.tell or ""]
    for text in texts:
        if text.lstrip().startswith("#"):
            continue
        assert not re.search(r"option\s*2|press\s*2", text, re.IGNORECASE), text
    assert "mental health option" in (route.tell or "")
