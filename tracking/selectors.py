"""Reads of a runner's records, in a fixed number of queries whatever their history.

A page asks for one snapshot: the plan (cached), the runner's streak summary (one
query), and the completions and the rest days and pauses of the days that are not yet
settled plus the days the page shows (one query each). Nothing here writes: the fold of
newly settled days is returned with the snapshot, and a view that wants it kept calls
`tracking.services.streak_summary_advance`.

Those three reads run on every page, so they are plain SQL, written below once, run
through `ankleapp.sql` (the ORM's own column converters, the same on SQLite and
PostgreSQL) into tuples and small frozen records rather than model objects: through the
ORM they cost about a third of Today's CPU, for about 50 µs of database work.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from accounts.models import User
from accounts.timezones import zone_for
from accounts.weeks import monday_of, week_of
from ankleapp import sql
from routines.models import Exercise
from routines.selectors import plan_exercises
from tracking import rules
from tracking.models import Completion, PlanBreak, StreakSummary
from tracking.rules import DayStatus
from tracking.streaks import Facts, Pause, Streaks, StreakState, fold, streaks_from


def user_joined_on(user: User) -> dt.date:
    """The day the runner signed up, in their own time zone (see rules.first_day for the
    first day of their plan, which a late log can bring earlier)."""
    return user.date_joined.astimezone(zone_for(user.timezone)).date()


def plan_exercise(slug: str | None) -> Exercise:
    """The plan's exercise with this slug."""
    for exercise in plan_exercises():
        if exercise.slug == slug:
            return exercise
    raise rules.TrackingError("That exercise is not part of the daily plan.")


@dataclass(frozen=True)
class Break:
    """A rest day or a pause, as a page reads it (a `PlanBreak` row's facts)."""

    kind: str  # PlanBreak.Kind
    starts_on: dt.date
    ends_on: dt.date | None


def facts_for(
    user: User,
    plan: list[Exercise],
    completions: list[tuple[dt.date, int]],
    breaks: Sequence[Break | PlanBreak],
) -> tuple[Facts, dict[dt.date, frozenset[int]]]:
    """The pure facts of a runner's days from their rows, counting plan exercises only."""
    plan_ids = {exercise.pk for exercise in plan}
    by_day: dict[dt.date, set[int]] = defaultdict(set)
    for day, exercise_id in completions:
        if exercise_id in plan_ids:
            by_day[day].add(exercise_id)
    facts = Facts(
        planned=len(plan),
        done={day: len(ids) for day, ids in by_day.items()},
        rest=frozenset(b.starts_on for b in breaks if b.kind == PlanBreak.Kind.REST),
        pauses=tuple(Pause(b.starts_on, b.ends_on) for b in breaks if b.kind == PlanBreak.Kind.PAUSE),
        target=user.weekly_target,
        target_changes=user.weekly_target_history,
    )
    return facts, {day: frozenset(ids) for day, ids in by_day.items()}


@dataclass(frozen=True)
class PlanItem:
    exercise: Exercise
    done: bool


@dataclass(frozen=True)
class DayView:
    """What the Today and day pages show about one day (their template context)."""

    items: list[PlanItem]
    done: int
    planned: int
    status: DayStatus
    complete: bool
    is_rest: bool
    is_paused: bool
    pause: Break | None  # the current pause, or else the next one planned
    pause_is_current: bool
    rest_allowance: int  # rest days the weekly target allows in the day's week
    rest_taken: int  # rest days planned in that week
    can_rest: bool  # a rest day can be planned on this day
    loggable: bool  # the day can be marked or undone
    streaks: Streaks

    def context(self) -> dict[str, Any]:
        return {field.name: getattr(self, field.name) for field in fields(self)}


@dataclass(frozen=True)
class Snapshot:
    plan: list[Exercise]
    today: dt.date
    started: dt.date
    facts: Facts
    done_ids_by_day: dict[dt.date, frozenset[int]]
    breaks: list[Break]
    streaks: Streaks
    has_summary: bool  # the runner has a StreakSummary row
    stored: StreakState  # the fold that row holds (empty without one)
    settled: StreakState  # the fold through the last settled day, as computed now

    @property
    def planned(self) -> int:
        return len(self.plan)

    def done_ids(self, day: dt.date) -> frozenset[int]:
        return self.done_ids_by_day.get(day, frozenset())

    def status(self, day: dt.date) -> DayStatus:
        return self.facts.status(day, today=self.today, started=self.started)

    def current_pause(self) -> Break | None:
        """The pause the plan is in today, or else the next one planned."""
        pauses = sorted((b for b in self.breaks if b.kind == PlanBreak.Kind.PAUSE), key=lambda b: b.starts_on)
        for pause in pauses:
            if pause.ends_on is None or pause.ends_on >= self.today:
                return pause
        return None

    def rest_days_in_week(self, day: dt.date) -> int:
        monday, sunday = week_of(day)
        return sum(monday <= rest <= sunday for rest in self.facts.rest)

    def rest_allowance(self, day: dt.date) -> int:
        """Rest days the weekly target allows in the week of `day`."""
        return rules.rest_allowance(self.facts.target_for_week(monday_of(day)))

    @property
    def rest_enabled(self) -> bool:
        """The runner's target leaves days for rest."""
        return rules.rest_allowance(self.facts.target) > 0

    def day(self, day: dt.date) -> DayView:
        done_ids = self.done_ids(day)
        items = [PlanItem(exercise, exercise.pk in done_ids) for exercise in self.plan]
        status = self.status(day)
        pause = self.current_pause()
        allowance = self.rest_allowance(day)
        taken = self.rest_days_in_week(day)
        return DayView(
            items=items,
            done=sum(item.done for item in items),
            planned=self.planned,
            status=status,
            complete=status is DayStatus.COMPLETE,
            is_rest=day in self.facts.rest,
            is_paused=self.facts.paused(day),
            pause=pause,
            pause_is_current=pause is not None and pause.starts_on <= self.today,
            rest_allowance=allowance,
            rest_taken=taken,
            can_rest=allowance > taken and day >= self.today and day not in self.facts.rest,
            loggable=rules.is_loggable(day, today=self.today),
            streaks=self.streaks,
        )


# The snapshot's reads. The fields of the StreakState are the summary's columns.
SUMMARY_COLUMNS = ["through", "run", "longest", "score", "week_run", "week_longest", "week_complete", "week_paused"]
SUMMARY_SQL = "SELECT {columns} FROM {table} WHERE user_id = %s"

# A runner's completions and breaks: all of them before a first fold; else those after
# the settled days (`through`), the completions of the days a late log before the
# sign-up day can fall on, and those of the days the page shows. `user_id` sits inside
# each side of the ORs, so each side is an index range scan: with it outside, SQLite
# read every row the runner ever logged.
COMPLETION_COLUMNS = ["completed_on", "exercise_id"]
COMPLETIONS_ALL_SQL = "SELECT {columns} FROM {table} WHERE user_id = %s"
COMPLETIONS_UNSETTLED_SQL = (
    "SELECT {columns} FROM {table}"
    " WHERE (user_id = %s AND completed_on > %s) OR (user_id = %s AND completed_on BETWEEN %s AND %s)"
)
COMPLETIONS_UNSETTLED_OR_SHOWN_SQL = (
    "SELECT {columns} FROM {table}"
    " WHERE (user_id = %s AND completed_on > %s) OR (user_id = %s AND completed_on BETWEEN %s AND %s)"
    " OR (user_id = %s AND completed_on BETWEEN %s AND %s)"
)
BREAK_COLUMNS = ["kind", "starts_on", "ends_on"]
BREAKS_ALL_SQL = "SELECT {columns} FROM {table} WHERE user_id = %s"
BREAKS_UNSETTLED_SQL = "SELECT {columns} FROM {table} WHERE user_id = %s AND (ends_on IS NULL OR ends_on > %s)"
BREAKS_UNSETTLED_OR_SHOWN_SQL = (
    "SELECT {columns} FROM {table}"
    " WHERE (user_id = %s AND (ends_on IS NULL OR ends_on > %s))"
    " OR (user_id = %s AND starts_on <= %s AND ends_on >= %s)"
)


def snapshot(*, user: User, today: dt.date, now: dt.datetime, days: tuple[dt.date, dt.date] | None = None) -> Snapshot:
    """The plan, the facts of the recent days and the streaks for `user` on `today`.

    `days` (first, last) adds a range the page displays, such as a calendar month.
    """
    plan = plan_exercises()
    summary = sql.fetch_one(StreakSummary, SUMMARY_SQL, SUMMARY_COLUMNS, [user.pk])
    stored = StreakState(**dict(zip(SUMMARY_COLUMNS, summary, strict=True))) if summary is not None else StreakState()
    joined = user_joined_on(user)

    if stored.through is None:
        completion_rows = sql.fetch(Completion, COMPLETIONS_ALL_SQL, COMPLETION_COLUMNS, [user.pk])
        break_rows = sql.fetch(PlanBreak, BREAKS_ALL_SQL, BREAK_COLUMNS, [user.pk])
    else:
        # The days a late log before the sign-up day can fall on: the runner's first day
        # depends on them, so every page reads them, whatever range it shows.
        late_logs = [user.pk, rules.earliest_late_log(joined), joined]
        if days is None:
            completion_rows = sql.fetch(
                Completion, COMPLETIONS_UNSETTLED_SQL, COMPLETION_COLUMNS, [user.pk, stored.through, *late_logs]
            )
            break_rows = sql.fetch(PlanBreak, BREAKS_UNSETTLED_SQL, BREAK_COLUMNS, [user.pk, stored.through])
        else:
            first, last = days
            completion_rows = sql.fetch(
                Completion,
                COMPLETIONS_UNSETTLED_OR_SHOWN_SQL,
                COMPLETION_COLUMNS,
                [user.pk, stored.through, *late_logs, user.pk, first, last],
            )
            break_rows = sql.fetch(
                PlanBreak,
                BREAKS_UNSETTLED_OR_SHOWN_SQL,
                BREAK_COLUMNS,
                [user.pk, stored.through, user.pk, last, first],
            )
    completions: list[tuple[dt.date, int]] = completion_rows
    breaks = [Break(*row) for row in break_rows]
    facts, done_ids = facts_for(user, plan, completions, breaks)

    settled = stored
    limit = min(rules.settled_through(now), today - rules.ONE_DAY)
    earliest = rules.earliest_late_log(joined)
    started = rules.first_day(joined, (day for day in facts.done if day >= earliest))
    # Without a summary every row was read, imported history before the sign-up day too.
    start = rules.first_day(joined, facts.done) if stored.through is None else None
    if (stored.through is None or stored.through < limit) and (start is None or start <= limit):
        settled = fold(stored, facts, limit, start=start)
    return Snapshot(
        plan=plan,
        today=today,
        started=started,
        facts=facts,
        done_ids_by_day=done_ids,
        breaks=breaks,
        streaks=streaks_from(settled, facts, today, start=start),
        has_summary=summary is not None,
        stored=stored,
        settled=settled,
    )
