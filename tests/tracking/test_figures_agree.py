"""Today, the calendar and the year view agree on a runner's figures: one definition of
the runner's first day (rules.first_day), one fold for the streaks.

The case that once split them: a runner signs up, then logs the two days before their
sign-up day late. Today counted a three-day streak; the year view, which folded the days
again from the sign-up day, said one.
"""

import datetime as dt

import pytest

from routines.selectors import plan_exercises
from tests.clients import new_client
from tests.dates import ONE_DAY, TODAY
from tests.factories import joined_on
from tests.pages import by_testid, find_all
from tracking.services import completion_mark


def figures(client) -> dict[str, str]:
    today_page = client.get("/")
    calendar = client.get("/calendar/")
    year = client.get("/calendar/year/")
    return {
        "today": by_testid(today_page, "longest-streak"),
        "calendar": by_testid(calendar, "longest-streak"),
        "year": by_testid(year, "year-longest"),
    }


def statuses(client, url: str) -> dict[str, str]:
    return {cell["data-date"]: cell["data-status"] for cell in find_all(client.get(url), "td", data_date=True)}


def mark_all(runner, on: dt.date, today: dt.date) -> None:
    for exercise in plan_exercises():
        completion_mark(user=runner, exercise=exercise, on=on, today=today)


@pytest.fixture
def late_logger(alice, plan):
    """Alice signed up today and logged today and the two days before it."""
    joined_on(alice, TODAY)
    for back in (2, 1, 0):
        mark_all(alice, TODAY - ONE_DAY * back, TODAY)
    return alice


def test_a_late_log_before_signing_up_counts_the_same_on_every_page(late_logger):
    client = new_client(late_logger)
    assert figures(client) == {"today": "3", "calendar": "3", "year": "3"}
    days = statuses(client, "/calendar/")
    assert [days[f"2026-11-{n}"] for n in (22, 23, 24)] == ["complete", "complete", "complete"]
    assert days["2026-11-21"] == "not-started"


def test_they_still_agree_once_those_days_have_settled(late_logger, clock):
    clock.move_to(dt.datetime(2026, 12, 10, 12, 0, tzinfo=dt.UTC))  # the summary now holds those days
    client = new_client(late_logger)
    client.get("/")  # the first page keeps the newly settled days in the summary
    assert figures(client) == {"today": "3", "calendar": "3", "year": "3"}
    days = statuses(client, "/calendar/2026/11/")
    assert [days[f"2026-11-{n}"] for n in (21, 22, 25)] == ["not-started", "complete", "missed"]


def test_a_gap_after_a_late_log_is_missed_on_the_calendar_as_in_the_streak(alice, plan):
    joined_on(alice, TODAY)
    mark_all(alice, TODAY - ONE_DAY * 3, TODAY)
    client = new_client(alice)
    days = statuses(client, "/calendar/")
    # The runner's days start on 21 November: the two days after it were missed, not "before you started".
    assert [days[f"2026-11-{n}"] for n in (20, 21, 22, 23, 24)] == [
        "not-started",
        "complete",
        "missed",
        "missed",
        "to-do",
    ]
    assert figures(client) == {"today": "1", "calendar": "1", "year": "1"}
    assert by_testid(client.get("/calendar/"), "current-streak") == "0"
