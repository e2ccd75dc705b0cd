"""The plain SQL helpers (ankleapp.sql) read and write what the ORM would, on SQLite and PostgreSQL."""

import datetime as dt
import gc
import threading
import weakref

import pytest
from django.db import DEFAULT_DB_ALIAS, connections

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


READ = "SELECT {columns} FROM {table} WHERE user_id = %s AND completed_on BETWEEN %s AND %s ORDER BY completed_on"


def test_a_read_gives_the_same_rows_on_the_backends_own_cursor_and_on_djangos(alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    exercise = Exercise.objects.first()
    for back in range(3):
        day = TODAY - dt.timedelta(days=back)
        Completion.objects.create(user=alice, exercise=exercise, completed_on=day, completed_at=MARKED_AT)
    params = [alice.pk, TODAY - dt.timedelta(days=1), TODAY]
    expected = [(TODAY - dt.timedelta(days=1), MARKED_AT), (TODAY, MARKED_AT)]

    seen: list[str] = []

    def observe(execute, statement, params, many, context):
        seen.append(statement)
        return execute(statement, params, many, context)

    assert not connection.queries_logged
    assert sql.fetch(Completion, READ, ["completed_on", "completed_at"], params) == expected  # the backend's own
    assert seen == []
    with CaptureQueriesContext(connection) as captured:  # a test counting queries sees every read
        assert sql.fetch(Completion, READ, ["completed_on", "completed_at"], params) == expected
    assert len(captured) == 1 and "BETWEEN" in captured[0]["sql"]
    with connection.execute_wrapper(observe):
        assert sql.fetch_one(Completion, READ, ["completed_on", "completed_at"], params) == expected[0]
    assert len(seen) == 1


def test_a_database_error_on_the_backends_own_cursor_is_djangos_error(alice):
    import pytest
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic():
        sql.fetch(Completion, "SELECT {columns} FROM {table} WHERE no_such_column = %s", ["completed_on"], [1])


def test_a_row_of_single_values_from_several_tables_is_converted_as_the_orm_does(alice, bob):
    from progress.models import ProgressProfile, RedFlag

    template = (
        "SELECT (SELECT signs FROM {flags} WHERE user_id = %s AND cleared_at IS NULL),"
        " (SELECT morning_skipped_on FROM {profiles} WHERE user_id = %s), (SELECT COUNT(*) FROM {profiles})"
    )
    fields = [RedFlag._meta.get_field("signs"), ProgressProfile._meta.get_field("morning_skipped_on"), None]
    RedFlag.objects.create(user=alice, reported_on=TODAY, signs=["swelling", "night pain"])
    ProgressProfile.objects.create(user=alice, morning_skipped_on=TODAY)
    tables = {"flags": RedFlag, "profiles": ProgressProfile}
    assert sql.fetch_row(template, fields, [alice.pk, alice.pk], **tables) == (["swelling", "night pain"], TODAY, 1)
    assert sql.fetch_row(template, fields, [bob.pk, bob.pk], **tables) == (None, None, 1)  # nothing of Bob's


@pytest.mark.django_db
def test_what_is_kept_for_a_threads_connection_does_not_outlive_the_thread():
    """A server with a thread a request (runserver, the test live server) gets a new
    connection object in each thread: the statements kept for it must not keep it alive,
    with whatever database session it still holds, once the thread is gone."""
    seen: list[weakref.ref] = []

    def request_in_a_thread():
        rows = sql.fetch(Completion, "SELECT {columns} FROM {table} WHERE user_id = %s", ["completed_on"], [0])
        assert rows == []
        seen.append(weakref.ref(connections[DEFAULT_DB_ALIAS]))
        connections.close_all()  # as the end of a request does

    thread = threading.Thread(target=request_in_a_thread)
    thread.start()
    thread.join()
    gc.collect()
    assert len(seen) == 1
    assert seen[0]() is None


def test_rows_of_one_shape_from_two_tables_are_converted_as_the_orm_does(alice, bob):
    from progress.models import MorningPain, PainDuring
    from progress.selectors import RATINGS_FIELDS as fields
    from progress.selectors import RATINGS_SQL as template

    plan = list(Exercise.objects.order_by("position")[:2])
    PainDuring.objects.create(user=alice, exercise=plan[0], rated_on=TODAY, pain=3)
    PainDuring.objects.create(user=alice, exercise=plan[1], rated_on=TODAY - dt.timedelta(days=9), pain=5)
    MorningPain.objects.create(user=alice, rated_on=TODAY - dt.timedelta(days=1), pain=2)
    PainDuring.objects.create(user=bob, exercise=plan[0], rated_on=TODAY, pain=7)
    tables = {"during": PainDuring, "mornings": MorningPain}
    since = TODAY - dt.timedelta(days=7)
    rows = sql.fetch_rows(template, fields, [alice.pk, since, alice.pk, since], **tables)
    assert sorted(rows, key=str) == sorted([(plan[0].pk, TODAY, 3), (None, TODAY - dt.timedelta(days=1), 2)], key=str)
    assert sql.fetch_rows(template, fields, [alice.pk, TODAY + dt.timedelta(days=1)] * 2, **tables) == []
