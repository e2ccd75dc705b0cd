"""Every page runs a fixed number of queries, whatever the length of the runner's history.

Three runners: no history, one year and ten years of daily completions (bulk inserted
once for this module). Either their StreakSummary has been rebuilt (the steady state:
each later visit folds only the unsettled days), or not (the very first visit folds the
whole history once). The plan is cached before each measured request, as it is after
any visit.
"""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from progress.levels import plan_ladders
from tests.clients import new_client
from tests.dates import NOW
from tests.factories import add_history, days_back
from tracking.models import StreakSummary
from tracking.services import streak_summary_rebuild

HISTORIES = {"no history": 0, "one year": 365, "ten years": 3653}

# (method, url, data): today is Tuesday 24 November 2026.
REQUESTS = {
    "today": ("get", "/", None),
    "calendar": ("get", "/calendar/", None),
    "past month": ("get", "/calendar/2026/3/", None),
    "day page": ("get", "/calendar/day/2026-11-20/", None),
    "mark": ("post", "/track/mark/", {"exercise": "eccentric-heel-raise", "on": "2026-11-20"}),
}

# Measured; the point is that they do not depend on the history. A page runs: the
# session with its user (one statement, accounts.sessions), the streak summary, the
# unsettled (and shown) days' completions, their rest days and pauses. Marking runs the
# session with its user and one INSERT.
# Today also asks tracking.hooks for the progress app's part, a fixed 3 queries for these
# runners, who never rated a session: the runner's chosen levels, read once for the doses
# and the section (1); pain during and mornings in one statement (1); the last self-test,
# the open red flag and the progress profile in one statement (1). With a rated session in
# the last weeks, two more read the declined suggestions and those weeks' completions,
# which only sessions with a rating need for the level suggestions (tests/progress). The
# ladders come from the process's cache, with the plan. A recent day's page reads the
# chosen levels too, for its cards' doses (1).
PROGRESS_ON_TODAY = 3
LEVELS_ON_DAY_PAGE = 1
EXTRA = {"today": PROGRESS_ON_TODAY, "day page": LEVELS_ON_DAY_PAGE}
STEADY = {"today": 4 + PROGRESS_ON_TODAY, "calendar": 4, "past month": 4, "day page": 4 + LEVELS_ON_DAY_PAGE, "mark": 2}
# A runner's first visit with settled days stores the fold of all of them with one
# UPDATE: one more query with history than without, and the same for one year or ten.
FIRST_VISIT = {"no history": 4, "one year": 5, "ten years": 5}


@pytest.fixture(scope="module")
def runners(django_db_setup, django_db_blocker):
    """One runner per history, stored once for the module (ten years is 11,000 rows)."""
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False):
        made = {}
        for name, days in HISTORIES.items():
            runner = User.objects.create_user(f"{days}-days@example.com", "correct-horse-42", timezone="Europe/London")
            add_history(runner, days_back(days))
            made[name] = runner
    yield made
    with django_db_blocker.unblock():
        User.objects.filter(pk__in=[runner.pk for runner in made.values()]).delete()


def prepare(runner, *, rebuilt: bool):
    if rebuilt:
        streak_summary_rebuild(user=runner)
    else:
        # As a new runner's summary is made at sign-up: nothing folded yet.
        StreakSummary.objects.filter(user=runner).delete()
        StreakSummary.objects.create(user=runner)
    plan_ladders()  # warm the plan and its ladders' cache
    return new_client(runner)


def send(client, name):
    method, url, data = REQUESTS[name]
    response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302), (name, response.status_code)
    return response


@pytest.mark.parametrize("history", HISTORIES, ids=list(HISTORIES))
@pytest.mark.parametrize("name", REQUESTS, ids=list(REQUESTS))
def test_a_page_runs_a_fixed_number_of_queries_after_a_rebuild(runners, db, django_assert_num_queries, history, name):
    client = prepare(runners[history], rebuilt=True)
    with django_assert_num_queries(STEADY[name]):
        send(client, name)


@pytest.mark.parametrize("history", HISTORIES, ids=list(HISTORIES))
@pytest.mark.parametrize("name", REQUESTS, ids=list(REQUESTS))
def test_a_first_visit_folds_the_history_in_a_fixed_number_of_queries(
    runners, db, django_assert_num_queries, history, name
):
    client = prepare(runners[history], rebuilt=False)
    expected = FIRST_VISIT[history] + EXTRA.get(name, 0)
    with django_assert_num_queries(STEADY["mark"] if name == "mark" else expected):
        send(client, name)


def test_a_first_visit_stores_the_same_fold_as_a_rebuild(runners, db):
    runner = runners["ten years"]
    client = prepare(runner, rebuilt=False)
    send(client, "today")
    visited = StreakSummary.objects.filter(user=runner).values().get()
    streak_summary_rebuild(user=runner)
    rebuilt = StreakSummary.objects.filter(user=runner).values().get()
    assert visited == rebuilt
    assert (visited["run"], visited["longest"]) == (3653 - 9, 3653 - 9)


@pytest.mark.parametrize("history", HISTORIES, ids=list(HISTORIES))
def test_the_first_visit_of_a_new_day_advances_the_summary_with_one_update(
    runners, db, clock, django_assert_num_queries, history
):
    runner = runners[history]
    streak_summary_rebuild(user=runner)
    clock.move_to(NOW + dt.timedelta(days=1))
    client = new_client(runner)  # (the session from the day before has not expired)
    plan_ladders()  # the cached plan and ladders expired overnight; any visit reloads them
    extra = 1 if HISTORIES[history] else 0  # nothing settled yet: nothing to store
    with django_assert_num_queries(STEADY["today"] + extra):
        send(client, "today")
    with django_assert_num_queries(STEADY["today"]):
        send(client, "today")


@pytest.mark.parametrize("name", REQUESTS, ids=list(REQUESTS))
def test_the_count_is_the_same_for_every_history(runners, db, name):
    counts = {}
    for history, runner in runners.items():
        client = prepare(runner, rebuilt=True)
        send(client, name)  # (a mark the first time; the second is the same, stored once)
        with CaptureQueriesContext(connection) as queries:
            send(client, name)
        counts[history] = len(queries)
    assert len(set(counts.values())) == 1, counts
