"""The pure streak fold (tracking/streaks.py), day status (tracking/rules.py) and month grid
(tracking/month.py): no database, no clock.

The property tests compare the fold with a deliberately naive reference
(tests/tracking/reference.py) written from the rules, and the persisted
fold with the whole-history fold, over random histories around leap days and new years.
"""

import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.dates import ONE_DAY, TODAY, d
from tests.tracking.reference import day_streaks
from tracking import month as month_grid
from tracking import rules, streaks
from tracking.rules import DayStatus
from tracking.streaks import StreakState


def pair(result) -> tuple[int, int]:
    """(current, longest) of a streaks result."""
    return result.current, result.longest


def run_of(first: dt.date, length: int) -> set[dt.date]:
    return {first + dt.timedelta(days=offset) for offset in range(length)}


# --- Day status ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("done", "planned", "status"),
    [
        (3, 3, DayStatus.COMPLETE),
        (4, 3, DayStatus.COMPLETE),
        (2, 3, DayStatus.PARTIAL),
        (1, 3, DayStatus.PARTIAL),
        (0, 3, DayStatus.MISSED),
        (0, 0, DayStatus.MISSED),
    ],
)
def test_a_day_is_complete_partial_or_missed_by_the_count_of_plan_exercises_done(done, planned, status):
    assert rules.day_status(TODAY, done=done, planned=planned, rest=False, paused=False) is status


def test_the_facts_of_a_day_give_its_status():
    facts = streaks.Facts(planned=3, done={d("2026-11-20"): 3, d("2026-11-21"): 2})
    assert facts.status(d("2026-11-20")) is DayStatus.COMPLETE
    assert facts.status(d("2026-11-21")) is DayStatus.PARTIAL
    assert facts.status(d("2026-11-22")) is DayStatus.MISSED


def test_an_empty_plan_never_makes_a_day_complete():
    assert streaks.Facts(planned=0, done={TODAY: 0}).status(TODAY) is DayStatus.MISSED


# --- Current and longest streak -----------------------------------------------------


def test_no_history_means_no_streak():
    assert pair(streaks.streaks([], TODAY)) == (0, 0)


def test_a_run_ending_today_counts_today():
    assert pair(streaks.streaks(run_of(TODAY - 4 * ONE_DAY, 5), TODAY)) == (5, 5)


def test_a_run_ending_yesterday_is_still_alive_while_today_is_open():
    assert pair(streaks.streaks(run_of(TODAY - 3 * ONE_DAY, 3), TODAY)) == (3, 3)


def test_completing_today_extends_the_run_that_ended_yesterday():
    complete = run_of(TODAY - 3 * ONE_DAY, 3) | {TODAY}
    assert pair(streaks.streaks(complete, TODAY)) == (4, 4)


def test_a_run_that_ended_the_day_before_yesterday_is_broken():
    complete = run_of(TODAY - 6 * ONE_DAY, 5)  # last complete day: two days ago
    assert pair(streaks.streaks(complete, TODAY)) == (0, 5)


def test_a_missed_day_breaks_the_streak_and_a_new_one_starts_after_it():
    complete = run_of(d("2026-11-10"), 6) | run_of(d("2026-11-17"), 8)  # 16 Nov missed
    assert d("2026-11-16") not in complete
    assert pair(streaks.streaks(complete, TODAY)) == (8, 8)


def test_the_longest_streak_is_the_longest_run_over_all_history():
    complete = run_of(d("2019-01-01"), 40) | run_of(d("2025-06-01"), 12) | run_of(TODAY - 2 * ONE_DAY, 3)
    assert pair(streaks.streaks(complete, TODAY)) == (3, 40)


def test_a_single_complete_day_today_is_a_streak_of_one():
    assert pair(streaks.streaks({TODAY}, TODAY)) == (1, 1)


def test_complete_days_after_today_are_not_counted():
    complete = {TODAY + ONE_DAY, TODAY + 2 * ONE_DAY}
    assert pair(streaks.streaks(complete, TODAY)) == (0, 0)


def test_the_streak_on_a_past_day_ignores_what_came_later():
    complete = run_of(d("2026-11-01"), 24)
    assert pair(streaks.streaks(complete, d("2026-11-10"))) == (10, 10)


# --- Month, year and leap-day boundaries --------------------------------------------


def test_a_streak_runs_across_the_leap_day():
    complete = {d("2028-02-27"), d("2028-02-28"), d("2028-02-29"), d("2028-03-01")}
    assert pair(streaks.streaks(complete, d("2028-03-01"))) == (4, 4)


def test_missing_the_leap_day_breaks_the_streak():
    complete = {d("2028-02-27"), d("2028-02-28"), d("2028-03-01")}
    assert pair(streaks.streaks(complete, d("2028-03-01"))) == (1, 2)


def test_in_a_common_year_the_28th_of_february_is_followed_by_the_1st_of_march():
    complete = {d("2027-02-27"), d("2027-02-28"), d("2027-03-01")}
    assert pair(streaks.streaks(complete, d("2027-03-01"))) == (3, 3)


def test_a_streak_runs_across_new_year():
    complete = {d("2026-12-30"), d("2026-12-31"), d("2027-01-01"), d("2027-01-02")}
    assert pair(streaks.streaks(complete, d("2027-01-02"))) == (4, 4)


def test_on_new_years_day_a_run_ending_on_new_years_eve_is_alive():
    complete = {d("2026-12-29"), d("2026-12-30"), d("2026-12-31")}
    assert pair(streaks.streaks(complete, d("2027-01-01"))) == (3, 3)


def test_a_streak_runs_across_the_end_of_a_30_day_month():
    complete = run_of(d("2026-11-28"), 5)  # 28 Nov .. 2 Dec
    assert pair(streaks.streaks(complete, d("2026-12-02"))) == (5, 5)


# --- The fold and its persisted state -----------------------------------------------


def facts_of(complete=(), *, partial=(), planned=3) -> streaks.Facts:
    """A three-exercise plan with the whole plan done on `complete` days, one exercise
    on `partial` days."""
    done = dict.fromkeys(partial, 1) | dict.fromkeys(complete, planned)
    return streaks.Facts(planned=planned, done=done)


def test_folding_days_with_nothing_complete_leaves_an_empty_run():
    state = streaks.fold(StreakState(), facts_of({TODAY}), TODAY - 10 * ONE_DAY, start=TODAY - 40 * ONE_DAY)
    assert (state.through, state.run, state.longest) == (TODAY - 10 * ONE_DAY, 0, 0)


def test_a_new_fold_needs_a_start_day():
    with pytest.raises(ValueError):
        streaks.fold(StreakState(), facts_of(), TODAY)


def test_folding_up_to_a_day_already_folded_changes_nothing():
    state = StreakState(through=TODAY, run=4, longest=9)
    assert streaks.fold(state, facts_of({TODAY - ONE_DAY}), TODAY - 3 * ONE_DAY) == state


def test_days_at_or_before_the_folded_day_are_not_folded_again():
    state = StreakState(through=d("2026-11-10"), run=2, longest=5)
    folded = streaks.fold(state, facts_of({d("2026-11-09"), d("2026-11-10"), d("2026-11-11")}), d("2026-11-12"))
    assert (folded.through, folded.run, folded.longest) == (d("2026-11-12"), 0, 5)


def test_the_fold_state_carries_a_run_over_the_boundary():
    facts = facts_of(run_of(d("2026-11-01"), 24))
    state = streaks.fold(StreakState(), facts, d("2026-11-15"), start=d("2026-11-01"))
    assert (state.through, state.run, state.longest) == (d("2026-11-15"), 15, 15)
    assert pair(streaks.streaks_from(state, facts, TODAY)) == (24, 24)


def test_a_partial_day_breaks_the_run_in_the_fold():
    facts = facts_of(run_of(d("2026-11-01"), 5) | run_of(d("2026-11-07"), 3), partial={d("2026-11-06")})
    state = streaks.fold(StreakState(), facts, d("2026-11-09"), start=d("2026-11-01"))
    assert (state.run, state.longest) == (3, 5)


dates_around_boundaries = st.dates(min_value=d("2027-11-01"), max_value=d("2029-03-31"))
histories = st.dictionaries(dates_around_boundaries, st.integers(min_value=0, max_value=3), max_size=400)


def complete_in(done: dict[dt.date, int]) -> set[dt.date]:
    return {day for day, count in done.items() if count == 3}


def persisted_then_recent(facts, today, settled, start):
    """What a page computes: the state persisted up to `settled`, then the days after."""
    state = streaks.fold(StreakState(), facts, settled, start=start) if start <= settled else StreakState()
    return streaks.streaks_from(state, facts, today, start=start)


@settings(max_examples=150, deadline=None)
@given(done=histories, today=dates_around_boundaries, cut=st.integers(min_value=1, max_value=600))
@example(done=dict.fromkeys(run_of(d("2028-02-20"), 12), 3), today=d("2028-03-02"), cut=3)
@example(done=dict.fromkeys(run_of(d("2028-12-25"), 12), 3), today=d("2029-01-05"), cut=6)
def test_folding_a_persisted_state_then_the_recent_days_equals_folding_the_whole_history(done, today, cut):
    facts = streaks.Facts(planned=3, done=done)
    start = min([today, *done])
    whole = streaks.streaks_from(StreakState(), facts, today, start=start)

    assert persisted_then_recent(facts, today, today - dt.timedelta(days=cut), start) == whole
    assert pair(whole) == day_streaks(complete_in(done), today)


@settings(max_examples=150, deadline=None)
@given(complete=st.sets(dates_around_boundaries, max_size=400), today=dates_around_boundaries)
def test_the_streaks_match_the_rules_written_plainly(complete, today):
    assert pair(streaks.streaks(complete, today)) == day_streaks(complete, today)


@settings(max_examples=100, deadline=None)
@given(
    done=histories,
    today=dates_around_boundaries,
    cuts=st.lists(st.integers(min_value=1, max_value=500), min_size=1, max_size=6),
)
def test_folding_in_many_steps_equals_folding_once(done, today, cuts):
    facts = streaks.Facts(planned=3, done=done)
    start = min([today, *done])
    state = StreakState()
    for cut in sorted(cuts, reverse=True):  # the persisted state advances day after day
        settled = today - dt.timedelta(days=cut)
        if start <= settled:
            state = streaks.fold(state, facts, settled, start=start)
    assert streaks.streaks_from(state, facts, today, start=start) == streaks.streaks_from(
        StreakState(), facts, today, start=start
    )


# --- Month summary ------------------------------------------------------------------


JANUARY_FIRST = dt.date(2026, 1, 1)


def month(year=2026, month_number=11, done_by_day=None, *, today=TODAY, started=JANUARY_FIRST, planned=3):
    facts = streaks.Facts(planned=planned, done=done_by_day or {})
    return month_grid.month_summary(year, month_number, facts, today=today, started=started)


def cells(summary) -> dict[dt.date, month_grid.CalendarDay]:
    return {cell.day: cell for week in summary.weeks for cell in week if cell}


def test_weeks_start_on_monday_and_days_of_other_months_are_none():
    summary = month()  # 1 November 2026 is a Sunday, 30 November a Monday
    assert all(len(week) == 7 for week in summary.weeks)
    assert summary.weeks[0][:6] == [None] * 6
    assert summary.weeks[0][6].day == d("2026-11-01")
    assert summary.weeks[1][0].day == d("2026-11-02")
    assert summary.weeks[1][0].day.weekday() == 0
    assert summary.weeks[-1][0].day == d("2026-11-30")
    assert summary.weeks[-1][1:] == [None] * 6
    assert len(summary.weeks) == 6


def test_a_month_that_starts_on_monday_has_no_padding():
    summary = month(2027, 2, today=d("2027-03-10"))
    assert len(summary.weeks) == 4
    assert all(cell is not None for week in summary.weeks for cell in week)
    assert summary.weeks[0][0].day == d("2027-02-01")


def test_every_day_of_the_month_appears_once_in_order():
    for year, month_number, length in [(2028, 2, 29), (2027, 2, 28), (2026, 12, 31), (2026, 11, 30)]:
        summary = month(year, month_number, today=d("2029-01-01"))
        days = [cell.day for week in summary.weeks for cell in week if cell]
        assert days == [dt.date(year, month_number, 1) + dt.timedelta(days=n) for n in range(length)]


def test_each_day_gets_its_status():
    done = {d("2026-11-02"): 3, d("2026-11-03"): 1, d("2026-11-23"): 2, TODAY: 3}
    by_day = cells(month(done_by_day=done, started=d("2026-11-02")))
    assert by_day[d("2026-11-01")].status is DayStatus.NOT_STARTED
    assert by_day[d("2026-11-02")].status is DayStatus.COMPLETE
    assert by_day[d("2026-11-03")].status is DayStatus.PARTIAL
    assert by_day[d("2026-11-04")].status is DayStatus.MISSED
    assert by_day[d("2026-11-23")].status is DayStatus.PARTIAL
    assert by_day[TODAY].status is DayStatus.COMPLETE
    assert by_day[d("2026-11-25")].status is DayStatus.FUTURE
    assert by_day[d("2026-11-03")].done == 1
    assert by_day[d("2026-11-03")].planned == 3


def test_today_with_nothing_done_yet_is_to_do_not_missed():
    assert cells(month())[TODAY].status is DayStatus.TODO


def test_today_partly_done_is_partial():
    assert cells(month(done_by_day={TODAY: 2}))[TODAY].status is DayStatus.PARTIAL


def test_an_open_today_does_not_lower_the_consistency():
    done = {d("2026-11-22"): 3, d("2026-11-23"): 3}
    for today_done in (0, 1, 2):
        summary = month(done_by_day=done | {TODAY: today_done}, started=d("2026-11-22"))
        assert (summary.complete_days, summary.counted_days, summary.consistency) == (2, 2, 100)


def test_completing_today_counts_in_the_consistency():
    done = {d("2026-11-22"): 3, d("2026-11-23"): 0, TODAY: 3}
    summary = month(done_by_day=done, started=d("2026-11-22"))
    assert (summary.complete_days, summary.counted_days, summary.consistency) == (2, 3, 67)


def test_a_day_done_before_the_recorded_start_still_counts():
    by_day = cells(month(done_by_day={d("2026-11-05"): 3}, started=d("2026-11-10")))
    assert by_day[d("2026-11-05")].status is DayStatus.COMPLETE
    assert by_day[d("2026-11-06")].status is DayStatus.NOT_STARTED


def test_consistency_is_complete_days_over_days_that_could_have_been_done():
    # Started 10 Nov, today 24 Nov: 15 counted days, 6 complete, 2 partial.
    done = {day: 3 for day in run_of(d("2026-11-19"), 6)} | {d("2026-11-12"): 1, d("2026-11-13"): 2}
    summary = month(done_by_day=done, started=d("2026-11-10"))
    assert summary.complete_days == 6
    assert summary.counted_days == 15
    assert summary.consistency == 40


def test_consistency_rounds_to_a_whole_percentage():
    done = {d("2026-11-22"): 3, d("2026-11-23"): 3}  # 2 of 3 counted days (21, 22, 23)
    assert month(done_by_day=done, started=d("2026-11-21")).consistency == 67


def test_a_month_with_no_counted_days_has_zero_consistency():
    summary = month(started=d("2026-12-01"))
    assert summary.counted_days == 0
    assert summary.consistency == 0


def test_a_fully_completed_past_month_is_one_hundred_percent():
    done = {day: 3 for day in run_of(d("2026-10-01"), 31)}
    summary = month(2026, 10, done, started=d("2026-09-01"))
    assert (summary.complete_days, summary.counted_days, summary.consistency) == (31, 31, 100)


def test_only_today_and_the_seven_days_before_are_loggable():
    loggable = [day for day, cell in cells(month()).items() if cell.loggable]
    assert loggable == [TODAY - dt.timedelta(days=back) for back in range(7, -1, -1)]


def test_the_loggable_window_reaches_back_into_the_previous_month():
    by_day = cells(month(2026, 11, today=d("2026-12-03")))
    assert [day for day, cell in by_day.items() if cell.loggable] == [d("2026-11-26") + ONE_DAY * n for n in range(5)]


def test_month_bounds_know_leap_years():
    assert month_grid.month_bounds(2028, 2) == (d("2028-02-01"), d("2028-02-29"))
    assert month_grid.month_bounds(2027, 2) == (d("2027-02-01"), d("2027-02-28"))
    assert month_grid.month_bounds(2026, 12) == (d("2026-12-01"), d("2026-12-31"))


@pytest.mark.parametrize(
    ("start", "months", "result"),
    [
        ("2026-12-01", 1, "2027-01-01"),
        ("2027-01-01", -1, "2026-12-01"),
        ("2026-11-01", 14, "2028-01-01"),
        ("2028-02-01", -26, "2025-12-01"),
        ("2026-11-01", 0, "2026-11-01"),
    ],
)
def test_adding_months_crosses_year_boundaries(start, months, result):
    assert month_grid.add_months(d(start), months) == d(result)
