"""Extension points for the apps built on tracking, which tracking never imports.

An app registers its providers from its AppConfig.ready(); Today, the day page and the
guided player ask here. With nothing registered, the plan's own doses apply and Today
shows no extra sections.

- A dose provider takes the runner and the plan's exercises and returns them with the
  runner's own doses (copies, never saved; see routines.models.with_level).
- A Today panel provider takes the runner, their today and the day's plan items and
  returns a section for Today (a template name and its context) or None.

Each provider must run a fixed number of queries, whatever the runner's history.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from accounts.models import User
from routines.models import Exercise


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any]


DoseProvider = Callable[[User, list[Exercise]], list[Exercise]]
PanelProvider = Callable[[User, dt.date, Sequence[Any]], Panel | None]

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


def today_panels(user: User, today: dt.date, items: Sequence[Any]) -> list[Panel]:
    return [panel for provider in _panel_providers if (panel := provider(user, today, items)) is not None]
