"""What the calendar and year pages print for each day, prepared in Python.

A template include per cell cost more than the rest of the calendar page together, so
the words, marks and links of a day are worked out here and the templates only print
them.
"""

from dataclasses import dataclass

from django.urls import reverse

from tracking.streaks import CalendarDay, DayStatus, HeatCell

MARKS = {
    DayStatus.COMPLETE: "✓",
    DayStatus.MISSED: "✕",
    DayStatus.REST: "☾",
    DayStatus.PAUSED: "‖",
    DayStatus.FUTURE: "·",
    DayStatus.TODO: "·",
}


def day_words(cell: CalendarDay | HeatCell) -> str:
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


def long_date(cell: CalendarDay | HeatCell) -> str:
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


def month_cells(weeks: list[list[CalendarDay | None]], *, today, rest_enabled: bool) -> list[list[MonthCell | None]]:
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
                href = reverse("tracking:day", args=[cell.day.isoformat()])
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


@dataclass(frozen=True)
class HeatSquare:
    x: int
    y: int
    css: str
    label: str
    href: str


HEAT_STEP = 10  # SVG units from one square to the next
HEAT_TOP = 12  # room for the month labels


def heat_squares(columns: list[list[HeatCell | None]]) -> list[HeatSquare]:
    """The year's squares placed on the SVG grid: a column a week, Monday on top."""
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
                    href=reverse("tracking:calendar_month", args=[cell.day.year, cell.day.month]),
                )
            )
    return squares


def heat_labels(month_labels) -> list[tuple[int, str, str]]:
    """(x, short month name, link to the month) where a month begins."""
    return [
        (index * HEAT_STEP, f"{month:%b}", reverse("tracking:calendar_month", args=[month.year, month.month]))
        for index, month in month_labels
    ]
