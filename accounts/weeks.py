"""A runner's weeks: Monday to Sunday, and the weekly target in force in each one.

Pure functions over dates. The target's history is stored on the user
(`User.weekly_target_changes`); `accounts.services` writes it, tracking reads it.
"""

import datetime as dt
from collections.abc import Sequence

DAYS_PER_WEEK = 7


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The Monday and the Sunday of the week `day` is in."""
    monday = monday_of(day)
    return monday, monday + dt.timedelta(days=DAYS_PER_WEEK - 1)


def target_for_week(changes: Sequence[tuple[dt.date, int]], monday: dt.date, *, current: int) -> int:
    """The weekly target in force in the week starting `monday`, from the changes made
    (Monday, days), oldest first: every day before the first; `current` if none."""
    if not changes:
        return current
    target = DAYS_PER_WEEK
    for since, days in changes:
        if since > monday:
            break
        target = days
    return target
