"""The write services of tracking/services.py, against the real test database."""

import datetime as dt
import random

import pytest

from routines.models import Exercise
from tests.dates import NOW, ONE_DAY, TODAY
from tests.factories import add_history, rows_of
from tests.tracking.reference import longest_run, run_ending
from tracking.models import Completion, StreakSummary
from tracking.rules import check_loggable, parse_day, settled_through
from tracking.selectors import plan_exercise
from tracking.services import TrackingError, completion_mark, completion_undo, streak_summary_rebuild


@pytest.fixture
def first(plan):
    return plan[0]


# --- Marking and undoing ------------------------------------------------------------


def test_marking_stores_the_runners_day(alice, first):
    completion_mark(user=alice, exercise=first, on=TODAY, today=TODAY)
    completion = Completion.objects.get(user=alice)
    assert (completion.completed_on, completion.exercise, completion.completed_at) == (TODAY, first, NOW)


def test_marking_twice_stores_one_row(alice, first):
    completion_mark(user=alice, exercise=first, on=TODAY, today=TODAY)
    completion_mark(user=alice, exercise=first, on=TODAY, today=TODAY)
    assert Completion.objects.filter(user=alice).count() == 1


def test_marking_again_keeps_the_first_moment(alice, first, clock):
    completion_mark(user=alice, exercise=first, on=TODAY, today=TODAY)
    clock.move_to(NOW + dt.timedelta(hours=2))
    completion_mark(user=alice, exercise=first, on=TODAY, today=TODAY)
    assert Completion.objects.get(user=alice).completed_at == NOW


def test_the_same_exercise_on_two_days_is_two_rows(alice, first):
    completion_mark(user=alice, exercise=first, on=TODAY, today=TODAY)
    completion_mark(user=alice, exercise=first, on=TODAY - ONE_DAY, today=TODAY)
    assert rows_of(alice) == [(TODAY - ONE_DAY, first.slug), (TODAY, first.slug)]


def test_undo_removes_the_mark(alice, first):
    completion_mark(user=alice, exercise=first, on=TODAY, today=TODAY)
    completion_undo(user=alice, exercise=first, on=TODAY, today=TODAY)
    assert rows_of(alice) == []


def test_undo_only_removes_that_exercise_on_that_day(alice, plan):
    for exercise in plan:
        completion_mark(user=alice, exercise=exercise, on=TODAY, today=TODAY)
    completion_mark(user=alice, exercise=plan[0], on=TODAY - ONE_DAY, today=TODAY)
    completion_undo(user=alice, exercise=plan[0], on=TODAY, today=TODAY)
    assert rows_of(alice) == sorted([(TODAY - ONE_DAY, plan[0].slug), (TODAY, plan[1].slug), (TODAY, plan[2].slug)])


def test_undo_without_a_mark_changes_nothing(alice, first):
    completion_undo(user=alice, exercise=first, on=TODAY, today=TODAY)
    assert rows_of(alice) == []


def test_undo_never_touches_another_runners_mark(alice, bob, first):
    completion_mark(user=bob, exercise=first, on=TODAY, today=TODAY)
    completion_undo(user=alice, exercise=first, on=TODAY, today=TODAY)
    assert rows_of(bob) == [(TODAY, first.slug)]


# --- The late-logging window --------------------------------------------------------


def test_a_day_seven_days_back_can_be_marked_and_undone(alice, first):
    seven_back = TODAY - 7 * ONE_DAY
    completion_mark(user=alice, exercise=first, on=seven_back, today=TODAY)
    assert rows_of(alice) == [(seven_back, first.slug)]
    completion_undo(user=alice, exercise=first, on=seven_back, today=TODAY)
    assert rows_of(alice) == []


def test_a_day_eight_days_back_is_refused(alice, first):
    with pytest.raises(TrackingError, match=r"up to 7 days back \(from 17 November 2026\)"):
        completion_mark(user=alice, exercise=first, on=TODAY - 8 * ONE_DAY, today=TODAY)
    assert rows_of(alice) == []


def test_undo_eight_days_back_is_refused_and_keeps_the_mark(alice, first):
    old = TODAY - 8 * ONE_DAY
    add_history(alice, [old], [first])
    with pytest.raises(TrackingError):
        completion_undo(user=alice, exercise=first, on=old, today=TODAY)
    assert rows_of(alice) == [(old, first.slug)]


def test_tomorrow_is_refused(alice, first):
    with pytest.raises(TrackingError, match="hasn't happened yet"):
        completion_mark(user=alice, exercise=first, on=TODAY + ONE_DAY, today=TODAY)
    assert rows_of(alice) == []


def test_the_window_is_counted_from_the_runners_today_across_a_month_end():
    check_loggable(dt.date(2026, 11, 24), today=dt.date(2026, 12, 1))
    with pytest.raises(TrackingError, match="from 24 November 2026"):
        check_loggable(dt.date(2026, 11, 23), today=dt.date(2026, 12, 1))


# --- Parsing the form values --------------------------------------------------------


@pytest.mark.parametrize("value", [None, ""])
def test_an_empty_day_means_today(value):
    assert parse_day(value, today=TODAY) == TODAY


def test_a_day_is_read_as_year_month_day():
    assert parse_day("2028-02-29", today=TODAY) == dt.date(2028, 2, 29)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-13-01", "2026-13-01 is not a real date."),
        ("2027-02-29", "2027-02-29 is not a real date."),
        ("yesterday", "The date must look like 2026-11-24 (year-month-day)."),
        ("24/11/2026", "The date must look like 2026-11-24 (year-month-day)."),
        ("2026-11-24T00:00", "The date must look like 2026-11-24 (year-month-day)."),
        ("20261124", "The date must look like 2026-11-24 (year-month-day)."),
        (" 2026-11-24", "The date must look like 2026-11-24 (year-month-day)."),
        ("2026-11-24" * 1000, "The date must look like 2026-11-24 (year-month-day)."),
    ],
)
def test_a_malformed_day_is_refused_with_a_clear_message(value, message):
    with pytest.raises(TrackingError) as error:
        parse_day(value, today=TODAY)
    assert str(error.value) == message


def test_a_plan_exercise_is_found_by_its_slug(plan):
    assert plan_exercise("eccentric-heel-raise") == plan[2]


@pytest.mark.parametrize("slug", ["", None, "no-such-exercise", "x" * 5000, "Eccentric-Heel-Raise"])
def test_an_unknown_exercise_is_refused(db, slug):
    with pytest.raises(TrackingError, match="not part of the daily plan"):
        plan_exercise(slug)


def test_an_exercise_taken_out_of_the_plan_cannot_be_marked(db):
    Exercise.objects.filter(slug="eccentric-heel-raise").update(in_plan=False)  # before the plan is cached
    with pytest.raises(TrackingError):
        plan_exercise("eccentric-heel-raise")


# --- Rebuilding the persisted streak fold -------------------------------------------


def random_history(rng: random.Random, plan, first: dt.date, last: dt.date):
    """Runs of complete days broken by gaps and partial days, like a real runner's."""
    rows = {}
    day = first
    while day <= last:
        for _ in range(rng.choice([1, 2, 5, 12, 30, 90])):
            rows[day] = plan
            day += ONE_DAY
        for _ in range(rng.choice([1, 1, 2, 4])):
            rows[day] = rng.sample(plan, rng.randint(0, len(plan) - 1))
            day += ONE_DAY
    return {day: exercises for day, exercises in rows.items() if day <= last}


def store(user, history) -> None:
    # One bulk insert per distinct set of exercises keeps years of history fast.
    by_set: dict[tuple, list[dt.date]] = {}
    for day, exercises in history.items():
        by_set.setdefault(tuple(exercises), []).append(day)
    for exercises, days in by_set.items():
        if exercises:
            add_history(user, days, list(exercises))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rebuilding_the_summary_equals_the_plain_rules_over_the_settled_days(alice, plan, seed):
    history = random_history(random.Random(seed), plan, TODAY - dt.timedelta(days=4 * 365), TODAY)
    store(alice, history)
    complete = {day for day, exercises in history.items() if len(exercises) == len(plan)}
    limit = settled_through(NOW)

    summary = streak_summary_rebuild(user=alice)

    assert limit == TODAY - 9 * ONE_DAY
    assert summary.through == limit
    assert (summary.run, summary.longest) == (run_ending(complete, limit), longest_run(complete, limit))


def test_rebuilding_counts_the_run_that_reaches_the_settled_day(alice, plan):
    limit = settled_through(NOW)
    add_history(alice, [limit - n * ONE_DAY for n in range(20)])
    summary = streak_summary_rebuild(user=alice)
    assert (summary.through, summary.run, summary.longest) == (limit, 20, 20)


def test_rebuilding_leaves_out_days_that_can_still_change(alice, plan):
    add_history(alice, [TODAY - n * ONE_DAY for n in range(5)])
    summary = streak_summary_rebuild(user=alice)
    assert (summary.run, summary.longest) == (0, 0)


def test_rebuilding_ignores_exercises_no_longer_in_the_plan(alice, plan):
    limit = settled_through(NOW)
    add_history(alice, [limit - n * ONE_DAY for n in range(3)], plan[:2])
    retired = plan[2]
    retired.in_plan = False  # a two-exercise plan now; saving drops the cached plan
    retired.save()
    summary = streak_summary_rebuild(user=alice)
    assert (summary.run, summary.longest) == (3, 3)


def test_rebuilding_replaces_a_wrong_summary(alice, plan):
    StreakSummary.objects.filter(user=alice).update(through=TODAY - 9 * ONE_DAY, run=99, longest=500)
    summary = streak_summary_rebuild(user=alice)
    assert (summary.run, summary.longest) == (0, 0)
    assert StreakSummary.objects.count() == 1


def test_rebuilding_at_an_earlier_moment_stops_at_that_moments_settled_day(alice, plan):
    add_history(alice, [TODAY - n * ONE_DAY for n in range(60)])
    earlier = NOW - dt.timedelta(days=30)
    summary = streak_summary_rebuild(user=alice, now=earlier)
    assert summary.through == settled_through(earlier) == TODAY - 39 * ONE_DAY
    assert (summary.run, summary.longest) == (21, 21)
