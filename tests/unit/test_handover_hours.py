"""Is the team on duty? Table by table: hours (GMT and BST, both clock changes), bank holidays of the team's
nation, and capacity. The settings are content/handover.yml's format."""

import datetime as dt

import pytest
import yaml

from cyberprotect.content_schema import ContentError
from cyberprotect.content_store import PROJECT_ROOT
from cyberprotect.handover.content import parse_handover
from cyberprotect.handover.hours import BUSY, CLOSED, OPEN, availability, on_duty

RAW = yaml.safe_load((PROJECT_ROOT / "content" / "handover.yml").read_text())
UTC = dt.timezone.utc


def settings(**changes):
    return parse_handover({**RAW, **changes})


def at(text):
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


# Shipped hours: Mon-Thu 09:00-17:00, Fri 09:00-16:30, weekends closed, England and Wales bank holidays.
HOURS = [
    ("2026-12-01 10:00", OPEN, "Tuesday in winter, GMT = UTC"),
    ("2026-12-01 08:59", CLOSED, "a minute before opening"),
    ("2026-12-01 09:00", OPEN, "opening time itself"),
    ("2026-12-01 16:59", OPEN, "a minute before closing"),
    ("2026-12-01 17:00", CLOSED, "closing time itself"),
    ("2026-12-04 16:29", OPEN, "Friday closes at 16:30"),
    ("2026-12-04 16:30", CLOSED, "Friday closing time"),
    ("2026-12-05 12:00", CLOSED, "Saturday"),
    ("2026-12-06 12:00", CLOSED, "Sunday"),
    ("2026-06-02 08:30", OPEN, "June, BST: 08:30 UTC is 09:30 in the UK"),
    ("2026-06-02 07:59", CLOSED, "June, BST: 07:59 UTC is 08:59 in the UK"),
    ("2026-06-02 16:00", CLOSED, "June, BST: 16:00 UTC is 17:00 in the UK"),
    ("2026-06-02 15:59", OPEN, "June, BST: 15:59 UTC is 16:59 in the UK"),
    ("2026-03-27 08:30", CLOSED, "Friday before the clocks go forward (29 March): still GMT, 08:30"),
    ("2026-03-30 08:00", OPEN, "Monday after the clocks went forward: 08:00 UTC is 09:00 BST"),
    ("2026-10-23 08:30", OPEN, "Friday before the clocks go back (25 October): BST, 09:30"),
    ("2026-10-26 08:30", CLOSED, "Monday after the clocks went back: GMT, 08:30"),
    ("2026-10-26 16:30", OPEN, "Monday after the clocks went back: GMT, 16:30"),
    ("2026-12-01 23:30", CLOSED, "late evening"),
]


@pytest.mark.parametrize("when, expected, why", HOURS)
def test_opening_hours_in_uk_time(when, expected, why):
    assert on_duty(at(when), settings()).state == expected, why


BANK_HOLIDAYS = [
    ("england", "2026-12-25 10:00", CLOSED, "Christmas Day"),
    ("england", "2026-12-28 10:00", CLOSED, "Boxing Day substitute (26 Dec is a Saturday)"),
    ("england", "2026-12-29 10:00", OPEN, "an ordinary Tuesday after Christmas"),
    ("england", "2026-04-06 09:30", CLOSED, "Easter Monday (BST)"),
    ("england", "2026-11-30 10:00", OPEN, "St Andrew's Day is not a holiday in England"),
    ("wales", "2026-08-31 10:00", CLOSED, "summer bank holiday in Wales"),
    ("scotland", "2026-11-30 10:00", CLOSED, "St Andrew's Day in Scotland"),
    ("scotland", "2026-01-02 10:00", CLOSED, "2 January in Scotland"),
    ("scotland", "2026-08-31 10:00", OPEN, "not Scotland's summer bank holiday (3 August)"),
    ("scotland", "2026-04-06 09:30", OPEN, "no Easter Monday holiday in Scotland"),
    ("northern_ireland", "2026-03-17 10:00", CLOSED, "St Patrick's Day"),
    ("northern_ireland", "2026-07-13 10:00", CLOSED, "Battle of the Boyne substitute (12 July is a Sunday)"),
    ("england", "2027-03-29 09:00", CLOSED, "Easter Monday 2027"),
]


@pytest.mark.parametrize("nation, when, expected, why", BANK_HOLIDAYS)
def test_bank_holidays_of_the_teams_nation(nation, when, expected, why):
    assert on_duty(at(when), settings(team_nation=nation)).state == expected, why


CAPACITY = [  # (agents free, conversations open) with capacity 2 per agent
    (0, 0, BUSY),
    (1, 0, OPEN),
    (1, 1, OPEN),
    (1, 2, BUSY),
    (2, 3, OPEN),
    (2, 4, BUSY),
]


@pytest.mark.parametrize("agents, chats, expected", CAPACITY)
def test_capacity_in_hours(agents, chats, expected):
    assert availability(at("2026-12-01 10:00"), settings(), agents, chats).state == expected


def test_out_of_hours_is_closed_whatever_the_capacity():
    assert availability(at("2026-12-01 20:00"), settings(), 5, 0).state == CLOSED


def test_a_clock_without_a_time_zone_is_refused():
    with pytest.raises(ValueError):
        on_duty(dt.datetime(2026, 12, 1, 10, 0), settings())


@pytest.mark.parametrize(
    "change, field",
    [
        ({"team_name": ""}, "team_name"),
        ({"team_nation": "france"}, "team_nation"),
        ({"capacity": 0}, "capacity"),
        ({"hours": {**RAW["hours"], "monday": ["17:00", "09:00"]}}, "monday"),
        ({"hours": {**RAW["hours"], "monday": ["9am", "5pm"]}}, "monday"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"messages": {**RAW["messages"], "closed": "Call 0300 123 2040."}}, "numbers"),
        ({"messages": {k: v for k, v in RAW["messages"].items() if k != "busy"}}, "busy"),
    ],
)
def test_a_broken_settings_file_names_the_field(change, field):
    with pytest.raises(ContentError, match=field):
        parse_handover({**RAW, **change})


def test_bank_holidays_cover_the_review_period():
    """Before review_by passes, the list must already hold that year's holidays (a year without them would
    leave the team 'open' on Christmas Day)."""
    s = settings()
    for nation in ("england", "scotland", "northern_ireland"):
        holidays = settings(team_nation=nation).bank_holidays
        assert any(d.year == s.review_by.year and d.month == 12 for d in holidays), nation
    assert s.review_by > dt.date(2026, 12, 3)
