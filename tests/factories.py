"""Small factories for the tests: the plan as seeded, runners' history, and what is stored.

History is written with one bulk insert, so ten years of daily marks take well under a
second; the tests then call the real services and selectors on it. Users come from the
`make_user`, `alice` and `bob` fixtures of tests/conftest.py.
"""

import datetime as dt
import importlib
import zoneinfo
from collections.abc import Iterable

from django.apps import apps

from routines.selectors import plan_changed, plan_exercises
from tests.dates import TODAY, at_local
from tracking.models import Completion, StreakSummary

# The plan in order, as the data migration seeds it (the test database holds just that).
SEED_MIGRATION = importlib.import_module("routines.migrations.0002_seed_exercises")
DOSE_MIGRATION = importlib.import_module("routines.migrations.0004_session_doses")
LEVELS_MIGRATION = importlib.import_module("routines.migrations.0006_seed_levels")
PLAN_SLUGS = [exercise["slug"] for exercise in sorted(SEED_MIGRATION.EXERCISES, key=lambda e: e["position"])]


def seed_plan() -> None:
    """Put back the three exercises the data migrations seed (idempotent). A transactional
    test ends by emptying every table, these too, so a transactional test that needs the
    plan seeds it first."""
    SEED_MIGRATION.seed(apps, schema_editor=None)
    DOSE_MIGRATION.forwards(apps, schema_editor=None)  # the session timing and the calf raise's wording
    LEVELS_MIGRATION.forwards(apps, schema_editor=None)  # the progression ladders
    # The kept plan holds the exercises' primary keys, which a re-seed changes.
    plan_changed()


def joined_on(user, day: dt.date) -> None:
    """Make `day` the runner's first day (sign-up at 08:00 in their zone)."""
    user.date_joined = at_local(day, 8, 0, user.timezone)
    user.save(update_fields=["date_joined"])


def add_history(user, days: Iterable[dt.date], exercises=None) -> int:
    """Store completions of `exercises` (default: the whole plan) on each of `days`,
    in one bulk insert, and make the earliest day the runner's first day. Returns the
    number of rows."""
    exercises = list(exercises if exercises is not None else plan_exercises())
    days = sorted(set(days))
    rows = [
        Completion(user=user, exercise=exercise, completed_on=day, completed_at=at_local(day, 7, 0, user.timezone))
        for day in days
        for exercise in exercises
    ]
    Completion.objects.bulk_create(rows, batch_size=2000)
    if days:
        joined_on(user, min(days[0], user.date_joined.astimezone(zoneinfo.ZoneInfo(user.timezone)).date()))
    return len(rows)


def days_back(count: int, *, until: dt.date = TODAY) -> list[dt.date]:
    """`count` consecutive days ending on `until`."""
    return [until - dt.timedelta(days=offset) for offset in range(count)]


def rows_of(user) -> list[tuple[dt.date, str]]:
    """The runner's stored marks as (day, exercise slug), sorted."""
    return sorted(Completion.objects.filter(user=user).values_list("completed_on", "exercise__slug"))


def db_state():
    """Everything a mark or an undo could change, to compare before and after."""
    return (
        list(Completion.objects.order_by("pk").values_list("user_id", "exercise_id", "completed_on", "completed_at")),
        list(StreakSummary.objects.order_by("pk").values_list("user_id", "through", "run", "longest")),
    )
