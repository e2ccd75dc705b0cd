"""Loop Habit Tracker's CSV export, as its exporter writes it: the all-habits
Checkmarks.csv (a Date column, a column per habit, a trailing comma, newest day first)
and a habit's own Checkmarks.csv (date,value rows without a header)."""

import datetime as dt
import re

from portability.loop import parse_loop_csv
from routines.selectors import plan_exercises
from tests.clients import new_client
from tests.dates import TODAY
from tests.factories import db_state, rows_of
from tests.portability.conftest import upload
from tracking.models import Completion, StreakSummary

ALL_HABITS = """Date,Meditate,Ankles,Water,
2026-11-23,2,2,2500,
2026-11-22,0,2,0,
2026-11-21,2,1,-1,
2026-11-20,-1,3,1000,
2026-11-19,2,2,0,
2026-11-18,0,0,0,
2026-11-17,2,2,0,
"""
ONE_HABIT = "2026-11-23,2\n2026-11-22,2\n2026-11-21,0\n2026-11-20,1\n2026-11-19,-1\n2026-11-18,2\n"
ANKLE_DAYS = [dt.date(2026, 11, day) for day in (17, 19, 22, 23)]


def preview(response) -> dict[str, str]:
    html = response.content.decode()
    return {key: re.search(rf"data-{key}>([^<]*)<", html)[1] for key in ("days", "first", "last")}


def confirm(client, response):
    token = re.search(r'name="token" value="([^"]+)"', response.content.decode())[1]
    return client.post("/settings/data/loop/confirm/", {"token": token})


def test_it_reads_each_habit_column_of_the_all_habits_file():
    habits = {habit.name: habit.days for habit in parse_loop_csv(ALL_HABITS, today=TODAY)}
    assert list(habits) == ["Meditate", "Ankles", "Water"]
    assert list(habits["Ankles"]) == ANKLE_DAYS  # 2 only: not Loop's automatic 1, nor a skip (3)
    assert list(habits["Water"]) == [dt.date(2026, 11, 20), dt.date(2026, 11, 23)]  # numeric: at least one unit


def test_it_asks_which_habit_then_previews_without_writing(alice_client):
    state = db_state()
    response = upload(alice_client, ALL_HABITS, "Checkmarks.csv", url="/settings/data/loop/")
    html = response.content.decode()
    assert "several habits" in html and ">Ankles</option>" in html
    response = upload(alice_client, ALL_HABITS, "Checkmarks.csv", url="/settings/data/loop/", habit="Ankles")
    assert preview(response) == {"days": "4", "first": "17 November 2026", "last": "23 November 2026"}
    assert db_state() == state


def test_confirming_marks_the_whole_plan_done_on_those_days(alice, alice_client):
    response = upload(alice_client, ALL_HABITS, "Checkmarks.csv", url="/settings/data/loop/", habit="Ankles")
    response = confirm(alice_client, response)
    assert response.status_code == 302
    slugs = sorted(exercise.slug for exercise in plan_exercises())
    assert rows_of(alice) == [(day, slug) for day in ANKLE_DAYS for slug in slugs]
    assert StreakSummary.objects.filter(user=alice).exists()
    assert "Imported 4 days from Loop" in alice_client.get("/settings/data/").content.decode()


def test_a_habits_own_file_needs_no_choice_and_importing_twice_adds_nothing(alice, alice_client):
    response = upload(alice_client, ONE_HABIT, "Checkmarks.csv", url="/settings/data/loop/")
    assert preview(response) == {"days": "3", "first": "18 November 2026", "last": "23 November 2026"}
    confirm(alice_client, response)
    state = db_state()
    confirm(alice_client, upload(alice_client, ONE_HABIT, "Checkmarks.csv", url="/settings/data/loop/"))
    assert db_state() == state


def test_a_preview_token_is_only_good_for_its_own_runner(alice_client, bob):
    response = upload(alice_client, ONE_HABIT, "Checkmarks.csv", url="/settings/data/loop/")
    response = confirm(new_client(bob), response)
    assert response.status_code == 400
    assert not Completion.objects.exists()


def test_a_changed_token_is_refused(alice_client):
    response = alice_client.post("/settings/data/loop/confirm/", {"token": "forged"})
    assert response.status_code == 400
    assert "expired or was changed" in response.content.decode()
    assert not Completion.objects.exists()


def test_bad_loop_files_say_why_and_write_nothing(alice_client):
    cases = {
        "Date,Ankles,\nyesterday,2,\n": "is not a date",
        "Date,Ankles,\n2026-11-23,banana,\n": "is not a checkmark value",
        "Date,Ankles,\n1999-01-01,2,\n": "1999-01-01 is before 2000",
        "Date,Ankles,\n2026-12-25,2,\n": "2026-12-25 is in the future",
        "Date,Ankles,\n2026-11-23,2,\n2026-11-23,2,\n": "appears twice",
        "Date,\n2026-11-23,\n": "no habit column",
        "2026-11-23,0\n": "has no checked days",
    }
    for text, reason in cases.items():
        response = upload(alice_client, text, "Checkmarks.csv", url="/settings/data/loop/")
        assert response.status_code == 400, text
        assert reason in response.content.decode(), text
    assert not Completion.objects.exists()
