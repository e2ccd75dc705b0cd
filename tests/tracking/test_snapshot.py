"""tracking.selectors.snapshot: the persisted streak fold never changes the answer.

A runner with years of history gets the same streaks from snapshot() as from the plain
rules over the whole history, whatever the state of their StreakSummary (none, built
long ago, built recently, built just now) and as the clock moves on day after day. The
snapshot only reads; a page keeps its fold of the settled days with
streak_summary_advance, as these tests do after each snapshot.
"""

import datetime as dt
import random

import pytest
from django.db.models import Count

from accounts.timezones import local_today
from tests.dates import NOW, ONE_DAY, TODAY, at_local
from tests.factories import add_history
from tests.tracking.reference import day_streaks
from tracking.models import Completion, StreakSummary
from tracking.rules import settled_through
from tracking.selectors import snapshot
from tracking.services import completion_mark, completion_undo, streak_summary_advance, streak_summary_rebuild


def complete_days_in_db(user, plan) -> set[dt.date]:
    """The days on which every exercise of the plan is stored as done, counted by the database."""
    rows = (
        Completion.objects.filter(user=user, exercise__in=plan)
        .values("completed_on")
        .annotate(done=Count("exercise", distinct=True))
        .filter(done=len(plan))
        .values_list("completed_on", flat=True)
    )
    return set(rows)


def page_read(user, today: dt.date, now: dt.datetime, days=None):
    """What a page does: read the snapshot, then keep its fold of the newly settled days."""
    snap = snapshot(user=user, today=today, now=now, days=days)
    streak_summary_advance(user=user, snapshot=snap)
    return snap


def streaks_now(user, today: dt.date, now: dt.datetime) -> tuple[int, int]:
    result = page_read(user, today, now).streaks
    return result.current, result.longest


def years_of_history(user, plan, *, seed: int, years: int = 5, until: dt.date = TODAY) -> None:
    """Runs of complete days (some long, some a day) split by missed and partial days."""
    rng = random.Random(seed)
    complete, partial = [], []
    day = until - dt.timedelta(days=365 * years)
    while day <= until:
        length = rng.choice([1, 3, 8, 20, 60, 200])
        complete += [day + dt.timedelta(days=n) for n in range(length)]
        day += dt.timedelta(days=length)
        if rng.random() < 0.5:
            partial.append(day)
        day += dt.timedelta(days=rng.choice([1, 1, 2, 5]))
    add_history(user, [d for d in complete if d <= until])
    add_history(user, [d for d in partial if d <= until], plan[:2])


SUMMARY_BUILT = {
    "never": None,
    "three years ago": dt.timedelta(days=3 * 365),
    "forty days ago": dt.timedelta(days=40),
    "yesterday": dt.timedelta(days=1),
    "just now": dt.timedelta(0),
}


@pytest.mark.parametrize("seed", [7, 8])
def test_snapshot_streaks_equal_the_rules_over_the_whole_history(alice, plan, seed):
    years_of_history(alice, plan, seed=seed)
    expected = day_streaks(complete_days_in_db(alice, plan), TODAY)
    for built, age in SUMMARY_BUILT.items():
        if age is None:
            StreakSummary.objects.filter(user=alice).delete()
        else:
            streak_summary_rebuild(user=alice, now=NOW - age)

        assert streaks_now(alice, TODAY, NOW) == expected, f"summary built {built}"


@pytest.mark.parametrize("built", SUMMARY_BUILT, ids=list(SUMMARY_BUILT))
def test_snapshot_stays_right_as_the_days_go_by(alice, plan, clock, built):
    years_of_history(alice, plan, seed=11, years=2)
    if SUMMARY_BUILT[built] is not None:
        streak_summary_rebuild(user=alice, now=NOW - SUMMARY_BUILT[built])
    rng = random.Random(built)
    now = NOW
    # Two months of visits: some days all done, some partly, some skipped, some
    # visits days apart; each visit may also log one of the last seven days late.
    for _ in range(30):
        now += dt.timedelta(days=rng.choice([1, 1, 1, 2, 3]), hours=rng.choice([-5, 0, 6]))
        clock.move_to(now)
        today = local_today(alice.timezone, now=now)
        for exercise in plan[: rng.choice([0, 1, 3, 3, 3])]:
            completion_mark(user=alice, exercise=exercise, on=today, today=today)
        if rng.random() < 0.3:
            late = today - dt.timedelta(days=rng.randint(1, 7))
            action = completion_mark if rng.random() < 0.7 else completion_undo
            for exercise in plan:
                action(user=alice, exercise=exercise, on=late, today=today)

        assert streaks_now(alice, today, now) == day_streaks(complete_days_in_db(alice, plan), today), now


def test_a_snapshot_reads_and_writes_nothing(alice, plan):
    years_of_history(alice, plan, seed=3, years=1)
    StreakSummary.objects.filter(user=alice).delete()
    snap = snapshot(user=alice, today=TODAY, now=NOW)
    assert snap.settled.through == settled_through(NOW)
    assert not StreakSummary.objects.filter(user=alice).exists()


def test_a_page_keeps_the_fold_only_for_days_no_one_can_change(alice, plan):
    years_of_history(alice, plan, seed=3, years=1)
    page_read(alice, TODAY, NOW)
    summary = StreakSummary.objects.get(user=alice)
    assert summary.through == settled_through(NOW) == TODAY - 9 * ONE_DAY


def test_a_late_mark_inside_the_window_after_a_snapshot_still_counts(alice, plan):
    # Complete from 30 days ago up to today, except a hole seven days back.
    add_history(alice, [TODAY - n * ONE_DAY for n in range(31) if n != 7])
    assert streaks_now(alice, TODAY, NOW) == (7, 23)

    for exercise in plan:
        completion_mark(user=alice, exercise=exercise, on=TODAY - 7 * ONE_DAY, today=TODAY)

    assert streaks_now(alice, TODAY, NOW) == (31, 31)


def test_a_late_undo_inside_the_window_after_a_snapshot_breaks_the_streak(alice, plan):
    add_history(alice, [TODAY - n * ONE_DAY for n in range(31)])
    assert streaks_now(alice, TODAY, NOW) == (31, 31)

    completion_undo(user=alice, exercise=plan[1], on=TODAY - 7 * ONE_DAY, today=TODAY)

    assert streaks_now(alice, TODAY, NOW) == (7, 23)


def test_a_page_read_later_in_the_same_day_writes_nothing(alice, plan, django_assert_num_queries):
    years_of_history(alice, plan, seed=5, years=2)
    page_read(alice, TODAY, NOW)
    # The summary, the recent completions, the recent rest days and pauses; the plan is cached.
    with django_assert_num_queries(3):
        page_read(alice, TODAY, NOW + dt.timedelta(hours=3))


def test_a_snapshot_shows_the_marks_of_an_old_month_it_is_asked_for(alice, plan):
    add_history(alice, [dt.date(2025, 3, 1), dt.date(2025, 3, 31)])
    add_history(alice, [dt.date(2025, 3, 15)], plan[:1])
    streak_summary_rebuild(user=alice)

    snap = snapshot(user=alice, today=TODAY, now=NOW, days=(dt.date(2025, 3, 1), dt.date(2025, 3, 31)))

    assert dict(snap.facts.done) == {dt.date(2025, 3, 1): 3, dt.date(2025, 3, 15): 1, dt.date(2025, 3, 31): 3}


def test_a_snapshot_only_shows_the_runners_own_marks(alice, bob, plan):
    add_history(bob, [TODAY - n * ONE_DAY for n in range(20)])
    snap = snapshot(user=alice, today=TODAY, now=NOW, days=(TODAY - 30 * ONE_DAY, TODAY))
    assert dict(snap.facts.done) == {}
    assert (snap.streaks.current, snap.streaks.longest) == (0, 0)


def test_switching_time_zone_keeps_the_streak_right(alice, plan, clock):
    """A runner flies from Kiritimati (UTC+14) to Baker Island time (UTC−12): their
    today goes back a day; the days already settled stay settled."""
    alice.timezone = "Pacific/Kiritimati"
    alice.save()
    now = at_local(TODAY, 9, 0, "Pacific/Kiritimati")
    clock.move_to(now)
    add_history(alice, [TODAY - n * ONE_DAY for n in range(40)])
    assert streaks_now(alice, TODAY, now) == (40, 40)

    alice.timezone = "Etc/GMT+12"
    alice.save()
    later = now + dt.timedelta(hours=2)
    clock.move_to(later)
    today_there = local_today(alice.timezone, now=later)
    assert today_there == TODAY - ONE_DAY  # 09:00 the day before, 26 hours behind Kiritimati
    # Today's marks (made in Kiritimati) are now in the runner's future: not counted yet.
    assert streaks_now(alice, today_there, later) == (39, 39)
    assert streaks_now(alice, today_there, later) == day_streaks(complete_days_in_db(alice, plan), today_there)


def test_at_utc_minus_12_the_oldest_loggable_day_is_never_settled_too_early(make_user, plan, clock):
    """At 06:00 UTC it is still the day before at UTC−12, so the oldest day that runner
    may log is 8 days behind the UTC date: the settled days must stop before it."""
    now = dt.datetime(2026, 11, 24, 6, 0, tzinfo=dt.UTC)
    clock.move_to(now)
    runner = make_user("baker@example.com", timezone="Etc/GMT+12")
    local = local_today(runner.timezone, now=now)
    oldest = local - 7 * ONE_DAY
    assert (local, oldest) == (dt.date(2026, 11, 23), now.date() - 8 * ONE_DAY)
    add_history(runner, [local - n * ONE_DAY for n in range(0, 30) if n != 7])
    assert streaks_now(runner, local, now) == (7, 22)  # the summary is now stored

    for exercise in plan:
        completion_mark(user=runner, exercise=exercise, on=oldest, today=local)

    assert streaks_now(runner, local, now) == (30, 30)
