"""Extension points for the apps built on tracking, which tracking never imports.

An app registers its providers from its AppConfig.ready(); Today, the day page and the
guided player ask here. With nothing registered, the plan's own doses apply and Today
shows no extra sections.

- A dose provider takes the runner and the plan's exercises and returns them with the
  runner's own doses (copies, never saved; see routines.models.with_level).
- A Today panel provider takes the runner, their today and the day's plan items and
  returns sections for Today, each a place ("top": under the day's heading, or
  "after_plan": under the exercises), a template name and its context (which the
  template reads as `p`).

Each provider must run a fixed number of queries, whatever the runner's history.
"""

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from django.template.loader import get_template

from accounts.models import User
from ankleapp.cachedtags import keeping
from routines.models import Exercise


@dataclass(frozen=True)
class Panel:
    place: str  # "top" or "after_plan" (Today reads `panels.top`, `panels.after_plan`)
    template: Any  # a template's name (or, from panels_by_place, the loaded template)
    context: dict[str, Any]


class DayItem(Protocol):
    """A day's plan item (tracking.selectors.PlanItem: a frozen dataclass)."""

    @property
    def exercise(self) -> Exercise: ...

    @property
    def done(self) -> bool: ...


DoseProvider = Callable[[User, list[Exercise]], list[Exercise]]
PanelProvider = Callable[[User, dt.date, Sequence[Any]], list[Panel]]

_dose_providers: list[DoseProvider] = []
_panel_providers: list[PanelProvider] = []


def register_dose_provider(provider: DoseProvider) -> None:
    if provider not in _dose_providers:
        _dose_providers.append(provider)


def register_today_panel(provider: PanelProvider) -> None:
    if provider not in _panel_providers:
        _panel_providers.append(provider)


def dosed(user: User, exercises: list[Exercise]) -> list[Exercise]:
    """The exercises with the runner's doses (the same order and length)."""
    for provider in _dose_providers:
        exercises = provider(user, exercises)
    return exercises


def dosed_items[Item: DayItem](user: User, items: Sequence[Item]) -> list[Item]:
    """A day's plan items (frozen dataclasses with `exercise` and `done`) with the runner's doses."""
    if not _dose_providers:
        return list(items)
    exercises = dosed(user, [item.exercise for item in items])
    return [replace(item, exercise=exercise) for item, exercise in zip(items, exercises, strict=True)]  # type: ignore[type-var]


def today_panels(user: User, today: dt.date, items: Sequence[Any]) -> list[Panel]:
    return [panel for provider in _panel_providers for panel in provider(user, today, items)]


def panels_by_place(panels: Sequence[Panel]) -> dict[str, list[Panel]]:
    """The panels for each place, in order, each with its template already loaded (so
    `{% include panel.template %}` skips looking it up by name on every page)."""
    placed: dict[str, list[Panel]] = {"top": [], "after_plan": []}
    for panel in panels:
        placed.setdefault(panel.place, []).append(replace(panel, template=_template(panel.template)))
    return placed


def _load(name: str) -> Any:
    return get_template(name).template  # type: ignore[attr-defined]  # the engine's own Template, which {% include %} renders


_kept_templates = functools.lru_cache(maxsize=64)(_load)


def _template(name: str) -> Any:
    return _kept_templates(name) if keeping.on else _load(name)
