"""The rules of rest days, pauses, the weekly target and
the consistency score (pure functions: no database, no clock).

The property tests compare the fold with the rules written plainly in this file (a
day-by-day walk, no fold, no persisted state), and the persisted fold with the fold of
the whole history, over random histories with rest days, pauses and target changes.
"""

import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from accounts.weeks import monday_of
from tests.dates import ONE_DAY, TODAY, d
from tracking import month as month_grid
from tracking import rules, streaks
from tracking.rules import DayStatus
from tracking.streaks import Facts, Pause, StreakState

PLAN = 3


def days(first: str, last: str) -> list[dt.date]:
    """Every day from `first` to `last`, inclusive."""
    start, end = d(first), d(last)
    return [start + ONE_DAY * n for n in range((end - start).days + 1)]


def facts_of(complete=(), *, partial=None, rest=(), pauses=(), target=7, **weeks) -> Facts:
    """A three-exercise plan: the whole plan done on `complete` days, `partial` maps a
    day to the number of exercises done."""
    done = dict(partial or {}) | dict.fromkeys(complete, PLAN)
    return Facts(planned=PLAN, done=done, rest=frozenset(rest), pauses=tuple(pauses), target=target, **weeks)


def on(facts: Facts, today: dt.date, start: dt.date) -> streaks.Streaks:
    """The streaks a page shows on `today` for a runner who started on `start`."""
    return streaks.streaks_from(StreakState(), facts, today, start=start)


# --- Rest days and paused days in the day streak -------------------------------------


def test_a_rest_day_neither_extends_nor_breaks_the_day_streak():
    facts = facts_of(days("2026-11-16", "2026-11-19") + days("2026-11-21", "2026-11-23"), rest={d("2026-11-20")})
    result = on(facts, TODAY, d("2026-11-16"))
    assert (result.current, result.longest) == (7, 7)  # eight days, one of them rest


def test_without_the_rest_mark_the_same_gap_breaks_the_streak():
    facts = facts_of(days("2026-11-16", "2026-11-19") + days("2026-11-21", "2026-11-23"))
    result = on(facts, TODAY, d("2026-11-16"))
    assert (result.current, result.longest) == (3, 4)


def test_paused_days_neither_extend_nor_break_the_day_streak():
    pause = Pause(d("2026-11-12"), d("2026-11-19"))
    facts = facts_of(days("2026-11-05", "2026-11-11") + days("2026-11-20", "2026-11-23"), pauses=[pause])
    result = on(facts, TODAY, d("2026-11-05"))
    assert (result.current, result.longest) == (11, 11)


def test_an_open_pause_keeps_the_streak_while_it_lasts():
    facts = facts_of(days("2026-11-10", "2026-11-15"), pauses=[Pause(d("2026-11-16"))])
    result = on(facts, TODAY, d("2026-11-10"))
    assert (result.current, result.longest) == (6, 6)
    assert facts.status(TODAY) is DayStatus.PAUSED


@pytest.mark.parametrize("kind", ["rest", "paused"])
def test_completing_a_rest_or_paused_day_still_counts_as_a_complete_day(kind):
    neutral = d("2026-11-20")
    breaks = {"rest": {"rest": {neutral}}, "paused": {"pauses": [Pause(neutral, neutral)]}}[kind]
    facts = facts_of(days("2026-11-16", "2026-11-23"), **breaks)
    assert facts.status(neutral) is DayStatus.COMPLETE
    result = on(facts, TODAY, d("2026-11-16"))
    assert (result.current, result.longest) == (8, 8)


@pytest.mark.parametrize("kind", ["rest", "paused"])
def test_part_of_the_plan_on_a_rest_or_paused_day_leaves_it_neutral(kind):
    neutral = d("2026-11-20")
    breaks = {"rest": {"rest": {neutral}}, "paused": {"pauses": [Pause(neutral, neutral)]}}[kind]
    around = days("2026-11-16", "2026-11-19") + days("2026-11-21", "2026-11-23")
    facts = facts_of(around, partial={neutral: 2}, **breaks)
    assert facts.status(neutral) is DayStatus(kind)
    assert on(facts, TODAY, d("2026-11-16")).current == 7


def test_a_rest_day_today_keeps_the_streak_alive_at_yesterdays_run():
    facts = facts_of(days("2026-11-18", "2026-11-23"), rest={TODAY})
    result = on(facts, TODAY, d("2026-11-18"))
    assert (result.current, result.longest) == (6, 6)
    assert facts.status(TODAY) is DayStatus.REST


def test_a_rest_day_today_done_anyway_extends_the_streak():
    facts = facts_of(days("2026-11-18", "2026-11-24"), rest={TODAY})
    assert on(facts, TODAY, d("2026-11-18")).current == 7


def test_the_day_after_a_rest_day_the_streak_is_still_alive():
    facts = facts_of(days("2026-11-18", "2026-11-22"), rest={d("2026-11-23")})
    result = on(facts, TODAY, d("2026-11-18"))
    assert result.current == 5


def test_a_rest_day_does_not_revive_a_streak_that_a_missed_day_broke():
    # 21 missed, 22 rest, 23 missed: nothing alive today.
    facts = facts_of(days("2026-11-16", "2026-11-20"), rest={d("2026-11-22")})
    assert (on(facts, TODAY, d("2026-11-16")).current, on(facts, TODAY, d("2026-11-16")).longest) == (0, 5)


@pytest.mark.parametrize(
    ("pause", "today"),
    [
        (Pause(d("2026-12-28"), d("2027-01-04")), d("2027-01-06")),  # a month and a year boundary
        (Pause(d("2026-11-29"), d("2026-12-02")), d("2026-12-04")),  # a month boundary
        (Pause(d("2028-02-28"), d("2028-03-01")), d("2028-03-03")),  # the leap day
    ],
    ids=["new-year", "month-end", "leap-day"],
)
def test_the_streak_continues_across_a_pause_that_spans_a_boundary(pause, today):
    before = [pause.starts_on - ONE_DAY * n for n in range(1, 11)]  # ten days before it
    after = [pause.ends_on + ONE_DAY * n for n in range(1, (today - pause.ends_on).days + 1)]  # up to today
    facts = facts_of(before + after, pauses=[pause])
    result = on(facts, today, min(before))
    assert (result.current, result.longest) == (10 + len(after), 10 + len(after))


def test_a_persisted_state_inside_a_new_year_pause_continues_the_same_way():
    pause = Pause(d("2026-12-28"), d("2027-01-04"))
    facts = facts_of(days("2026-12-14", "2026-12-27") + days("2027-01-05", "2027-01-06"), pauses=[pause])
    state = streaks.fold(StreakState(), facts, d("2026-12-31"), start=d("2026-12-14"))
    assert (state.run, state.longest) == (14, 14)
    assert streaks.streaks_from(state, facts, d("2027-01-06")) == on(facts, d("2027-01-06"), d("2026-12-14"))
    assert on(facts, d("2027-01-06"), d("2026-12-14")).current == 16


def test_a_pause_that_starts_in_the_future_does_not_affect_today():
    history = days("2026-11-16", "2026-11-23")
    without = facts_of(history, partial={TODAY: 1})
    for start in (TODAY + ONE_DAY, d("2026-11-30"), d("2027-01-01")):
        paused_later = facts_of(history, partial={TODAY: 1}, pauses=[Pause(start)])
        assert paused_later.status(TODAY) is DayStatus.PARTIAL
        result = on(paused_later, TODAY, d("2026-11-16"))
        expected = on(without, TODAY, d("2026-11-16"))
        assert (result.current, result.longest, result.score) == (expected.current, expected.longest, expected.score)


def test_a_pause_that_starts_tomorrow_shows_as_paused_on_the_calendar_from_tomorrow():
    facts = facts_of(pauses=[Pause(TODAY + ONE_DAY)])
    assert facts.status(TODAY, today=TODAY, started=d("2026-11-01")) is DayStatus.TODO
    assert facts.status(TODAY + ONE_DAY, today=TODAY, started=d("2026-11-01")) is DayStatus.PAUSED
    assert facts.status(d("2027-03-01"), today=TODAY, started=d("2026-11-01")) is DayStatus.PAUSED


def test_a_planned_rest_day_ahead_shows_as_rest_on_the_calendar():
    facts = facts_of(rest={d("2026-11-27")})
    assert facts.status(d("2026-11-27"), today=TODAY, started=d("2026-11-01")) is DayStatus.REST
    assert facts.status(d("2026-11-26"), today=TODAY, started=d("2026-11-01")) is DayStatus.FUTURE


def test_rest_and_paused_days_are_not_counted_in_the_month_consistency():
    facts = facts_of(days("2026-11-16", "2026-11-19"), rest={d("2026-11-20")}, pauses=[Pause(d("2026-11-21"), TODAY)])
    summary = month_grid.month_summary(2026, 11, facts, today=TODAY, started=d("2026-11-16"))
    statuses = {cell.day: cell.status for week in summary.weeks for cell in week if cell}
    assert statuses[d("2026-11-20")] is DayStatus.REST
    assert [statuses[day] for day in days("2026-11-21", "2026-11-24")] == [DayStatus.PAUSED] * 4
    assert (summary.complete_days, summary.counted_days, summary.consistency) == (4, 4, 100)


# --- The week streak ------------------------------------------------------------------

# Monday 2 November 2026 to Tuesday 24 November: three whole weeks and two days.
WEEK_1, WEEK_2, WEEK_3, THIS_WEEK = d("2026-11-02"), d("2026-11-09"), d("2026-11-16"), d("2026-11-23")


def first_days(monday: dt.date, count: int) -> list[dt.date]:
    return [monday + ONE_DAY * n for n in range(count)]


def test_weeks_that_meet_a_target_of_four_count_in_the_week_streak():
    facts = facts_of(first_days(WEEK_1, 4) + first_days(WEEK_2, 5) + first_days(WEEK_3, 4), target=4)
    result = on(facts, TODAY, WEEK_1)
    assert (result.week_current, result.week_longest, result.week_target) == (3, 3, 4)


def test_a_week_below_the_target_breaks_the_week_streak():
    facts = facts_of(first_days(WEEK_1, 4) + first_days(WEEK_2, 3) + first_days(WEEK_3, 4), target=4)
    result = on(facts, TODAY, WEEK_1)
    assert (result.week_current, result.week_longest) == (1, 1)


def test_three_days_off_a_week_keep_the_day_streak_only_when_planned_as_rest():
    complete = first_days(WEEK_3, 4)
    rest = {WEEK_3 + ONE_DAY * n for n in range(4, 7)}
    assert on(facts_of(complete, rest=rest, target=4), THIS_WEEK, WEEK_3).current == 4
    assert on(facts_of(complete, target=4), THIS_WEEK, WEEK_3).current == 0


def test_the_current_week_keeps_the_week_streak_alive_until_sunday():
    history = first_days(WEEK_1, 4) + first_days(WEEK_2, 4) + first_days(WEEK_3, 4)
    for today, done_this_week in [(TODAY, 0), (d("2026-11-29"), 3)]:  # Tuesday; Sunday, one day short
        facts = facts_of(history + first_days(THIS_WEEK, done_this_week), target=4)
        result = on(facts, today, WEEK_1)
        assert (result.week_current, result.week_complete, result.week_required) == (3, done_this_week, 4)


def test_on_monday_a_week_that_ended_below_the_target_has_broken_the_week_streak():
    history = first_days(WEEK_1, 4) + first_days(WEEK_2, 4) + first_days(WEEK_3, 4) + first_days(THIS_WEEK, 3)
    facts = facts_of(history, target=4)
    result = on(facts, d("2026-11-30"), WEEK_1)
    assert (result.week_current, result.week_longest) == (0, 3)


def test_the_current_week_counts_as_soon_as_it_meets_the_target():
    facts = facts_of(first_days(WEEK_3, 4) + first_days(THIS_WEEK, 4), target=4)
    result = on(facts, d("2026-11-26"), WEEK_3)  # Thursday, the fourth day done
    assert (result.week_current, result.week_longest, result.week_complete) == (2, 2, 4)


@pytest.mark.parametrize(
    ("target", "paused", "required"),
    [
        (4, 0, 4),
        (4, 1, 3),
        (4, 2, 3),
        (4, 3, 2),
        (4, 5, 1),
        (4, 6, 1),
        (4, 7, 0),
        (7, 1, 6),
        (6, 1, 5),
        (3, 3, 2),
        (6, 4, 3),
    ],
)
def test_paused_days_lower_what_a_week_requires_pro_rata(target, paused, required):
    assert rules.week_required(target, paused) == required


def test_a_week_with_paused_days_meets_the_lowered_requirement():
    # Week 2 is paused from Wednesday to Sunday: it needs 2 of its 2 active days, not 4.
    pause = Pause(WEEK_2 + 2 * ONE_DAY, WEEK_2 + 6 * ONE_DAY)
    facts = facts_of(first_days(WEEK_1, 4) + first_days(WEEK_2, 2) + first_days(WEEK_3, 4), pauses=[pause], target=4)
    assert on(facts, TODAY, WEEK_1).week_current == 3


def test_a_paused_day_ahead_in_the_current_week_lowers_what_it_needs():
    pause = Pause(d("2026-11-27"), d("2026-11-29"))  # Friday to Sunday
    result = on(facts_of(first_days(THIS_WEEK, 2), pauses=[pause], target=4), TODAY, THIS_WEEK)
    assert (result.week_complete, result.week_required) == (2, 2)


def test_a_fully_paused_week_is_neutral_in_the_week_streak():
    pause = Pause(WEEK_2, WEEK_2 + 6 * ONE_DAY)
    facts = facts_of(first_days(WEEK_1, 4) + first_days(WEEK_3, 4), pauses=[pause], target=4)
    result = on(facts, TODAY, WEEK_1)
    assert (result.week_current, result.week_longest) == (2, 2)


def test_a_week_in_a_new_year_pause_is_neutral_too():
    pause = Pause(d("2026-12-28"), d("2027-01-04"))
    complete = first_days(d("2026-12-21"), 4) + first_days(d("2027-01-05"), 4)
    facts = facts_of(complete, pauses=[pause], target=4)
    result = on(facts, d("2027-01-11"), d("2026-12-21"))
    assert (result.week_current, result.week_longest) == (2, 2)


def test_a_target_changed_mid_week_applies_to_the_whole_week_and_earlier_weeks_keep_the_old_one():
    # Changed from 4 to 5 days a week on Wednesday 25 November: Monday 23 is the week's start.
    history = first_days(WEEK_2, 4) + first_days(WEEK_3, 4) + first_days(THIS_WEEK, 4)
    facts = facts_of(history, target=5, target_changes=((dt.date.min, 4), (THIS_WEEK, 5)))
    assert [facts.target_for_week(monday) for monday in (WEEK_2, WEEK_3, THIS_WEEK, THIS_WEEK + 7 * ONE_DAY)] == [
        4,
        4,
        5,
        5,
    ]
    thursday = on(facts, d("2026-11-26"), WEEK_2)
    assert (thursday.week_current, thursday.week_target, thursday.week_complete, thursday.week_required) == (2, 5, 4, 5)
    # Four days in the week of the change are one short of five: on Monday the run is over.
    assert on(facts, d("2026-11-30"), WEEK_2).week_current == 0
    five = facts_of(history + [d("2026-11-27")], target=5, target_changes=((dt.date.min, 4), (THIS_WEEK, 5)))
    assert on(five, d("2026-11-30"), WEEK_2).week_current == 3


def test_a_first_week_that_starts_midweek_is_judged_on_its_remaining_days():
    # Started on Thursday 19 November: 4 days left of the week, 3 needed at 4 a week.
    facts = facts_of(days("2026-11-19", "2026-11-21"), target=4)
    assert on(facts, THIS_WEEK, d("2026-11-19")).week_current == 1


# --- The consistency score -----------------------------------------------------------


def test_the_score_multiplier_has_a_13_day_half_life_for_a_daily_plan():
    assert streaks.score_multiplier(7) == pytest.approx(0.5 ** (1 / 13))
    assert streaks.score_multiplier(7) ** 13 == pytest.approx(0.5)


def test_lower_targets_decay_slower():
    multipliers = [streaks.score_multiplier(target) for target in range(3, 8)]
    assert multipliers == sorted(multipliers, reverse=True)
    assert streaks.score_multiplier(3) > streaks.score_multiplier(7)
    assert streaks.score_multiplier(3) == pytest.approx(0.5 ** ((3 / 7) ** 0.5 / 13))


def test_a_perfect_daily_record_from_zero_reaches_about_80_after_30_days():
    history = days("2026-10-26", "2026-11-24")
    assert len(history) == 30
    state = streaks.fold(StreakState(), facts_of(history), TODAY, start=history[0])
    assert state.score == pytest.approx(0.798, abs=0.0005)
    assert on(facts_of(history), TODAY, history[0]).score == 80


def test_one_missed_day_at_80_costs_about_four_points():
    state = streaks.fold(StreakState(through=d("2026-11-22"), score=0.80), facts_of(), d("2026-11-23"))
    assert state.score == pytest.approx(0.7585, abs=0.0005)
    assert streaks.streaks_from(StreakState(through=d("2026-11-22"), score=0.80), facts_of(), TODAY).score == 76


def test_a_partial_day_counts_as_the_fraction_done():
    m = streaks.score_multiplier(7)
    for done in (1, 2):
        facts = facts_of(partial={d("2026-11-23"): done})
        state = streaks.fold(StreakState(through=d("2026-11-22"), score=0.5), facts, d("2026-11-23"))
        assert state.score == pytest.approx(0.5 * m + done / 3 * (1 - m))


def test_rest_and_paused_days_leave_the_score_unchanged():
    pause = Pause(d("2026-11-11"), d("2026-11-20"))
    facts = facts_of(rest={d("2026-11-10")}, pauses=[pause], partial={d("2026-11-12"): 1})
    state = streaks.fold(StreakState(through=d("2026-11-09"), score=0.6, run=5, longest=8), facts, d("2026-11-20"))
    assert (state.score, state.run, state.longest) == (0.6, 5, 8)


def test_the_score_decays_at_the_rate_of_the_weeks_own_target():
    before = StreakState(through=d("2026-11-21"), score=0.8)
    facts = facts_of(target=3, target_changes=((THIS_WEEK, 3),))
    sunday = streaks.fold(before, facts, d("2026-11-22"))  # the last day of a daily week
    assert sunday.score == pytest.approx(0.8 * streaks.score_multiplier(7))
    monday = streaks.fold(sunday, facts, THIS_WEEK)  # the first day at three a week
    assert monday.score == pytest.approx(sunday.score * streaks.score_multiplier(3))


@pytest.mark.parametrize("done_today", [0, 1, 2])
def test_todays_unfinished_day_never_lowers_the_shown_score(done_today):
    history = days("2026-10-25", "2026-11-23")
    yesterday = streaks.fold(StreakState(), facts_of(history), d("2026-11-23"), start=history[0])
    shown = on(facts_of(history, partial={TODAY: done_today}), TODAY, history[0])
    assert shown.score == round(100 * yesterday.score) == 80


def test_completing_today_raises_the_shown_score_at_once():
    history = days("2026-10-25", "2026-11-23")
    assert on(facts_of([*history, TODAY]), TODAY, history[0]).score == 81


def test_a_rest_day_today_leaves_the_shown_score_as_it_was():
    history = days("2026-10-25", "2026-11-23")
    assert on(facts_of(history, rest={TODAY}), TODAY, history[0]).score == 80


# --- The rules written plainly, and the persisted fold --------------------------------


def is_neutral(facts: Facts, day: dt.date) -> bool:
    return facts.status(day) in (DayStatus.REST, DayStatus.PAUSED)


def run_back_from(facts: Facts, day: dt.date, start: dt.date) -> int:
    """Complete days walking back from `day`, stepping over rest and paused days."""
    run = 0
    while day >= start:
        status = facts.status(day)
        if status is DayStatus.COMPLETE:
            run += 1
        elif not is_neutral(facts, day):
            break
        day -= ONE_DAY
    return run


def plain_score(facts: Facts, first: dt.date, last: dt.date) -> float:
    score = 0.0
    day = first
    while day <= last:
        if not is_neutral(facts, day):
            m = streaks.score_multiplier(facts.target_for_week(monday_of(day)))
            value = 1.0 if facts.status(day) is DayStatus.COMPLETE else facts.done.get(day, 0) / facts.planned
            score = score * m + value * (1 - m)
        day += ONE_DAY
    return score


def week_counts(facts: Facts, monday: dt.date, start: dt.date, today: dt.date) -> tuple[int, int]:
    """(complete, paused) days of a week; days before the start count as paused."""
    complete = paused = 0
    for day in (monday + ONE_DAY * n for n in range(7)):
        if day < start or (facts.paused(day) and facts.status(day) is not DayStatus.COMPLETE):
            paused += 1
        elif day <= today and facts.status(day) is DayStatus.COMPLETE:
            complete += 1
    return complete, paused


def plain_rules(facts: Facts, today: dt.date, start: dt.date) -> streaks.Streaks:
    """The rules of rest days, pauses and weekly targets, day by day, as tracking/rules.py and
    tracking/streaks.py describe them."""
    yesterday = today - ONE_DAY
    today_complete = facts.status(today) is DayStatus.COMPLETE
    current = run_back_from(facts, today if today_complete else yesterday, start)
    longest = max(
        [current] + [run_back_from(facts, day, start) for day in days(start.isoformat(), yesterday.isoformat())]
    )
    score_yesterday = plain_score(facts, start, yesterday)
    score_today = plain_score(facts, start, today)

    week_run = week_longest = 0
    monday = monday_of(start)
    while monday < monday_of(today):
        complete, paused = week_counts(facts, monday, start, today)
        if paused < 7:
            if complete >= rules.week_required(facts.target_for_week(monday), paused):
                week_run += 1
                week_longest = max(week_longest, week_run)
            else:
                week_run = 0
        monday += 7 * ONE_DAY
    complete, paused = week_counts(facts, monday, start, today)
    target = facts.target_for_week(monday)
    required = rules.week_required(target, paused)
    week_current = week_run + (paused < 7 and complete >= required)
    return streaks.Streaks(
        current=current,
        longest=longest,
        score=round(100 * max(score_yesterday, score_today)),
        week_current=week_current,
        week_longest=max(week_longest, week_current),
        week_target=target,
        week_complete=complete,
        week_required=required,
    )


# About four months around a new year, so pauses and weeks cross month and year ends.
FIRST, LAST = d("2026-11-02"), d("2027-02-28")
dates = st.dates(min_value=FIRST, max_value=LAST)
pauses = st.builds(
    lambda starts_on, length: Pause(starts_on, None if length is None else starts_on + ONE_DAY * length),
    dates,
    st.none() | st.integers(min_value=0, max_value=20),
)
mondays = st.integers(min_value=0, max_value=16).map(lambda weeks: FIRST + 7 * weeks * ONE_DAY)


@st.composite
def histories(draw):
    today = draw(dates)
    first = draw(st.dates(min_value=FIRST, max_value=today))
    # Mostly complete days, as a runner keeping at it has: long runs to break or keep.
    length = (today - first).days + 1
    counts = draw(st.lists(st.sampled_from([PLAN] * 6 + [0, 1, 2]), min_size=min(length, 28), max_size=length))
    done = {first + ONE_DAY * n: count for n, count in enumerate(counts) if count}
    # Up to three target changes, each from a Monday on, oldest first.
    changes = tuple(sorted(dict(draw(st.lists(st.tuples(mondays, st.integers(3, 7)), max_size=3))).items()))
    target = changes[-1][1] if changes else draw(st.integers(3, 7))
    facts = Facts(
        planned=PLAN,
        done=done,
        rest=frozenset(draw(st.sets(dates, max_size=20))),
        pauses=tuple(draw(st.lists(pauses, max_size=3))),
        target=target,
        target_changes=changes,
    )
    return facts, today, first  # the runner's first day


NEW_YEAR_PAUSE = Facts(
    planned=PLAN,
    done=dict.fromkeys(days("2026-12-14", "2026-12-27") + days("2027-01-05", "2027-01-07"), PLAN),
    rest=frozenset({d("2026-12-20")}),
    pauses=(Pause(d("2026-12-28"), d("2027-01-04")),),
    target=4,
    target_changes=((dt.date.min, 6), (d("2027-01-04"), 4)),
)


@settings(max_examples=150, deadline=None)
@given(history=histories())
@example(history=(NEW_YEAR_PAUSE, d("2027-01-07"), d("2026-12-14")))
def test_the_fold_matches_the_rules_written_plainly(history):
    facts, today, start = history
    assert on(facts, today, start) == plain_rules(facts, today, start)


@settings(max_examples=150, deadline=None)
@given(history=histories(), cuts=st.lists(st.integers(min_value=1, max_value=120), min_size=1, max_size=5))
@example(history=(NEW_YEAR_PAUSE, d("2027-01-07"), d("2026-12-14")), cuts=[10, 7, 4, 1])
def test_folding_in_steps_then_the_recent_days_equals_folding_at_once(history, cuts):
    facts, today, start = history
    state = StreakState()
    for cut in sorted(cuts, reverse=True):  # the persisted state advances day after day
        settled = today - ONE_DAY * cut
        if start <= settled:
            state = streaks.fold(state, facts, settled, start=start)
    stepped = streaks.streaks_from(state, facts, today, start=start if state.through is None else None)
    assert stepped == on(facts, today, start)


# --- A long history ----------------------------------------------------------------------


def test_ten_years_fold_to_the_right_streaks_in_one_pass_or_many():
    # Monday 28 November 2016 to today, six days a week with every Sunday planned as rest.
    start = d("2016-11-28")
    history = [start + ONE_DAY * n for n in range((TODAY - start).days + 1)]
    sundays = {day for day in history if day.weekday() == 6}
    facts = facts_of([day for day in history if day not in sundays], rest=sundays, target=6)
    assert len(history) == 3649

    result = on(facts, TODAY, start)
    assert (result.current, result.longest) == (3649 - len(sundays), 3649 - len(sundays))
    assert result.score == 100
    closed_weeks = (THIS_WEEK - start).days // 7
    assert (result.week_current, result.week_longest) == (closed_weeks, closed_weeks)

    state = StreakState()
    for year in range(2017, 2027):
        state = streaks.fold(state, facts, dt.date(year, 1, 1), start=start if state.through is None else None)
    assert streaks.streaks_from(state, facts, TODAY) == result
