"""Streak, score and calendar arithmetic: pure functions over dates.

No ORM and no clock here: `today` is always a parameter, computed once at the edge in
the user's time zone. The rules (DESIGN.md, issue #5):

- a day is complete when every exercise of the plan is done that day, partial when
  some are; a planned rest day or a paused day is neither done nor missed;
- the day streak is the run of complete days, where rest and paused days neither
  extend nor break it. The current streak ends today, or yesterday while today is not
  yet complete (a streak stays alive until the day ends);
- with a weekly target below 7, a week (Monday to Sunday) meets the target when its
  complete days reach the target, pro rata for paused days; the week streak counts
  weeks in a row that met it, and the current week keeps it alive until it ends;
- the consistency score smooths daily completion exponentially, as Loop Habit Tracker
  computes habit strength: score = previous × m + value × (1 − m), with
  m = 0.5 ^ (sqrt(target / 7) / 13) (a 13-day half-life for a daily habit). A partial
  day counts as the fraction done; rest and paused days leave the score unchanged.

All of it is one fold over the days in order. The fold's state can be kept
(`StreakState`) so that old days, which can no longer change, are folded once and a
page only folds the few recent days on top: its cost does not grow with the history.
"""

import calendar as _calendar
import datetime as dt
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

ONE_DAY = dt.timedelta(days=1)
DAYS_PER_WEEK = 7
SCORE_HALF_LIFE_DAYS = 13
REST_PLANNING_DAYS = 28  # how far ahead a rest day can be planned


class DayStatus(StrEnum):
    COMPLETE = "complete"
    PARTIAL = "partial"
    MISSED = "missed"
    REST = "rest"
    PAUSED = "paused"
    TODO = "to-do"  # today, nothing done yet
    FUTURE = "future"
    NOT_STARTED = "not-started"  # before the runner's first day: neither done nor missed


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def day_status(done: int, planned: int, *, rest: bool = False, paused: bool = False) -> DayStatus:
    """Status of a past or present day. Doing the whole plan always counts, even on a
    rest or paused day; otherwise a pause or a rest day makes the day neutral."""
    if planned > 0 and done >= planned:
        return DayStatus.COMPLETE
    if paused:
        return DayStatus.PAUSED
    if rest:
        return DayStatus.REST
    if done > 0:
        return DayStatus.PARTIAL
    return DayStatus.MISSED


def target_for_week(changes: Sequence[tuple[dt.date, int]], monday: dt.date, *, current: int) -> int:
    """The weekly target in force in the week starting `monday`, from the changes made
    (Monday, days), oldest first: every day before the first; `current` if none."""
    if not changes:
        return current
    target = DAYS_PER_WEEK
    for since, days in changes:
        if since > monday:
            break
        target = days
    return target


def score_multiplier(target: int) -> float:
    return 0.5 ** (math.sqrt(target / DAYS_PER_WEEK) / SCORE_HALF_LIFE_DAYS)


def week_required(target: int, paused_days: int) -> int:
    """Complete days a week needs to meet `target`, pro rata for its paused days (rounded
    half up: 6 days a week with one day paused needs 5 of the other 6)."""
    active = DAYS_PER_WEEK - paused_days
    return math.floor(target * active / DAYS_PER_WEEK + 0.5)


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

    def status(self, day: dt.date) -> DayStatus:
        return day_status(self.done.get(day, 0), self.planned, rest=day in self.rest, paused=self.paused(day))

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
    while day <= until:
        done = done_get(day, 0)
        if planned and done >= planned:
            run += 1
            if run > longest:
                longest = run
            week_complete += 1
            score = score * m + (1 - m)
        elif day in paused:
            week_paused += 1
        elif day not in rest:
            run = 0
            score = score * m + (done / planned if planned else 0.0) * (1 - m)
        day += ONE_DAY
        if weekday == 6:  # Sunday closes the week
            if week_paused < DAYS_PER_WEEK:
                if week_complete >= week_required(target, week_paused):
                    week_run += 1
                    if week_run > week_longest:
                        week_longest = week_run
                else:
                    week_run = 0
            week_complete = week_paused = weekday = 0
            target = facts.target_for_week(day)
            m = score_multiplier(target)
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


# --- Calendar ---------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarDay:
    day: dt.date
    status: DayStatus
    done: int
    planned: int
    loggable: bool  # inside the late-logging window
    plannable: bool = False  # a rest day can still be planned or taken back


@dataclass(frozen=True)
class MonthSummary:
    weeks: list[list[CalendarDay | None]]  # Monday first; None pads days of other months
    complete_days: int
    counted_days: int  # days that could have been done: started, not future, not rest or paused

    @property
    def consistency(self) -> int:
        """Share of counted days that were complete, as a whole percentage."""
        if not self.counted_days:
            return 0
        return round(100 * self.complete_days / self.counted_days)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    last = _calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last)


def add_months(first_of_month: dt.date, months: int) -> dt.date:
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def status_on(day: dt.date, facts: Facts, *, today: dt.date, started: dt.date) -> DayStatus:
    """A day's status as the calendar shows it."""
    done = facts.done.get(day, 0)
    if day > today and not done:
        if facts.paused(day):
            return DayStatus.PAUSED
        return DayStatus.REST if day in facts.rest else DayStatus.FUTURE
    if day < started and not done:
        return DayStatus.NOT_STARTED
    status = facts.status(day)
    if day == today and status is DayStatus.MISSED:
        return DayStatus.TODO  # the day is not over: nothing is missed yet
    return status


def calendar_day(day: dt.date, facts: Facts, *, today: dt.date, started: dt.date, window_days: int) -> CalendarDay:
    return CalendarDay(
        day=day,
        status=status_on(day, facts, today=today, started=started),
        done=facts.done.get(day, 0),
        planned=facts.planned,
        loggable=today - dt.timedelta(days=window_days) <= day <= today,
        plannable=today <= day <= today + dt.timedelta(days=REST_PLANNING_DAYS),
    )


def month_summary(
    year: int,
    month: int,
    facts: Facts,
    *,
    today: dt.date,
    started: dt.date,
    window_days: int,
) -> MonthSummary:
    """The month grid with each day's status, and the month's consistency.

    `started` is the runner's first day (days before it are neither done nor missed);
    `window_days` is how far back a day may still be logged.
    """
    weeks: list[list[CalendarDay | None]] = []
    complete = counted = 0
    for week in _calendar.Calendar(firstweekday=_calendar.MONDAY).monthdatescalendar(year, month):
        row: list[CalendarDay | None] = []
        for day in week:
            if day.month != month:
                row.append(None)
                continue
            cell = calendar_day(day, facts, today=today, started=started, window_days=window_days)
            if cell.status is DayStatus.COMPLETE:
                complete += 1
            # Today counts once it is complete: until then it is not over.
            if (
                cell.status in (DayStatus.PARTIAL, DayStatus.MISSED)
                and day < today
                or cell.status is DayStatus.COMPLETE
            ):
                counted += 1
            row.append(cell)
        weeks.append(row)
    return MonthSummary(weeks=weeks, complete_days=complete, counted_days=counted)


# --- Year ---------------------------------------------------------------------------

YEAR_WEEKS = 53


@dataclass(frozen=True)
class HeatCell:
    day: dt.date
    status: DayStatus
    done: int
    planned: int
    level: int  # 0 (nothing) to 3 (all done), for the shade


@dataclass(frozen=True)
class MonthTotal:
    month: dt.date  # the first of the month
    complete_days: int
    counted_days: int

    @property
    def consistency(self) -> int:
        return round(100 * self.complete_days / self.counted_days) if self.counted_days else 0


@dataclass(frozen=True)
class YearSummary:
    columns: list[list[HeatCell | None]]  # one per week, Monday first; None after today
    month_labels: list[tuple[int, dt.date]]  # (column index, first of month) where a month begins
    months: list[MonthTotal]  # oldest first
    sessions: int  # complete days in the last twelve months
    longest_streak: int  # the longest day streak within them
    best_month: MonthTotal | None


def year_summary(facts: Facts, *, today: dt.date, started: dt.date) -> YearSummary:
    """The last 53 weeks as a heat map, and the totals of the last twelve months."""
    first = monday_of(today) - dt.timedelta(weeks=YEAR_WEEKS - 1)
    year_start = add_months(today.replace(day=1), -11)
    columns: list[list[HeatCell | None]] = []
    labels: list[tuple[int, dt.date]] = []
    totals: dict[dt.date, list[int]] = {}
    sessions = 0
    for index in range(YEAR_WEEKS):
        column: list[HeatCell | None] = []
        for offset in range(DAYS_PER_WEEK):
            day = first + dt.timedelta(days=index * DAYS_PER_WEEK + offset)
            if day > today:
                column.append(None)
                continue
            if day.day == 1 or (index == 0 and offset == 0):
                labels.append((index, day.replace(day=1)))
            done = min(facts.done.get(day, 0), facts.planned)
            status = status_on(day, facts, today=today, started=started)
            level = round(3 * done / facts.planned) if facts.planned else 0
            column.append(HeatCell(day, status, done, facts.planned, level))
            if day >= year_start:
                month = totals.setdefault(day.replace(day=1), [0, 0])
                if status is DayStatus.COMPLETE:
                    sessions += 1
                    month[0] += 1
                if status is DayStatus.COMPLETE or (status in (DayStatus.PARTIAL, DayStatus.MISSED) and day < today):
                    month[1] += 1
        columns.append(column)
    months = [MonthTotal(month, complete, counted) for month, (complete, counted) in sorted(totals.items())]
    best = max(reversed(months), key=lambda m: (m.complete_days, m.consistency), default=None)
    window = fold(StreakState(), facts, today, start=max(year_start, min(started, today)))
    return YearSummary(
        columns=columns,
        month_labels=labels,
        months=months,
        sessions=sessions,
        longest_streak=window.longest,
        best_month=best if best and best.complete_days else None,
    )
