"""When a runner's reminder is due, and when it is skipped. Pure: no ORM, no clock.

`now` is always an aware datetime passed in; the zone is the runner's. A local time is
kept as wall-clock time across DST (07:30 stays 07:30); a time that does not exist that
day (02:30 on a spring-forward night) goes at the next minute that does; a time that
happens twice (autumn) counts from its first occurrence, and the claim makes it once.
"""

import datetime as dt
import zoneinfo
from collections.abc import Callable, Collection
from enum import StrEnum

# Failed sends are retried after 1, 2, 4 … minutes, never more than an hour apart.
RETRY_BASE = dt.timedelta(minutes=1)
RETRY_MAX = dt.timedelta(hours=1)
# A sender that died mid-send leaves its claim SENDING; after this long it counts as failed.
SENDING_TIMEOUT = dt.timedelta(minutes=10)


class Skip(StrEnum):
    OFF = "reminders are off"
    COMPLETE = "today is already complete"
    REST = "a planned rest day"
    PAUSED = "the plan is paused"
    NO_CHANNEL = "no channel to send on"


def _exists(local: dt.datetime) -> bool:
    """Whether this wall-clock time happens in its zone (it does not inside a DST gap)."""
    there_and_back = local.astimezone(dt.UTC).astimezone(local.tzinfo)
    return there_and_back.replace(tzinfo=None) == local.replace(tzinfo=None)


def reminder_moment(day: dt.date, at: dt.time, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """The instant (UTC) of the reminder on the runner's `day` at wall-clock time `at`."""
    local = dt.datetime.combine(day, at.replace(second=0, microsecond=0, tzinfo=None), tzinfo=zone)
    # fold=0 is the first of two repeated times; a gap is at most a few hours long.
    for _ in range(24 * 60):
        if _exists(local):
            return local.astimezone(dt.UTC)
        wall = local.replace(tzinfo=None) + dt.timedelta(minutes=1)
        local = wall.replace(tzinfo=zone)
    raise ValueError(f"No existing local time after {at} on {day} in {zone}")  # pragma: no cover


def local_day(now: dt.datetime, zone: zoneinfo.ZoneInfo) -> dt.date:
    return now.astimezone(zone).date()


def end_of_day(day: dt.date, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """The first instant of the runner's next day (UTC), when today's reminder is dropped."""
    return reminder_moment(day + dt.timedelta(days=1), dt.time(0, 0), zone)


def is_due(*, now: dt.datetime, at: dt.time, zone: zoneinfo.ZoneInfo, changed_at: dt.datetime | None = None) -> bool:
    """Whether the runner's reminder time has been reached on their day at `now`.

    A runner who switches reminders on (or moves the time) after today's time has
    passed gets the first one tomorrow, not at once.
    """
    moment = reminder_moment(local_day(now, zone), at, zone)
    if changed_at is not None and changed_at > moment:
        return False
    return now >= moment


def skip_reason(
    *, enabled: bool, planned_only: bool, complete: bool, rest: bool, paused: bool, channels: int
) -> Skip | None:
    """Why today's reminder is not sent, or None when it goes out."""
    if not enabled:
        return Skip.OFF
    if complete:
        return Skip.COMPLETE
    if planned_only and paused:
        return Skip.PAUSED
    if planned_only and rest:
        return Skip.REST
    if channels == 0:
        return Skip.NO_CHANNEL
    return None


def retry_delay(attempts: int) -> dt.timedelta:
    """How long to wait after the `attempts`-th failed send (1, 2, 4 … minutes, at most an hour)."""
    return min(RETRY_BASE * (2 ** max(attempts - 1, 0)), RETRY_MAX)


def session_days(
    *, first: dt.date, last: dt.date, rest: Collection[dt.date], paused: Callable[[dt.date], bool]
) -> list[dt.date]:
    """The days from `first` to `last` with a session planned: not rest, not paused."""
    days = []
    day = first
    while day <= last:
        if day not in rest and not paused(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days
