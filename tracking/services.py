"""Writes of a runner's records. Idempotent and race-free by database constraint.

The windows and limits each write checks live in tracking.rules; the runner's streak
summary is written here only (advance after a page's snapshot, rebuild after imports or
plan changes).
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone as django_timezone

from accounts.models import User
from accounts.weeks import target_for_week, week_of
from ankleapp import sql
from routines.models import Exercise
from routines.selectors import plan_exercises
from tracking import rules
from tracking.models import Completion, PlanBreak, StreakSummary
from tracking.rules import TrackingError
from tracking.selectors import Snapshot, facts_for, user_joined_on
from tracking.streaks import StreakState, fold

__all__ = [
    "TrackingError",
    "completion_mark",
    "completion_undo",
    "pause_end",
    "pause_start",
    "rest_day_cancel",
    "rest_day_plan",
    "streak_summary_advance",
    "streak_summary_rebuild",
]


def completion_mark(*, user: User, exercise: Exercise, on: dt.date, today: dt.date) -> None:
    """Mark `exercise` done on the runner's day `on`. Marking again changes nothing."""
    rules.check_loggable(on, today=today)
    # INSERT … ON CONFLICT DO NOTHING: twenty identical requests at once store one row.
    sql.insert_ignoring_conflicts(
        Completion,
        {"user_id": user.pk, "exercise_id": exercise.pk, "completed_on": on, "completed_at": django_timezone.now()},
    )


def completion_undo(*, user: User, exercise: Exercise, on: dt.date, today: dt.date) -> None:
    """Take back the mark of `exercise` on the runner's day `on`, if there is one."""
    rules.check_loggable(on, today=today)
    Completion.objects.filter(user=user, exercise=exercise, completed_on=on).delete()


# --- The streak summary ---------------------------------------------------------------


def streak_summary_advance(*, user: User, snapshot: Snapshot) -> None:
    """Keep the fold of the days that settled since the runner's summary was written, as
    `snapshot` computed it: one UPDATE (an INSERT for a runner without a summary yet), and
    nothing when no day settled. A page calls it after reading its snapshot, so later
    pages fold only the days after it."""
    state = snapshot.settled
    if state.through is None or state.through == snapshot.stored.through:
        return
    fields = StreakSummary.fields_of(state)
    if snapshot.has_summary:
        StreakSummary.objects.filter(user=user).update(**fields)
    else:
        # Two first pages at once fold the same settled days: the second insert is moot.
        StreakSummary.objects.bulk_create([StreakSummary(user=user, **fields)], ignore_conflicts=True)


def streak_summary_rebuild(*, user: User, now: dt.datetime | None = None) -> StreakSummary:
    """Fold the runner's whole settled history afresh (after imports or plan changes)."""
    limit = rules.settled_through(now or django_timezone.now())
    completions = list(
        Completion.objects.filter(user=user, completed_on__lte=limit).values_list("completed_on", "exercise_id")
    )
    breaks = list(PlanBreak.objects.filter(user=user, starts_on__lte=limit))
    facts, _ = facts_for(user, plan_exercises(), completions, breaks)
    start = rules.first_day(user_joined_on(user), facts.done)
    state = StreakState()
    if start <= limit:
        state = fold(state, facts, limit, start=start)
    summary, _ = StreakSummary.objects.update_or_create(user=user, defaults=StreakSummary.fields_of(state))
    return summary


# --- Rest days ----------------------------------------------------------------------


def rest_day_plan(*, user: User, on: dt.date, today: dt.date) -> None:
    """Plan `on` (today or a day ahead) as a rest day, within what the weekly target allows."""
    rules.check_rest_plannable(on, today=today)
    monday, sunday = week_of(on)
    target = target_for_week(user.weekly_target_history, monday, current=user.weekly_target)
    allowance = rules.rest_allowance(target)
    if allowance <= 0:
        raise TrackingError(
            "Your plan is every day, so there are no rest days to plan. Choose fewer days a week in "
            "Settings, or pause the plan if you are injured."
        )
    with transaction.atomic():
        # Lock the runner's row so two requests can't both take the week's last rest day.
        User.objects.select_for_update().filter(pk=user.pk).first()
        week = PlanBreak.objects.filter(user=user, kind=PlanBreak.Kind.REST, starts_on__range=(monday, sunday))
        taken = set(week.values_list("starts_on", flat=True))
        if on in taken:
            return
        if len(taken) >= allowance:
            raise TrackingError(
                f"That week already has {len(taken)} rest day{'s' if len(taken) != 1 else ''}, "
                f"all your target of {target} days a week allows."
            )
        PlanBreak.objects.bulk_create(
            [PlanBreak(user=user, kind=PlanBreak.Kind.REST, starts_on=on, ends_on=on)], ignore_conflicts=True
        )


def rest_day_cancel(*, user: User, on: dt.date, today: dt.date) -> None:
    rules.check_rest_cancellable(on, today=today)
    PlanBreak.objects.filter(user=user, kind=PlanBreak.Kind.REST, starts_on=on).delete()


# --- Pauses ---------------------------------------------------------------------------


def pause_start(*, user: User, starts_on: dt.date, ends_on: dt.date | None, today: dt.date) -> PlanBreak:
    """Pause the plan from `starts_on` (up to a week back, or ahead) until `ends_on` or resumed."""
    rules.check_pause(starts_on, ends_on, today=today)
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
            pause.ends_on = today - rules.ONE_DAY
            pause.save(update_fields=["ends_on"])
    return bool(pauses)
