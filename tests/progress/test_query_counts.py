"""The progress pages run a fixed number of queries, whatever the length of the runner's
history: none, one year and ten years of daily ratings, mornings, completions and a
self-test every four weeks (bulk inserted once for this module)."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from accounts.models import User
from progress.levels import plan_ladders
from progress.models import MorningPain, PainDuring, SelfTest
from routines.selectors import plan_exercises
from tests.clients import new_client
from tests.dates import NOW
from tests.factories import add_history, days_back
from tracking.services import streak_summary_rebuild

HISTORIES = {"no history": 0, "one year": 365, "ten years": 3653}

PAGES = {
    "progress": "/progress/",
    "rate": "/progress/rate/",
    "tests": "/progress/tests/",
    "red flags": "/progress/red-flags/",
}

# The session with its user (one statement), then the page's own reads: pain during,
# mornings, self-tests, the open red flag and the profile (6); /progress/ also reads the
# runner's levels, their level history and the last weeks' completions (9; the ladders come
# from the process's cache, with the plan).
EXPECTED = {"progress": 9, "rate": 6, "tests": 6, "red flags": 6}


def add_health_history(runner, days: list[dt.date]) -> None:
    plan = plan_exercises()
    PainDuring.objects.bulk_create(
        [PainDuring(user=runner, exercise=e, rated_on=day, pain=day.day % 4) for day in days for e in plan],
        batch_size=2000,
    )
    MorningPain.objects.bulk_create([MorningPain(user=runner, rated_on=day, pain=day.day % 3) for day in days])
    SelfTest.objects.bulk_create(
        [
            SelfTest(user=runner, test=test, tested_on=day, left=Decimal(10 + i % 5), right=Decimal(11))
            for i, day in enumerate(days[::28])
            for test in ("knee-to-wall", "heel-rise")
        ]
    )


@pytest.fixture(scope="module")
def runners(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False):
        made = {}
        for name, count in HISTORIES.items():
            runner = User.objects.create_user(f"progress-{count}@example.com", "correct-horse-42", timezone="UTC")
            add_history(runner, days_back(count))
            add_health_history(runner, days_back(count))
            made[name] = runner
    yield made
    with django_db_blocker.unblock():
        User.objects.filter(pk__in=[runner.pk for runner in made.values()]).delete()


@pytest.mark.parametrize("history", HISTORIES, ids=list(HISTORIES))
@pytest.mark.parametrize("page", PAGES, ids=list(PAGES))
def test_a_progress_page_runs_a_fixed_number_of_queries(runners, db, django_assert_num_queries, history, page):
    client = new_client(runners[history])
    plan_ladders()  # warm the plan and ladders' cache, as any earlier visit has
    with django_assert_num_queries(EXPECTED[page]):
        response = client.get(PAGES[page])
    assert response.status_code == 200


# Today: the session with its user, the streak summary, the unsettled days' completions,
# their rest days and pauses (4), and the progress section's 3 (tests/tracking/test_query_counts.py),
# and with rated sessions in the last weeks two more: the declined suggestions and those
# weeks' completions.
TODAY = {"no history": 4 + 3, "one year": 4 + 5, "ten years": 4 + 5}


@pytest.mark.parametrize("history", HISTORIES, ids=list(HISTORIES))
def test_today_with_a_history_of_ratings_runs_a_fixed_number_of_queries(
    runners, db, django_assert_num_queries, history
):
    streak_summary_rebuild(user=runners[history])
    client = new_client(runners[history])
    plan_ladders()
    with django_assert_num_queries(TODAY[history]):
        response = client.get("/")
    assert response.status_code == 200
