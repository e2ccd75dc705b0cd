"""After an import, the runner's days are read through the (user, day, exercise) index.

Statistics gathered before a large import know nothing of the runner: PostgreSQL's
planner then expects about one row of theirs and reads their whole history through the
`user_id` index to keep a week of it. The import has the planner count the new rows
(`ankleapp.sql.refresh_statistics`); SQLite's planner needs no statistics."""

import datetime as dt
import json

from django.db import connection

from ankleapp import sql
from portability.importing import loop_days_import
from tests.clients import new_client
from tests.dates import TODAY
from tests.factories import add_history, days_back
from tests.portability.conftest import export_of, upload
from tracking.models import Completion
from tracking.rules import earliest_late_log
from tracking.selectors import COMPLETION_COLUMNS, COMPLETIONS_UNSETTLED_SQL

TEN_YEARS = days_back(3650, until=TODAY - dt.timedelta(days=1))


def plan_of_todays_read(runner, first_day: dt.date) -> str:
    """How the database would run Today's read of the runner's completions: the days not
    yet settled, and those around their first day."""
    query = sql.prepare(Completion, COMPLETIONS_UNSETTLED_SQL, COMPLETION_COLUMNS, connection)
    params = [runner.pk, TODAY - dt.timedelta(days=9), runner.pk, earliest_late_log(first_day), first_day]
    explain = "EXPLAIN QUERY PLAN" if connection.vendor == "sqlite" else "EXPLAIN"
    with connection.cursor() as cursor:
        cursor.execute(f"{explain} {query.sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def statistics_before_the_import() -> None:
    """PostgreSQL's statistics as a live server had them before the import: its other
    runners' rows. (SQLite keeps none, as in production.)"""
    sql.refresh_statistics(Completion)


def assert_searches_the_day_index(plan: str) -> None:
    if connection.vendor == "sqlite":  # each range of days is a search of the unique index
        searches = [line for line in plan.splitlines() if line.startswith("SEARCH")]
        assert len(searches) == 2 and "SCAN" not in plan, plan
        assert all("user_id=? AND completed_on>" in line for line in searches), plan
    else:
        # Both ranges of days come from the unique index; none of the 10,950 rows is read
        # only to be filtered out.
        assert "one_completion_per_exercise_per_day" in plan, plan
        assert "Filter:" not in plan and "Seq Scan" not in plan, plan


def test_after_importing_ten_years_from_loop_todays_read_searches_the_day_index(alice, bob):
    add_history(bob, days_back(365))
    statistics_before_the_import()

    assert loop_days_import(user=alice, days=TEN_YEARS, today=TODAY) == 3650

    assert_searches_the_day_index(plan_of_todays_read(alice, TEN_YEARS[-1]))


def test_after_importing_a_ten_year_export_todays_read_searches_the_day_index(alice, bob):
    add_history(alice, TEN_YEARS)
    document = export_of(new_client(alice))
    statistics_before_the_import()

    response = upload(new_client(bob), json.dumps(document))

    assert response.status_code == 302 and Completion.objects.filter(user=bob).count() == 10950
    assert_searches_the_day_index(plan_of_todays_read(bob, TEN_YEARS[-1]))
