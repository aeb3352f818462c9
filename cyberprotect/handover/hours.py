"""Is the force's team on duty now, and is anyone free? Pure: the clock and the agents' load are arguments.

`on_duty(now, settings)` reads the opening hours in UK local time (Europe/London, so BST and GMT both come
from the time zone database, never from a fixed offset) and the team's nation's bank holidays.
`availability(now, settings, agents_online, open_chats)` adds capacity: nobody free when no agent is online
or every online agent already has `capacity` conversations.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from typing import Optional

from cyberprotect.handover.content import HandoverSettings

OPEN, CLOSED, BUSY = "open", "closed", "busy"


@dataclass(frozen=True)
class Availability:
    state: str  # open | closed | busy
    local_time: dt.datetime  # now, in the team's time zone
    closes_at: Optional[dt.datetime] = None

    @property
    def free(self) -> bool:
        return self.state == OPEN


def local(now: dt.datetime, settings: HandoverSettings) -> dt.datetime:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware (use datetime.now(timezone.utc))")
    return now.astimezone(zoneinfo.ZoneInfo(settings.timezone))


def on_duty(now: dt.datetime, settings: HandoverSettings) -> Availability:
    """OPEN inside the day's hours (opening time included, closing time excluded), CLOSED otherwise."""
    here = local(now, settings)
    if here.date() in settings.bank_holidays:
        return Availability(CLOSED, here)
    span = settings.hours[here.weekday()]
    if span is None:
        return Availability(CLOSED, here)
    start, end = span
    if start <= here.time().replace(tzinfo=None) < end:
        return Availability(OPEN, here, here.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0))
    return Availability(CLOSED, here)


def availability(now: dt.datetime, settings: HandoverSettings, agents_online: int, open_chats: int) -> Availability:
    duty = on_duty(now, settings)
    if not duty.free:
        return duty
    if agents_online <= 0 or open_chats >= agents_online * settings.capacity:
        return Availability(BUSY, duty.local_time, duty.closes_at)
    return duty
