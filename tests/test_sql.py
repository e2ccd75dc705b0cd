"""The plain SQL helpers (ankleapp.sql) read and write what the ORM would, on SQLite and PostgreSQL."""

import datetime as dt

from ankleapp import sql
from routines.models import Exercise
from tests.dates import TODAY
from tracking.models import Completion

MARKED_AT = dt.datetime(2026, 11, 20, 7, 30, tzinfo=dt.UTC)


def test_an_insert_stores_the_row_the_orm_reads_back(alice):
    exercise = Exercise.objects.first()
    values = {"user_id": alice.pk, "exercise_id": exercise.pk, "completed_on": TODAY, "completed_at": MARKED_AT}
    assert sql.insert_ignoring_conflicts(Completion, values) == 1
    stored = Completion.objects.get(user=alice)
    assert (stored.exercise, stored.completed_on, stored.completed_at) == (exercise, TODAY, MARKED_AT)


def test_a_second_insert_of_the_same_day_changes_nothing(alice):
    exercise = Exercise.objects.first()
    first = {"user_id": alice.pk, "exercise_id": exercise.pk, "completed_on": TODAY, "completed_at": MARKED_AT}
    later = {**first, "completed_at": MARKED_AT + dt.timedelta(hours=2)}
    assert sql.insert_ignoring_conflicts(Completion, first) == 1
    assert sql.insert_ignoring_conflicts(Completion, later) == 0
    assert list(Completion.objects.filter(user=alice).values_list("completed_at", flat=True)) == [MARKED_AT]


def test_a_fetch_converts_dates_as_the_orm_does(alice):
    exercise = Exercise.objects.first()
    Completion.objects.create(user=alice, exercise=exercise, completed_on=TODAY, completed_at=MARKED_AT)
    rows = sql.fetch(
        Completion,
        "SELECT {columns} FROM {table} WHERE user_id = %s",
        ["completed_on", "completed_at"],
        [alice.pk],
    )
    assert rows == [(TODAY, MARKED_AT)]
