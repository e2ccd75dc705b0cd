"""The runner's data as a stream: the JSON document and the day-by-day CSV.

Both are generators over `.iterator()` queries (the CSV a quarter at a time), so a
runner's ten years of history never sit in memory at once.
"""

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator

from accounts.models import User
from portability.sections import FORMAT, SECTIONS, VERSION
from routines.selectors import plan_exercises
from tracking.selectors import snapshot
from tracking.services import streak_summary_advance

CSV_CHUNK_DAYS = 92
FORMULA_STARTS = ("=", "+", "-", "@")


def export_json(user: User, *, now: dt.datetime) -> Iterator[str]:
    yield json.dumps({"format": FORMAT, "version": VERSION, "exported_at": now.isoformat()})[:-1]
    for name, section in SECTIONS.items():
        yield f", {json.dumps(name)}: "
        if not section.streamed:
            yield json.dumps(section.export(user))
            continue
        separator = "["
        for item in section.export(user):
            yield separator + "\n  " + json.dumps(item)
            separator = ","
        yield "[]" if separator == "[" else "\n]"
    yield "}\n"


def safe_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: a leading =, +, - or @ would start a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([safe_cell(cell) for cell in cells])
    return buffer.getvalue()


def export_csv(user: User, *, today: dt.date, now: dt.datetime) -> Iterator[str]:
    """One row per day from the runner's first day (or first record) to today:
    the date, each plan exercise done (yes/no), and the day's status as the calendar shows it."""
    plan = plan_exercises()
    yield _csv_line(["date", *(exercise.slug for exercise in plan), "status"])
    first_logged = user.completions.order_by("completed_on").values_list("completed_on", flat=True).first()
    started = user.date_joined.date() if first_logged is None else min(user.date_joined.date(), first_logged)
    first = started - dt.timedelta(days=1)  # date_joined is UTC; the local first day may be the day before
    # Bring the runner's streak summary up to date once, as a page does, so each range
    # below reads only its own days and the few not yet settled.
    streak_summary_advance(user=user, snapshot=snapshot(user=user, today=today, now=now))
    while first <= today:
        last = min(first + dt.timedelta(days=CSV_CHUNK_DAYS - 1), today)
        # The tracking rules decide each day's status; a snapshot reads one range at a time.
        view = snapshot(user=user, today=today, now=now, days=(first, last))
        day = first
        while day <= last:
            status = view.status(day)
            if status != "not-started":
                done = view.done_ids(day)
                yield _csv_line([day.isoformat(), *("yes" if e.pk in done else "no" for e in plan), str(status)])
            day += dt.timedelta(days=1)
        first = last + dt.timedelta(days=1)
