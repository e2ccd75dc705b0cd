"""Reads of a runner's records, in a fixed number of queries whatever their history.

A page asks for one snapshot: the plan (cached), the runner's streak summary (one
query, advanced at most once a day with one UPDATE), the completions and the rest days
and pauses of the days that are not yet settled plus the days the page shows (one
query each).
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
from tracking.models import Completion, PlanBreak, StreakSummary

# A local date is at most one day either side of the UTC date (zones run from UTC−12 to
# UTC+14), so a day this far behind the UTC date can no longer be marked, undone, rested
# or paused by anyone, whatever zone they switch to: its part in the streaks is settled.
SETTLE_MARGIN_DAYS = 2


def settled_through(now: dt.datetime) -> dt.date:
    utc_today = now.astimezone(dt.UTC).date()
    return utc_today - dt.timedelta(days=settings.LATE_LOGGING_DAYS + SETTLE_MARGIN_DAYS)


def user_started_on(user: User) -> dt.date:
    """The runner's first day, in their own time zone."""
    return user.date_joined.astimezone(zone_for(user.timezone)).date()


def facts_for(
    user: User,
    plan: list[Exercise],
    completions: list[tuple[dt.date, int]],
    breaks: list[PlanBreak],
) -> tuple[streaks.Facts, dict[dt.date, frozenset[int]]]:
    """The pure facts of a runner's days from their rows, counting plan exercises only."""
    plan_ids = {exercise.pk for exercise in plan}
    by_day: dict[dt.date, set[int]] = defaultdict(set)
    for day, exercise_id in completions:
        if exercise_id in plan_ids:
            by_day[day].add(exercise_id)
    facts = streaks.Facts(
        planned=len(plan),
        done={day: len(ids) for day, ids in by_day.items()},
        rest=frozenset(b.starts_on for b in breaks if b.kind == PlanBreak.Kind.REST),
        pauses=tuple(streaks.Pause(b.starts_on, b.ends_on) for b in breaks if b.kind == PlanBreak.Kind.PAUSE),
        target=user.weekly_target,
        target_changes=user.weekly_target_history,
    )
    return facts, {day: frozenset(ids) for day, ids in by_day.items()}


def summary_state(summary: StreakSummary) -> streaks.StreakState:
    return streaks.StreakState(
        through=summary.through,
        run=summary.run,
        longest=summary.longest,
        score=summary.score,
        week_run=summary.week_run,
        week_longest=summary.week_longest,
        week_complete=summary.week_complete,
        week_paused=summary.week_paused,
    )


def state_fields(state: streaks.StreakState) -> dict:
    return {
        "through": state.through,
        "run": state.run,
        "longest": state.longest,
        "score": state.score,
        "week_run": state.week_run,
        "week_longest": state.week_longest,
        "week_complete": state.week_complete,
        "week_paused": state.week_paused,
    }


@dataclass(frozen=True)
class Snapshot:
    plan: list[Exercise]
    today: dt.date
    started: dt.date
    facts: streaks.Facts
    done_ids_by_day: dict[dt.date, frozenset[int]]
    breaks: list[PlanBreak]
    streaks: streaks.Streaks

    @property
    def planned(self) -> int:
        return len(self.plan)

    def done_ids(self, day: dt.date) -> frozenset[int]:
        return self.done_ids_by_day.get(day, frozenset())

    def status(self, day: dt.date) -> streaks.DayStatus:
        return streaks.status_on(day, self.facts, today=self.today, started=self.started)

    def current_pause(self) -> PlanBreak | None:
        """The pause the plan is in today, or else the next one planned."""
        pauses = sorted((b for b in self.breaks if b.kind == PlanBreak.Kind.PAUSE), key=lambda b: b.starts_on)
        for pause in pauses:
            if pause.ends_on is None or pause.ends_on >= self.today:
                return pause
        return None

    def rest_days_in_week(self, day: dt.date) -> int:
        monday = streaks.monday_of(day)
        return sum(monday <= rest <= monday + dt.timedelta(days=6) for rest in self.facts.rest)

    def rest_allowance(self, day: dt.date) -> int:
        """Rest days the weekly target allows in the week of `day`."""
        return streaks.DAYS_PER_WEEK - self.facts.target_for_week(streaks.monday_of(day))


def snapshot(*, user: User, today: dt.date, now: dt.datetime, days: tuple[dt.date, dt.date] | None = None) -> Snapshot:
    """The plan, the facts of the recent days and the streaks for `user` on `today`.

    `days` (first, last) adds a range the page displays, such as a calendar month.
    """
    plan = plan_exercises()
    summary, _ = StreakSummary.objects.get_or_create(user=user)
    started = user_started_on(user)

    # `user` sits inside each side of the ORs, so each side is an index range scan: with
    # it outside, SQLite read every row the runner ever logged.
    mine = Q(user=user)
    if summary.through is None:
        completions_wanted, breaks_wanted = mine, mine
    else:
        completions_wanted = mine & Q(completed_on__gt=summary.through)
        breaks_wanted = mine & (Q(ends_on__isnull=True) | Q(ends_on__gt=summary.through))
        if days:
            completions_wanted |= mine & Q(completed_on__range=days)
            breaks_wanted |= mine & Q(starts_on__lte=days[1], ends_on__gte=days[0])
    completions = list(Completion.objects.filter(completions_wanted).values_list("completed_on", "exercise_id"))
    breaks = list(PlanBreak.objects.filter(breaks_wanted))
    facts, done_ids = facts_for(user, plan, completions, breaks)

    state = summary_state(summary)
    limit = min(settled_through(now), today - dt.timedelta(days=1))
    start = min([started, *(day for day, _ in completions)]) if summary.through is None else None
    if summary.through is None or summary.through < limit:
        if start is None or start <= limit:
            state = streaks.fold(state, facts, limit, start=start)
            StreakSummary.objects.filter(pk=summary.pk).update(**state_fields(state))
    return Snapshot(
        plan=plan,
        today=today,
        started=started,
        facts=facts,
        done_ids_by_day=done_ids,
        breaks=breaks,
        streaks=streaks.streaks_from(state, facts, today, start=start),
    )
