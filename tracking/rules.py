"""The rules of a runner's days, each in one place: pure functions over dates.

No ORM and no clock: `today` (or `now`) is always a parameter, computed once at the edge
in the runner's time zone. Services, selectors, views and the calendar all ask here.

- Day status: a day is complete when every exercise of the plan is done that day,
  partial when some are; a planned rest day or a paused day is neither done nor missed;
  today is "to do" until it is over; days before the runner started are neither.
- Counted days and consistency: a day counts once it could have been done and is over
  (or complete); consistency is the share of counted days that were complete.
- Weeks: with a weekly target below 7, a week meets it when its complete days reach the
  target, pro rata for paused days; the other days may be planned as rest.
- Time windows, each with its check: the late-logging window (marking or undoing a day,
  starting a pause back), the rest-planning window ahead, how far ahead a pause may be
  planned, and the settle margin after which no one can change a day any more.
"""

import datetime as dt
import math
import re
from collections.abc import Iterable
from enum import StrEnum

from accounts.weeks import DAYS_PER_WEEK

ONE_DAY = dt.timedelta(days=1)
# How far back a runner may mark or undo a day, or start a pause.
LATE_LOGGING_DAYS = 7
# How far ahead a rest day can be planned.
REST_PLANNING_DAYS = 28
# How far ahead a pause can be planned.
MAX_PAUSE_AHEAD_DAYS = 365
# A local date is at most one day either side of the UTC date (zones run from UTC−12 to
# UTC+14), so a day this far behind the late-logging window, counted from the UTC date,
# can no longer be marked, undone, rested or paused by anyone, whatever zone they switch
# to: its part in the streaks is settled.
SETTLE_MARGIN_DAYS = 2

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class TrackingError(ValueError):
    """A request the runner can correct; the message is shown to them as it is."""


# --- Day status -----------------------------------------------------------------------


class DayStatus(StrEnum):
    COMPLETE = "complete"
    PARTIAL = "partial"
    MISSED = "missed"
    REST = "rest"
    PAUSED = "paused"
    TODO = "to-do"  # today, nothing done yet
    FUTURE = "future"
    NOT_STARTED = "not-started"  # before the runner's first day: neither done nor missed


def day_status(
    day: dt.date,
    *,
    done: int,
    planned: int,
    rest: bool,
    paused: bool,
    today: dt.date | None = None,
    started: dt.date | None = None,
) -> DayStatus:
    """The status of `day` as the runner sees it on `today`, or, without `today`, as a
    day that is over (how the streak fold judges it).

    Doing the whole plan always counts, even on a rest or paused day; otherwise a pause
    or a rest day makes the day neutral. `started` is the runner's first day (None: no
    day is before it)."""
    if planned > 0 and done >= planned:
        return DayStatus.COMPLETE
    if today is not None and day > today and not done:
        if paused:
            return DayStatus.PAUSED
        return DayStatus.REST if rest else DayStatus.FUTURE
    if started is not None and day < started and not done:
        return DayStatus.NOT_STARTED
    if paused:
        return DayStatus.PAUSED
    if rest:
        return DayStatus.REST
    if done > 0:
        return DayStatus.PARTIAL
    return DayStatus.TODO if day == today else DayStatus.MISSED  # the day is not over: nothing is missed yet


def is_counted(status: DayStatus, day: dt.date, *, today: dt.date) -> bool:
    """Whether a day counts towards consistency: a complete day, or a partial or missed
    day that is over (today counts once it is complete)."""
    return status is DayStatus.COMPLETE or (status in (DayStatus.PARTIAL, DayStatus.MISSED) and day < today)


def consistency(complete_days: int, counted_days: int) -> int:
    """Share of counted days that were complete, as a whole percentage."""
    return round(100 * complete_days / counted_days) if counted_days else 0


# --- Weeks ----------------------------------------------------------------------------


def week_required(target: int, paused_days: int) -> int:
    """Complete days a week needs to meet `target`, pro rata for its paused days (rounded
    half up: 6 days a week with one day paused needs 5 of the other 6)."""
    active = DAYS_PER_WEEK - paused_days
    return math.floor(target * active / DAYS_PER_WEEK + 0.5)


def rest_allowance(target: int) -> int:
    """Rest days a week with this target allows."""
    return DAYS_PER_WEEK - target


# --- Time windows ---------------------------------------------------------------------


def parse_day(value: str | None, *, today: dt.date) -> dt.date:
    """A day from a form value (YYYY-MM-DD); empty means today."""
    if value is None or value == "":
        return today
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise TrackingError("The date must look like 2026-11-24 (year-month-day).")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise TrackingError(f"{value} is not a real date.") from None


def earliest_loggable(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=LATE_LOGGING_DAYS)


def is_loggable(day: dt.date, *, today: dt.date) -> bool:
    """Whether `day` can still be marked or undone: today or up to LATE_LOGGING_DAYS back."""
    return earliest_loggable(today) <= day <= today


def check_loggable(day: dt.date, *, today: dt.date) -> None:
    if day > today:
        raise TrackingError("You can't mark a day that hasn't happened yet.")
    if not is_loggable(day, today=today):
        raise TrackingError(
            f"Days can be marked or undone up to {LATE_LOGGING_DAYS} days back "
            f"(from {earliest_loggable(today):%-d %B %Y}); that day is closed."
        )


def is_rest_plannable(day: dt.date, *, today: dt.date) -> bool:
    """Whether a rest day can still be planned or taken back on `day`: today or ahead."""
    return today <= day <= today + dt.timedelta(days=REST_PLANNING_DAYS)


def check_rest_plannable(day: dt.date, *, today: dt.date) -> None:
    if day < today:
        raise TrackingError("Rest days are planned ahead or on the day, not afterwards.")
    if not is_rest_plannable(day, today=today):
        raise TrackingError(f"Rest days can be planned up to {REST_PLANNING_DAYS} days ahead.")


def check_rest_cancellable(day: dt.date, *, today: dt.date) -> None:
    if day < today:
        raise TrackingError("A rest day that has passed stays as it was.")


def check_pause(starts_on: dt.date, ends_on: dt.date | None, *, today: dt.date) -> None:
    """A pause starts at the earliest at the start of the late-logging window, at the
    latest MAX_PAUSE_AHEAD_DAYS ahead, and ends on or after its first day."""
    if starts_on < earliest_loggable(today):
        raise TrackingError(f"A pause can start at the earliest {LATE_LOGGING_DAYS} days back.")
    if starts_on > today + dt.timedelta(days=MAX_PAUSE_AHEAD_DAYS):
        raise TrackingError("A pause can be planned up to a year ahead.")
    if ends_on is not None and ends_on < starts_on:
        raise TrackingError("The pause must end on or after the day it starts.")


def is_day_page_open(day: dt.date, *, today: dt.date, target: int) -> bool:
    """Whether a day has a page: it can be logged, or a rest day planned on it."""
    return is_loggable(day, today=today) or (is_rest_plannable(day, today=today) and rest_allowance(target) > 0)


def first_day(joined: dt.date, logged: Iterable[dt.date]) -> dt.date:
    """The runner's first day: the day they signed up, or an earlier day they logged late.

    One definition for the streak fold, the calendar and the year view alike: a late log
    before the sign-up day starts the runner's days there, so every page judges the days
    from it the same way."""
    return min([joined, *logged])


def earliest_late_log(joined: dt.date) -> dt.date:
    """The earliest day a runner can have logged late from their sign-up day on (their zone
    may have moved them a day: hence the settle margin)."""
    return joined - dt.timedelta(days=LATE_LOGGING_DAYS + SETTLE_MARGIN_DAYS)


def settled_through(now: dt.datetime) -> dt.date:
    """The last day no one can change any more at the moment `now`, in any time zone."""
    utc_today = now.astimezone(dt.UTC).date()
    return utc_today - dt.timedelta(days=LATE_LOGGING_DAYS + SETTLE_MARGIN_DAYS)
