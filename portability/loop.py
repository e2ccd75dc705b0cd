"""Reading checkmarks exported by Loop Habit Tracker (Android).

Loop's CSV export is a zip with a `Checkmarks.csv` for all habits (a `Date` column, then
one column per habit, and a trailing comma on every line) and, in a folder per habit,
a `Checkmarks.csv` of `date,value` rows. Dates are `YYYY-MM-DD`, newest first.
A value is 2 when the runner checked the day (YES_MANUAL); 1 is a day Loop filled in
from the habit's frequency (YES_AUTO), 0 unchecked, -1 unknown, 3 skipped. Numeric
habits store the amount times 1000. Some versions write the names (YES_MANUAL, …)
instead of the numbers. A day counts as done when it was checked by hand, or when a
numeric habit recorded at least one unit.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass

from portability.sections import EARLIEST_DAY, ImportProblem

CHECKED_NAMES = {"YES_MANUAL"}
UNCHECKED_NAMES = {"YES_AUTO", "NO", "UNKNOWN", "SKIP", ""}
YES_MANUAL = 2
NUMERIC_UNIT = 1000


@dataclass(frozen=True)
class LoopHabit:
    name: str
    days: tuple[dt.date, ...]  # the done days, oldest first


def _done(value: str) -> bool:
    value = value.strip()
    if value.upper() in CHECKED_NAMES:
        return True
    if value.upper() in UNCHECKED_NAMES:
        return False
    try:
        number = int(float(value))
    except ValueError:
        raise ImportProblem(f"“{value[:20]}” is not a checkmark value Loop writes.") from None
    return number == YES_MANUAL or number >= NUMERIC_UNIT


def parse_loop_csv(text: str, *, today: dt.date) -> list[LoopHabit]:
    """Every habit column of a Loop checkmarks file, with its done days."""
    rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    if not rows:
        raise ImportProblem("The file has no rows.")
    header = [cell.strip() for cell in rows[0]]
    if header and header[0].lower() == "date":
        names, rows = header[1:], rows[1:]
    else:
        names = ["Value"]
    while names and names[-1] == "":  # Loop ends each line with a comma
        names.pop()
    if names and names[-1].lower() == "notes":
        names.pop()
    if not names:
        raise ImportProblem("The file has a date column but no habit column.")
    done: list[list[dt.date]] = [[] for _ in names]
    seen = set()
    for number, row in enumerate(rows, start=2 if header[0].lower() == "date" else 1):
        try:
            day = dt.date.fromisoformat(row[0].strip())
        except ValueError:
            raise ImportProblem(
                f"Line {number}: “{row[0][:20]}” is not a date like 2026-11-24. Is this Loop's Checkmarks.csv?"
            ) from None
        if day < EARLIEST_DAY:
            raise ImportProblem(f"Line {number}: {day} is before {EARLIEST_DAY.year}.")
        if day > today:
            raise ImportProblem(f"Line {number}: {day} is in the future.")
        if day in seen:
            raise ImportProblem(f"Line {number}: {day} appears twice.")
        seen.add(day)
        for column, value in enumerate(row[1 : 1 + len(names)]):
            try:
                if _done(value):
                    done[column].append(day)
            except ImportProblem as problem:
                raise ImportProblem(f"Line {number}: {problem}") from None
    return [
        LoopHabit(name=name or f"Habit {i}", days=tuple(sorted(days)))
        for i, (name, days) in enumerate(zip(names, done, strict=True), 1)
    ]
