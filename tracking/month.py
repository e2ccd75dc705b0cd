"""The month calendar: each day's status in a Monday-first grid, the month's
consistency, and what each cell prints (words, mark, link), prepared in Python.

A template include per cell cost more than the rest of the calendar page together, so
the words, marks and links of a day are worked out here and the template only prints them.
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from django.urls import reverse

from tracking import rules
from tracking.rules import DayStatus
from tracking.streaks import Facts


class ShownDay(Protocol):
    @property
    def day(self) -> dt.date: ...
    @property
    def status(self) -> DayStatus: ...
    @property
    def done(self) -> int: ...
    @property
    def planned(self) -> int: ...


@dataclass(frozen=True)
class CalendarDay:
    day: dt.date
    status: DayStatus
    done: int
    planned: int
    loggable: bool  # inside the late-logging window
    plannable: bool = False  # a rest day can still be planned or taken back


@dataclass(frozen=True)
class MonthSummary:
    weeks: list[list[CalendarDay | None]]  # Monday first; None pads days of other months
    complete_days: int
    counted_days: int  # days that could have been done: started, not future, not rest or paused

    @property
    def consistency(self) -> int:
        return rules.consistency(self.complete_days, self.counted_days)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last)


def add_months(first_of_month: dt.date, months: int) -> dt.date:
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def latest_month(today: dt.date, *, target: int) -> dt.date:
    """The first of the latest month the calendar opens: this month or, when the target
    leaves rest days, the month of the last day a rest day can still be planned on."""
    if rules.rest_allowance(target) > 0:
        return (today + dt.timedelta(days=rules.REST_PLANNING_DAYS)).replace(day=1)
    return today.replace(day=1)


def earliest_month(started: dt.date) -> dt.date:
    """The first of the earliest month the calendar links to: the runner's first month
    (older months open by address, but nothing in them is theirs)."""
    return started.replace(day=1)


def calendar_day(day: dt.date, facts: Facts, *, today: dt.date, started: dt.date) -> CalendarDay:
    return CalendarDay(
        day=day,
        status=facts.status(day, today=today, started=started),
        done=facts.done.get(day, 0),
        planned=facts.planned,
        loggable=rules.is_loggable(day, today=today),
        plannable=rules.is_rest_plannable(day, today=today),
    )


def month_summary(year: int, month: int, facts: Facts, *, today: dt.date, started: dt.date) -> MonthSummary:
    """The month grid with each day's status, and the month's consistency.

    `started` is the runner's first day (days before it are neither done nor missed).
    """
    weeks: list[list[CalendarDay | None]] = []
    complete = counted = 0
    for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month):
        row: list[CalendarDay | None] = []
        for day in week:
            if day.month != month:
                row.append(None)
                continue
            cell = calendar_day(day, facts, today=today, started=started)
            complete += cell.status is DayStatus.COMPLETE
            counted += rules.is_counted(cell.status, day, today=today)
            row.append(cell)
        weeks.append(row)
    return MonthSummary(weeks=weeks, complete_days=complete, counted_days=counted)


# --- What a cell prints -----------------------------------------------------------------

MARKS = {
    DayStatus.COMPLETE: "✓",
    DayStatus.MISSED: "✕",
    DayStatus.REST: "☾",
    DayStatus.PAUSED: "‖",
    DayStatus.FUTURE: "·",
    DayStatus.TODO: "·",
}


def day_words(cell: ShownDay) -> str:
    """The day's status in words, as a screen reader says it."""
    match cell.status:
        case DayStatus.COMPLETE:
            return f"complete, {cell.done} of {cell.planned} exercises done"
        case DayStatus.PARTIAL:
            return f"{cell.done} of {cell.planned} exercises done"
        case DayStatus.MISSED:
            return f"missed, 0 of {cell.planned} exercises done"
        case DayStatus.TODO:
            return "today, not done yet"
        case DayStatus.REST:
            return "planned rest day"
        case DayStatus.PAUSED:
            return "plan paused"
        case DayStatus.FUTURE:
            return "still to come"
    return "before you started"


def long_date(cell: ShownDay) -> str:
    return f"{cell.day.day} {cell.day:%B %Y}"


@dataclass(frozen=True)
class MonthCell:
    iso: str
    number: int
    status: str
    css: str
    mark: str
    label: str
    href: str | None


def month_cells(
    weeks: list[list[CalendarDay | None]], *, today: dt.date, rest_enabled: bool
) -> list[list[MonthCell | None]]:
    rows = []
    for week in weeks:
        row: list[MonthCell | None] = []
        for cell in week:
            if cell is None:
                row.append(None)
                continue
            label = f"{long_date(cell)}: {day_words(cell)}"
            href = None
            if cell.loggable or (cell.plannable and rest_enabled):
                href = reverse("tracking:day", args=[cell.day])
                if cell.loggable:
                    label += ". Mark or undo"
                elif cell.status is DayStatus.REST:
                    label += ". Change the rest day"
                else:
                    label += ". Plan a rest day"
            mark = f"{cell.done}/{cell.planned}" if cell.status is DayStatus.PARTIAL else MARKS.get(cell.status, "")
            css = f"day day-{cell.status}" + (" is-today" if cell.day == today else "")
            row.append(MonthCell(cell.day.isoformat(), cell.day.day, str(cell.status), css, mark, label, href))
        rows.append(row)
    return rows
