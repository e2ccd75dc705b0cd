"""Reads of a runner's records, in a fixed number of queries whatever their history.

A page asks for one snapshot: the plan (cached), the runner's streak summary (one
query, advanced at most once a day with one UPDATE) and the completions of the days
that are not yet settled plus the days the page shows (one query).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from accounts.models import User
from accounts.timezones import zone_for
from routines.models import Exercise
from routines.selectors import plan_exercises
from tracking import streaks
from tracking.models import Completion, StreakSummary

# A local date is at most one day either side of the UTC date (zones run from UTC−12 to
# UTC+14), so a day this far behind the UTC date can no longer be marked or undone by
# anyone, whatever zone they switch to: its part in the streaks is settled.
SETTLE_MARGIN_DAYS = 2


def settled_through(now: dt.datetime) -> dt.date:
    utc_today = now.astimezone(dt.UTC).date()
    return utc_today - dt.timedelta(days=settings.LATE_LOGGING_DAYS + SETTLE_MARGIN_DAYS)


def user_started_on(user: User) -> dt.date:
    """The runner's first day, in their own time zone."""
    return user.date_joined.astimezone(zone_for(user.timezone)).date()


@dataclass(frozen=True)
class Snapshot:
    plan: list[Exercise]
    today: dt.date
    done_ids_by_day: dict[dt.date, frozenset[int]]
    streaks: streaks.Streaks

    @property
    def planned(self) -> int:
        return len(self.plan)

    def done_ids(self, day: dt.date) -> frozenset[int]:
        return self.done_ids_by_day.get(day, frozenset())

    def done_by_day(self) -> dict[dt.date, int]:
        return {day: len(ids) for day, ids in self.done_ids_by_day.items()}

    def status(self, day: dt.date) -> streaks.DayStatus:
        return streaks.day_status(len(self.done_ids(day)), self.planned)


def _state(summary: StreakSummary) -> streaks.StreakState:
    return streaks.StreakState(through=summary.through, run=summary.run, longest=summary.longest)


def snapshot(
    *, user: User, today: dt.date, now: dt.datetime, days: tuple[dt.date, dt.date] | None = None
) -> Snapshot:
    """The plan, the done exercises per day and the streaks for `user` on `today`.

    `days` (first, last) adds the completions of a range the page displays, such as
    a calendar month.
    """
    plan = plan_exercises()
    plan_ids = {exercise.pk for exercise in plan}
    summary, _ = StreakSummary.objects.get_or_create(user=user)

    recent = Q(completed_on__gt=summary.through) if summary.through else Q()
    wanted = recent | Q(completed_on__range=days) if days and summary.through else recent
    rows = Completion.objects.filter(wanted, user=user).values_list("completed_on", "exercise_id")
    by_day: dict[dt.date, set[int]] = defaultdict(set)
    for day, exercise_id in rows:
        if exercise_id in plan_ids:
            by_day[day].add(exercise_id)

    complete = {day for day, ids in by_day.items() if len(ids) >= len(plan) > 0}
    state = _state(summary)
    limit = settled_through(now)
    if summary.through is None or summary.through < limit:
        state = streaks.fold(state, complete, min(limit, today))
        StreakSummary.objects.filter(pk=summary.pk).update(
            through=state.through, run=state.run, longest=state.longest
        )
    return Snapshot(
        plan=plan,
        today=today,
        done_ids_by_day={day: frozenset(ids) for day, ids in by_day.items()},
        streaks=streaks.streaks_from(state, complete, today),
    )
