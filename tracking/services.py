"""Writes of a runner's records. Idempotent and race-free by database constraint."""

import datetime as dt
import re

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone as django_timezone

from accounts.models import User
from routines.models import Exercise
from routines.selectors import plan_exercises
from tracking import streaks
from tracking.models import Completion, PlanBreak, StreakSummary
from tracking.selectors import facts_for, settled_through, state_fields, user_started_on

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
    completions = list(
        Completion.objects.filter(user=user, completed_on__lte=limit).values_list("completed_on", "exercise_id")
    )
    breaks = list(PlanBreak.objects.filter(user=user, starts_on__lte=limit))
    facts, _ = facts_for(user, plan_exercises(), completions, breaks)
    start = min([user_started_on(user), *(day for day, _ in completions)])
    state = streaks.StreakState()
    if start <= limit:
        state = streaks.fold(state, facts, limit, start=start)
    summary, _ = StreakSummary.objects.update_or_create(user=user, defaults=state_fields(state))
    return summary


# --- Rest days ----------------------------------------------------------------------


def rest_day_plan(*, user: User, on: dt.date, today: dt.date) -> None:
    """Plan `on` (today or a day ahead) as a rest day, within what the weekly target allows."""
    if on < today:
        raise TrackingError("Rest days are planned ahead or on the day, not afterwards.")
    if on > today + dt.timedelta(days=streaks.REST_PLANNING_DAYS):
        raise TrackingError(f"Rest days can be planned up to {streaks.REST_PLANNING_DAYS} days ahead.")
    monday = streaks.monday_of(on)
    allowance = streaks.DAYS_PER_WEEK - streaks.target_for_week(
        user.weekly_target_history, monday, current=user.weekly_target
    )
    if allowance <= 0:
        raise TrackingError(
            "Your plan is every day, so there are no rest days to plan. Choose fewer days a week in "
            "Settings, or pause the plan if you are injured."
        )
    with transaction.atomic():
        # Lock the runner's row so two requests can't both take the week's last rest day.
        User.objects.select_for_update().filter(pk=user.pk).first()
        week = PlanBreak.objects.filter(
            user=user, kind=PlanBreak.Kind.REST, starts_on__range=(monday, monday + dt.timedelta(days=6))
        )
        taken = set(week.values_list("starts_on", flat=True))
        if on in taken:
            return
        if len(taken) >= allowance:
            raise TrackingError(
                f"That week already has {len(taken)} rest day{'s' if len(taken) != 1 else ''}, "
                f"all your target of {7 - allowance} days a week allows."
            )
        PlanBreak.objects.bulk_create(
            [PlanBreak(user=user, kind=PlanBreak.Kind.REST, starts_on=on, ends_on=on)], ignore_conflicts=True
        )


def rest_day_cancel(*, user: User, on: dt.date, today: dt.date) -> None:
    if on < today:
        raise TrackingError("A rest day that has passed stays as it was.")
    PlanBreak.objects.filter(user=user, kind=PlanBreak.Kind.REST, starts_on=on).delete()


# --- Pauses ---------------------------------------------------------------------------


MAX_PAUSE_AHEAD_DAYS = 365


def pause_start(*, user: User, starts_on: dt.date, ends_on: dt.date | None, today: dt.date) -> PlanBreak:
    """Pause the plan from `starts_on` (up to a week back, or ahead) until `ends_on` or resumed."""
    earliest = today - dt.timedelta(days=settings.LATE_LOGGING_DAYS)
    if starts_on < earliest:
        raise TrackingError(f"A pause can start at the earliest {settings.LATE_LOGGING_DAYS} days back.")
    if starts_on > today + dt.timedelta(days=MAX_PAUSE_AHEAD_DAYS):
        raise TrackingError("A pause can be planned up to a year ahead.")
    if ends_on is not None and ends_on < starts_on:
        raise TrackingError("The pause must end on or after the day it starts.")
    overlapping = PlanBreak.objects.filter(user=user, kind=PlanBreak.Kind.PAUSE).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    )
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        if overlapping.exists():
            raise TrackingError("Your plan is already paused then. Resume it or change that pause first.")
        try:
            with transaction.atomic():
                return PlanBreak.objects.create(
                    user=user, kind=PlanBreak.Kind.PAUSE, starts_on=starts_on, ends_on=ends_on
                )
        except IntegrityError:
            raise TrackingError("Your plan is already paused.") from None


def pause_end(*, user: User, today: dt.date) -> bool:
    """Resume the plan today: a current pause ends yesterday, a scheduled one is cancelled.
    Says whether there was anything to resume."""
    pauses = PlanBreak.objects.filter(user=user, kind=PlanBreak.Kind.PAUSE).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    for pause in pauses:
        if pause.starts_on >= today:
            pause.delete()
        else:
            pause.ends_on = today - dt.timedelta(days=1)
            pause.save(update_fields=["ends_on"])
    return bool(pauses)
