"""Small factories for tracking tests: a known moment, local instants, bulk history.

History is written with one bulk insert, so ten years of daily marks take well under a
second; the tests then call the real services and selectors on it.
"""

import datetime as dt
import zoneinfo
from collections.abc import Iterable

from routines.selectors import plan_exercises
from tracking.models import Completion, StreakSummary

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # a Tuesday
TODAY = NOW.date()  # the same local date in London (UTC+0) and New York (UTC−5) at NOW


def at_local(day: dt.date, hour: int, minute: int, zone: str) -> dt.datetime:
    """The instant it is `hour:minute` on `day` in `zone`."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zoneinfo.ZoneInfo(zone))


def joined_on(user, day: dt.date) -> None:
    """Make `day` the runner's first day (sign-up at 08:00 in their zone)."""
    user.date_joined = at_local(day, 8, 0, user.timezone)
    user.save(update_fields=["date_joined"])


def add_history(user, days: Iterable[dt.date], exercises=None) -> int:
    """Store completions of `exercises` (default: the whole plan) on each of `days`,
    in one bulk insert, and make the earliest day the runner's first day. Returns the
    number of rows."""
    exercises = list(exercises if exercises is not None else plan_exercises())
    days = sorted(set(days))
    rows = [
        Completion(user=user, exercise=exercise, completed_on=day, completed_at=at_local(day, 7, 0, user.timezone))
        for day in days
        for exercise in exercises
    ]
    Completion.objects.bulk_create(rows, batch_size=2000)
    if days:
        joined_on(user, min(days[0], user.date_joined.astimezone(zoneinfo.ZoneInfo(user.timezone)).date()))
    return len(rows)


def days_back(count: int, *, until: dt.date = TODAY) -> list[dt.date]:
    """`count` consecutive days ending on `until`."""
    return [until - dt.timedelta(days=offset) for offset in range(count)]


def rows_of(user) -> list[tuple[dt.date, str]]:
    """The runner's stored marks as (day, exercise slug), sorted."""
    return sorted(Completion.objects.filter(user=user).values_list("completed_on", "exercise__slug"))


def db_state():
    """Everything a mark or an undo could change, to compare before and after."""
    return (
        list(Completion.objects.order_by("pk").values_list("user_id", "exercise_id", "completed_on", "completed_at")),
        list(StreakSummary.objects.order_by("pk").values_list("user_id", "through", "run", "longest")),
    )
