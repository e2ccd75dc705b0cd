"""The streak fold: streaks, week streaks and the consistency score, one pass over the days.

No ORM and no clock here: `today` is always a parameter. The day and week rules it
applies live in tracking/rules.py; this module folds them over a history:

- the day streak is the run of complete days, where rest and paused days neither
  extend nor break it. The current streak ends today, or yesterday while today is not
  yet complete (a streak stays alive until the day ends);
- the week streak counts weeks in a row that met the weekly target, and the current
  week keeps it alive until it ends;
- the consistency score smooths daily completion exponentially, as Loop Habit Tracker
  computes habit strength: score = previous × m + value × (1 − m), with
  m = 0.5 ^ (sqrt(target / 7) / 13) (a 13-day half-life for a daily habit). A partial
  day counts as the fraction done; rest and paused days leave the score unchanged.

The fold's state can be kept (`StreakState`, stored as `StreakSummary`) so that old
days, which can no longer change, are folded once and a page only folds the few recent
days on top: its cost does not grow with the history.
"""

import datetime as dt
import functools
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from accounts.weeks import DAYS_PER_WEEK, monday_of, target_for_week
from tracking.rules import ONE_DAY, DayStatus, day_status, week_required

SCORE_HALF_LIFE_DAYS = 13


@functools.cache
def score_multiplier(target: int) -> float:
    return 0.5 ** (math.sqrt(target / DAYS_PER_WEEK) / SCORE_HALF_LIFE_DAYS)


@functools.cache
def _required_by_paused(target: int) -> tuple[int, ...]:
    """week_required(target, paused) for 0 to 7 paused days: the fold looks it up each Sunday."""
    return tuple(week_required(target, paused) for paused in range(DAYS_PER_WEEK + 1))


@dataclass(frozen=True)
class Pause:
    starts_on: dt.date
    ends_on: dt.date | None = None  # inclusive; None while it lasts

    def covers(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


@dataclass(frozen=True)
class Facts:
    """What is known about a runner's days: the plan size, the exercises done per day,
    planned rest days, pauses, and the weekly target of each week."""

    planned: int
    done: Mapping[dt.date, int] = field(default_factory=dict)
    rest: Collection[dt.date] = frozenset()
    pauses: Sequence[Pause] = ()
    target: int = DAYS_PER_WEEK  # the target now, and of every week when there are no changes
    # (Monday, days): the target from that week on, oldest first. Weeks before the first
    # change were planned every day.
    target_changes: tuple[tuple[dt.date, int], ...] = ()

    def paused(self, day: dt.date) -> bool:
        return any(pause.covers(day) for pause in self.pauses)

    def status(self, day: dt.date, *, today: dt.date | None = None, started: dt.date | None = None) -> DayStatus:
        """The status of `day` on `today`, or as a day gone by (tracking.rules.day_status)."""
        return day_status(
            day,
            done=self.done.get(day, 0),
            planned=self.planned,
            rest=day in self.rest,
            paused=self.paused(day),
            today=today,
            started=started,
        )

    def target_for_week(self, monday: dt.date) -> int:
        return target_for_week(self.target_changes, monday, current=self.target)


@dataclass(frozen=True)
class StreakState:
    """Where a fold over the days has got to.

    through: the last day folded in (None before any day);
    run / longest: the day streak ending on `through`, and the longest so far;
    score: the consistency score from 0 to 1;
    week_run / week_longest: weeks in a row that met the target, up to the last
    finished week; week_complete / week_paused: the week in progress so far.
    """

    through: dt.date | None = None
    run: int = 0
    longest: int = 0
    score: float = 0.0
    week_run: int = 0
    week_longest: int = 0
    week_complete: int = 0
    week_paused: int = 0


@dataclass(frozen=True)
class Streaks:
    current: int
    longest: int
    score: int = 0  # 0 to 100
    week_current: int = 0
    week_longest: int = 0
    week_target: int = DAYS_PER_WEEK
    week_complete: int = 0  # complete days in the current week
    week_required: int = DAYS_PER_WEEK  # what the current week needs


def fold(state: StreakState, facts: Facts, until: dt.date, *, start: dt.date | None = None) -> StreakState:
    """Fold the days after `state.through` (or from `start` for a new state) up to and
    including `until` into the state.

    This loop runs over every day of a history when a summary is rebuilt, so it keeps
    its work in local variables rather than building an object per day.
    """
    if state.through is not None:
        day = state.through + ONE_DAY
    elif start is not None:
        day = start
        # Days of the first week before the start were not the runner's to do: the
        # week is judged pro rata, as if they were paused.
        state = replace(state, week_paused=start.weekday())
    else:
        raise ValueError("A new fold needs a start day.")
    if day > until:
        return state

    planned = facts.planned
    done_get = facts.done.get
    rest = facts.rest
    paused = {d for pause in facts.pauses for d in _days_of(pause, day, until)}
    run, longest, score = state.run, state.longest, state.score
    week_run, week_longest = state.week_run, state.week_longest
    week_complete, week_paused = state.week_complete, state.week_paused
    weekday = day.weekday()
    target = facts.target_for_week(monday_of(day))
    m = score_multiplier(target)
    gain = 1 - m  # what a complete day adds to the score
    required = _required_by_paused(target)
    target_changes = bool(facts.target_changes)  # without changes, every week has the same target
    while day <= until:
        # tracking.rules.day_status for a day gone by, inlined: this loop is the hot path.
        done = done_get(day, 0)
        if planned and done >= planned:
            run += 1
            if run > longest:
                longest = run
            week_complete += 1
            score = score * m + gain
        elif day in paused:
            week_paused += 1
        elif day not in rest:
            run = 0
            score = score * m + (done / planned if planned else 0.0) * gain
        day += ONE_DAY
        if weekday == 6:  # Sunday closes the week
            if week_paused < DAYS_PER_WEEK:
                if week_complete >= required[week_paused]:
                    week_run += 1
                    if week_run > week_longest:
                        week_longest = week_run
                else:
                    week_run = 0
            week_complete = week_paused = weekday = 0
            if target_changes:
                target = facts.target_for_week(day)
                m = score_multiplier(target)
                gain = 1 - m
                required = _required_by_paused(target)
        else:
            weekday += 1
    return StreakState(until, run, longest, score, week_run, week_longest, week_complete, week_paused)


def _days_of(pause: Pause, first: dt.date, last: dt.date) -> Iterable[dt.date]:
    day = max(pause.starts_on, first)
    end = last if pause.ends_on is None else min(pause.ends_on, last)
    while day <= end:
        yield day
        day += ONE_DAY


def streaks_from(state: StreakState, facts: Facts, today: dt.date, *, start: dt.date | None = None) -> Streaks:
    """The streaks and score on `today`, from the folded state of older days and the
    facts of the days after it. `start` is the runner's first day, for a new state."""
    yesterday = fold(state, facts, today - ONE_DAY, start=start)
    if yesterday.through is None:
        # The runner starts today: their first week is judged on its remaining days.
        yesterday = StreakState(through=today - ONE_DAY, week_paused=today.weekday())
    with_today = fold(yesterday, facts, today)
    status = facts.status(today)
    # Today can only help until it is over: a day not yet complete breaks nothing and
    # costs the score nothing.
    current = with_today.run if status is DayStatus.COMPLETE else yesterday.run
    score = max(yesterday.score, with_today.score)

    target = facts.target_for_week(monday_of(today))
    week_complete = yesterday.week_complete + (status is DayStatus.COMPLETE)
    # Paused days from today to Sunday are known already and lower what the week needs.
    paused_ahead = sum(
        facts.status(today + dt.timedelta(days=offset)) is DayStatus.PAUSED
        for offset in range(DAYS_PER_WEEK - today.weekday())
    )
    week_paused = min(yesterday.week_paused + paused_ahead, DAYS_PER_WEEK)
    required = week_required(target, week_paused)
    week_met = week_paused < DAYS_PER_WEEK and week_complete >= required
    week_current = yesterday.week_run + week_met
    return Streaks(
        current=current,
        longest=max(yesterday.longest, current),
        score=round(100 * score),
        week_current=week_current,
        week_longest=max(yesterday.week_longest, week_current),
        week_target=target,
        week_complete=week_complete,
        week_required=required,
    )


def streaks(complete: Iterable[dt.date], today: dt.date) -> Streaks:
    """Day streaks over a whole history of complete days (a one-exercise plan)."""
    days = set(complete)
    facts = Facts(planned=1, done=dict.fromkeys(days, 1))
    start = min(days, default=today)
    return streaks_from(StreakState(), facts, today, start=min(start, today))
