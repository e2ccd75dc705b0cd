"""Writes of a runner's records. Idempotent and race-free by database constraint."""

import datetime as dt
import re

from django.conf import settings
from django.utils import timezone as django_timezone

from accounts.models import User
from routines.models import Exercise
from routines.selectors import plan_exercises
from tracking import streaks
from tracking.models import Completion, StreakSummary
from tracking.selectors import settled_through

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class TrackingError(ValueError):
    """A request the runner can correct; the message is shown to them as it is."""


def parse_day(value: str | None, *, today: dt.date) -> dt.date:
    """A day from a form value (YYYY-MM-DD); empty means today."""
    if value is None or value == "":
        return today
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise TrackingError("The date must look like 2026-11-24 (year-month-day).")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise TrackingError(f"{value} is not a real date.") from None


def plan_exercise(slug: str | None) -> Exercise:
    for exercise in plan_exercises():
        if exercise.slug == slug:
            return exercise
    raise TrackingError("That exercise is not part of the daily plan.")


def check_loggable(day: dt.date, *, today: dt.date) -> None:
    if day > today:
        raise TrackingError("You can't mark a day that hasn't happened yet.")
    earliest = today - dt.timedelta(days=settings.LATE_LOGGING_DAYS)
    if day < earliest:
        raise TrackingError(
            f"Days can be marked or undone up to {settings.LATE_LOGGING_DAYS} days back "
            f"(from {earliest:%-d %B %Y}); that day is closed."
        )


def completion_mark(*, user: User, exercise: Exercise, on: dt.date, today: dt.date) -> None:
    """Mark `exercise` done on the runner's day `on`. Marking again changes nothing."""
    check_loggable(on, today=today)
    # INSERT … ON CONFLICT DO NOTHING: twenty identical requests at once store one row.
    Completion.objects.bulk_create(
        [Completion(user=user, exercise=exercise, completed_on=on, completed_at=django_timezone.now())],
        ignore_conflicts=True,
    )


def completion_undo(*, user: User, exercise: Exercise, on: dt.date, today: dt.date) -> None:
    """Take back the mark of `exercise` on the runner's day `on`, if there is one."""
    check_loggable(on, today=today)
    Completion.objects.filter(user=user, exercise=exercise, completed_on=on).delete()


def streak_summary_rebuild(*, user: User, now: dt.datetime | None = None) -> StreakSummary:
    """Fold the runner's whole settled history afresh (after imports or plan changes)."""
    limit = settled_through(now or django_timezone.now())
    plan_ids = {exercise.pk for exercise in plan_exercises()}
    done: dict[dt.date, set[int]] = {}
    rows = Completion.objects.filter(user=user, completed_on__lte=limit).values_list("completed_on", "exercise_id")
    for day, exercise_id in rows:
        if exercise_id in plan_ids:
            done.setdefault(day, set()).add(exercise_id)
    complete = {day for day, ids in done.items() if len(ids) >= len(plan_ids) > 0}
    state = streaks.fold(streaks.StreakState(), complete, limit)
    summary, _ = StreakSummary.objects.update_or_create(
        user=user, defaults={"through": state.through, "run": state.run, "longest": state.longest}
    )
    return summary
