"""Today's week strip: the last seven days and today, each with its mark, its words and
its late-logging page, and the coming week's planned rest days. Built from the page's
snapshot, so it costs no query of its own."""

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from accounts.weeks import DAYS_PER_WEEK
from tracking.month import MARKS, calendar_day, day_words, long_date
from tracking.rules import DayStatus
from tracking.selectors import Snapshot

STRIP_DAYS = 8  # the last seven days and today
NOT_STARTED_MARK = "–"


@dataclass(frozen=True)
class StripDay:
    iso: str
    weekday: str  # "Mon"
    css: str
    mark: str
    label: str
    href: str | None  # the day's late-logging page; None for today


def week_strip(snap: Snapshot, *, today: dt.date) -> list[StripDay]:
    """The strip's days, oldest first."""
    days = []
    for back in range(STRIP_DAYS - 1, -1, -1):
        cell = calendar_day(today - dt.timedelta(days=back), snap.facts, today=today, started=snap.started)
        href = reverse("tracking:day", args=[cell.day]) if back and cell.loggable else None
        label = f"{cell.day:%A} {long_date(cell)}: {day_words(cell)}" + (". Mark or undo" if href else "")
        if cell.status is DayStatus.PARTIAL:
            mark = f"{cell.done}/{cell.planned}"
        else:
            mark = MARKS.get(cell.status, NOT_STARTED_MARK)
        css = f"day-{cell.status}" + ("" if back else " is-today")
        days.append(StripDay(cell.day.isoformat(), f"{cell.day:%a}", css, mark, label, href))
    return days


def rest_ahead(snap: Snapshot, *, today: dt.date) -> list[dt.date]:
    """The planned rest days of the coming week, when the weekly target leaves room for any."""
    if not snap.rest_enabled:
        return []
    last = today + dt.timedelta(days=DAYS_PER_WEEK)
    return sorted(day for day in snap.facts.rest if today < day <= last)


def week_context(snap: Snapshot, *, today: dt.date) -> dict:
    return {"week_strip": week_strip(snap, today=today), "rest_ahead": rest_ahead(snap, today=today)}
