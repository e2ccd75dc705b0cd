"""HTML fragments that are the same for every runner, rendered once per process.

A calendar cell's HTML depends only on its day, its status, its mark and its link (a
`tracking.month.MonthCell`), never on whose calendar it is, so each distinct cell is
rendered once from `tracking/calendar_cell.html` and kept: a month of 42 cells then
costs a few dictionary lookups instead of about 300 template nodes. Nothing about a
runner is kept: the cell is the key, and the runner's own statuses choose the cells.
With DEBUG on, nothing is kept, so a template edit shows at once.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from tracking.month import MonthCell

OUTSIDE_CELL = mark_safe('<td class="day day-outside"></td>')  # a day of the week before or after the month


def _render_cell(cell: MonthCell) -> SafeString:
    return mark_safe(get_template("tracking/calendar_cell.html").render({"cell": cell}).strip())


_cached_cell = lru_cache(maxsize=4096)(_render_cell)  # about 1.5 MB when full


def calendar_cell(cell: MonthCell) -> SafeString:
    return _render_cell(cell) if settings.DEBUG else _cached_cell(cell)


def calendar_rows(weeks: list[list[MonthCell | None]]) -> list[SafeString]:
    """Each week of the month grid as the HTML of its table cells."""
    return [mark_safe("".join(calendar_cell(cell) if cell else OUTSIDE_CELL for cell in week)) for week in weeks]
