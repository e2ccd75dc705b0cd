"""The year view: the last 53 weeks as a heat map, the totals of the last twelve months,
and the squares and labels of the SVG grid the template prints."""

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from accounts.weeks import DAYS_PER_WEEK, monday_of
from tracking import rules
from tracking.month import add_months, day_words, long_date
from tracking.rules import DayStatus
from tracking.streaks import Facts

YEAR_WEEKS = 53


@dataclass(frozen=True)
class HeatCell:
    day: dt.date
    status: DayStatus
    done: int
    planned: int
    level: int  # 0 (nothing) to 3 (all done), for the shade


@dataclass(frozen=True)
class MonthTotal:
    month: dt.date  # the first of the month
    complete_days: int
    counted_days: int

    @property
    def consistency(self) -> int:
        return rules.consistency(self.complete_days, self.counted_days)


@dataclass(frozen=True)
class YearSummary:
    columns: list[list[HeatCell | None]]  # one per week, Monday first; None after today
    month_labels: list[tuple[int, dt.date]]  # (column index, first of month) where a month begins
    months: list[MonthTotal]  # oldest first
    sessions: int  # complete days in the last twelve months
    best_month: MonthTotal | None
    # No streak here: the year page shows the runner's streaks from the one fold Today and
    # the calendar show (Snapshot.streaks), so the three pages can never disagree.


def first_shown_day(today: dt.date) -> dt.date:
    """The Monday the heat map starts on."""
    return monday_of(today) - dt.timedelta(weeks=YEAR_WEEKS - 1)


def year_summary(facts: Facts, *, today: dt.date, started: dt.date) -> YearSummary:
    """The last 53 weeks as a heat map, and the totals of the last twelve months (from the
    runner's first month on: a month before they started has nothing to count)."""
    first = first_shown_day(today)
    year_start = max(add_months(today.replace(day=1), -11), started.replace(day=1))
    columns: list[list[HeatCell | None]] = []
    labels: list[tuple[int, dt.date]] = []
    totals: dict[dt.date, list[int]] = {}
    sessions = 0
    for index in range(YEAR_WEEKS):
        column: list[HeatCell | None] = []
        for offset in range(DAYS_PER_WEEK):
            day = first + dt.timedelta(days=index * DAYS_PER_WEEK + offset)
            if day > today:
                column.append(None)
                continue
            if day.day == 1 or (index == 0 and offset == 0):
                labels.append((index, day.replace(day=1)))
            done = min(facts.done.get(day, 0), facts.planned)
            status = facts.status(day, today=today, started=started)
            level = round(3 * done / facts.planned) if facts.planned else 0
            column.append(HeatCell(day, status, done, facts.planned, level))
            if day >= year_start:
                month = totals.setdefault(day.replace(day=1), [0, 0])
                if status is DayStatus.COMPLETE:
                    sessions += 1
                    month[0] += 1
                month[1] += rules.is_counted(status, day, today=today)
        columns.append(column)
    months = [MonthTotal(month, complete, counted) for month, (complete, counted) in sorted(totals.items())]
    best = max(reversed(months), key=lambda m: (m.complete_days, m.consistency), default=None)
    return YearSummary(
        columns=columns,
        month_labels=labels,
        months=months,
        sessions=sessions,
        best_month=best if best and best.complete_days else None,
    )


# --- What the SVG grid prints -------------------------------------------------------------


@dataclass(frozen=True)
class HeatSquare:
    x: int
    y: int
    css: str
    label: str
    href: str  # the square's month, which a tap on any of its days opens ("" before the runner's first month)
    month: str  # "November 2026"


HEAT_STEP = 10  # SVG units from one square to the next
HEAT_TOP = 12  # room for the month labels


def heat_squares(columns: list[list[HeatCell | None]], *, started: dt.date) -> list[HeatSquare]:
    """The year's squares placed on the SVG grid: a column a week, Monday on top. The
    months from the runner's first on link to their calendar."""
    first_month = started.replace(day=1)
    squares = []
    for index, column in enumerate(columns):
        for row, cell in enumerate(column):
            if cell is None:
                continue
            squares.append(
                HeatSquare(
                    x=index * HEAT_STEP,
                    y=HEAT_TOP + row * HEAT_STEP,
                    css=f"heat heat-{cell.level} heat-{cell.status}",
                    label=f"{long_date(cell)}: {day_words(cell)}",
                    href=reverse("tracking:calendar_month", args=[cell.day.year, cell.day.month])
                    if cell.day >= first_month
                    else "",
                    month=f"{cell.day:%B %Y}",
                )
            )
    return squares


def heat_labels(month_labels: list[tuple[int, dt.date]]) -> list[tuple[int, str, str]]:
    """(x, short month name, link to the month) where a month begins."""
    return [
        (index * HEAT_STEP, f"{month:%b}", reverse("tracking:calendar_month", args=[month.year, month.month]))
        for index, month in month_labels
    ]
