"""Streak and calendar arithmetic: pure functions over dates.

No ORM and no clock here: `today` is always a parameter, computed once at the edge in
the user's time zone. Rules (DESIGN.md):

- a day is complete when every exercise of the plan is done that day, partial when
  some are;
- the current streak is the run of consecutive complete days ending today, or ending
  yesterday while today is not yet complete (a streak stays alive until the day ends);
- the longest streak is the longest such run ever.

Streaks are computed as a fold over the days in order. The fold's state can be kept
(`StreakState`) so that old days, which can no longer change, are folded once and the
pages only fold the few recent days on top: the cost of a page does not grow with
the length of the history.
"""

import calendar as _calendar
import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

ONE_DAY = dt.timedelta(days=1)


class DayStatus(StrEnum):
    COMPLETE = "complete"
    PARTIAL = "partial"
    MISSED = "missed"
    FUTURE = "future"
    NOT_STARTED = "not-started"  # before the runner's first day: neither done nor missed


def day_status(done: int, planned: int) -> DayStatus:
    """Status of a past or present day from the number of plan exercises done."""
    if planned > 0 and done >= planned:
        return DayStatus.COMPLETE
    if done > 0:
        return DayStatus.PARTIAL
    return DayStatus.MISSED


def complete_days(done_by_day: Mapping[dt.date, int], planned: int) -> set[dt.date]:
    return {day for day, done in done_by_day.items() if day_status(done, planned) is DayStatus.COMPLETE}


@dataclass(frozen=True)
class StreakState:
    """Where a fold over the days has got to.

    through: the last day folded in (None before any day);
    run: complete days in the run that ends on `through`;
    longest: the longest run of complete days up to `through`.
    """

    through: dt.date | None = None
    run: int = 0
    longest: int = 0


@dataclass(frozen=True)
class Streaks:
    current: int
    longest: int


def fold(state: StreakState, complete: Collection[dt.date], until: dt.date) -> StreakState:
    """Fold the days after `state.through` up to and including `until` into the state.

    Days in `complete` at or before `state.through`, or after `until`, are ignored.
    """
    if state.through is not None and until <= state.through:
        return state
    if state.through is None:
        relevant = [day for day in complete if day <= until]
        if not relevant:
            return StreakState(through=until, run=0, longest=state.longest)
        day = min(relevant)
    else:
        day = state.through + ONE_DAY
    run, longest = state.run, state.longest
    while day <= until:
        if day in complete:
            run += 1
            longest = max(longest, run)
        else:
            run = 0
        day += ONE_DAY
    return StreakState(through=until, run=run, longest=longest)


def streaks_from(state: StreakState, complete: Collection[dt.date], today: dt.date) -> Streaks:
    """Current and longest streak on `today`, given the folded state of older days and
    the complete days after it."""
    through_yesterday = fold(state, complete, today - ONE_DAY)
    current = through_yesterday.run + 1 if today in complete else through_yesterday.run
    return Streaks(current=current, longest=max(through_yesterday.longest, current))


def streaks(complete: Iterable[dt.date], today: dt.date) -> Streaks:
    """Current and longest streak over a whole history of complete days."""
    return streaks_from(StreakState(), set(complete), today)


# --- Calendar ---------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarDay:
    day: dt.date
    status: DayStatus
    done: int
    planned: int
    loggable: bool  # inside the late-logging window


@dataclass(frozen=True)
class MonthSummary:
    weeks: list[list[CalendarDay | None]]  # Monday first; None pads days of other months
    complete_days: int
    counted_days: int  # days that could have been done: started, not in the future

    @property
    def consistency(self) -> int:
        """Share of counted days that were complete, as a whole percentage."""
        if not self.counted_days:
            return 0
        return round(100 * self.complete_days / self.counted_days)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    last = _calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last)


def add_months(first_of_month: dt.date, months: int) -> dt.date:
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def status_on(day: dt.date, done: int, planned: int, *, today: dt.date, started: dt.date) -> DayStatus:
    if day > today and not done:
        return DayStatus.FUTURE
    if day < started and not done:
        return DayStatus.NOT_STARTED
    return day_status(done, planned)


def month_summary(
    year: int,
    month: int,
    done_by_day: Mapping[dt.date, int],
    planned: int,
    *,
    today: dt.date,
    started: dt.date,
    window_days: int,
) -> MonthSummary:
    """The month grid with each day's status, and the month's consistency.

    `started` is the runner's first day (days before it are neither done nor missed);
    `window_days` is how far back a day may still be logged.
    """
    first_loggable = today - dt.timedelta(days=window_days)
    weeks: list[list[CalendarDay | None]] = []
    complete = counted = 0
    for week in _calendar.Calendar(firstweekday=_calendar.MONDAY).monthdatescalendar(year, month):
        row: list[CalendarDay | None] = []
        for day in week:
            if day.month != month:
                row.append(None)
                continue
            done = done_by_day.get(day, 0)
            status = status_on(day, done, planned, today=today, started=started)
            if status is DayStatus.COMPLETE:
                complete += 1
            if status not in (DayStatus.FUTURE, DayStatus.NOT_STARTED):
                counted += 1
            row.append(CalendarDay(day, status, done, planned, first_loggable <= day <= today))
        weeks.append(row)
    return MonthSummary(weeks=weeks, complete_days=complete, counted_days=counted)
