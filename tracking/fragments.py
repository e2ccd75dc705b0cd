"""HTML fragments that are the same for every runner, rendered once per process.

An exercise card on Today depends on the exercise, the dose of the runner's level, whether
it is done, the day and the page it sends back to, and on the form's CSRF token, which
is masked anew for every response: the card is rendered once with a placeholder for the
token, kept in pieces, and joined around the request's token. The plan's generation is
part of the key, so a staff edit (which reloads the plan) renders the cards afresh.

A calendar cell's HTML depends only on its day, its status, its mark and its link (a
`tracking.month.MonthCell`), never on whose calendar it is, so each distinct cell is
rendered once from `tracking/calendar_cell.html` and kept: a month of 42 cells then
costs a few dictionary lookups instead of about 300 template nodes. Nothing about a
runner is kept: the cell is the key, and the runner's own statuses choose the cells.
With DEBUG on, nothing is kept, so a template edit shows at once.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import TYPE_CHECKING

from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe

from ankleapp.cachedtags import CSRF_PLACEHOLDER, keeping  # the CSRF token's stand-in in a kept card
from routines.models import DOSE_FIELDS, Exercise
from routines.selectors import current_plan
from tracking.month import MonthCell
from tracking.selectors import PlanItem

if TYPE_CHECKING:
    from tracking.week import StripDay

OUTSIDE_CELL = mark_safe('<td class="day day-outside"></td>')  # a day of the week before or after the month


def _render_cell(cell: MonthCell) -> SafeString:
    return mark_safe(get_template("tracking/calendar_cell.html").render({"cell": cell}).strip())


_cached_cell = lru_cache(maxsize=4096)(_render_cell)  # about 1.5 MB when full


def calendar_cell(cell: MonthCell) -> SafeString:
    return _cached_cell(cell) if keeping.on else _render_cell(cell)


def _render_week_day(day: StripDay) -> SafeString:
    return mark_safe(get_template("tracking/week_day.html").render({"cell": day}).strip())


_cached_week_day = lru_cache(maxsize=1024)(_render_week_day)


def week_days(strip: list[StripDay]) -> SafeString:
    """The days of Today's week strip as their list items, each the same for every runner
    with that day's status, mark and link."""
    render = _cached_week_day if keeping.on else _render_week_day
    return mark_safe("\n      ".join(render(day) for day in strip))


def calendar_rows(weeks: list[list[MonthCell | None]]) -> list[SafeString]:
    """Each week of the month grid as the HTML of its table cells."""
    return [mark_safe("".join(calendar_cell(cell) if cell else OUTSIDE_CELL for cell in week)) for week in weeks]


def _runner_dose(exercise: Exercise) -> tuple:
    """What of a card can differ from one runner to the next: the dose of their level and the
    level itself (tracking.hooks gives Today copies of the plan's exercises that carry them).

    An exercise hashes by its primary key, so without this two runners on different levels
    would share one kept card, each seeing the other's dose."""
    dose = tuple(getattr(exercise, name) for name in DOSE_FIELDS)
    level = getattr(exercise, "level", None)
    if level is None:
        return dose
    return (*dose, tuple(getattr(level, field.attname) for field in level._meta.concrete_fields))


def _render_card(
    generation: int, item: PlanItem, runner_dose: tuple, day: dt.date, day_url: str, player: bool
) -> tuple[str, ...]:
    context = {"item": item, "day": day, "day_url": day_url, "player": player, "csrf_token": CSRF_PLACEHOLDER}
    return tuple(render_to_string("includes/exercise_card.html", context).split(CSRF_PLACEHOLDER))


_cached_card = lru_cache(maxsize=256)(_render_card)


def exercise_cards(items: list[PlanItem], *, day: dt.date, day_url: str, csrf_token: str, player: bool) -> SafeString:
    """The cards of `items` as `{% include "includes/exercise_card.html" %}` renders them
    one after the other, with this request's CSRF token in their forms."""
    generation, _ = current_plan()
    render = _cached_card if keeping.on else _render_card
    pieces = (render(generation, item, _runner_dose(item.exercise), day, day_url, player) for item in items)
    return mark_safe("".join(csrf_token.join(card) for card in pieces))
