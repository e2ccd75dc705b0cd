"""PostgreSQL runs the app's statements prepared (ankleapp/settings.py, DATABASE_PREPARED_STATEMENTS).

The settings cases load ankleapp.settings in a fresh process with the production
environment, as the server does; the last test asks PostgreSQL itself, on the suite's
own connection, and is skipped on SQLite.
"""

import pytest
from django.db import connection

from tests.security.helpers import production_settings

POSTGRES_URL = "postgres://ankles:secret@db.example.com:5432/ankles"


def database_options(**env: str) -> dict:
    return production_settings("DATABASES", **env)["DATABASES"]["default"].get("OPTIONS", {})


def test_postgresql_binds_parameters_on_the_server_and_prepares_repeated_statements():
    options = database_options(DATABASE_URL=POSTGRES_URL)
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 5


def test_false_gives_djangos_own_client_side_binding_for_a_pooler():
    options = database_options(DATABASE_URL=POSTGRES_URL, DATABASE_PREPARED_STATEMENTS="False")
    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options


def test_the_urls_own_options_are_kept_beside_them():
    options = database_options(DATABASE_URL=POSTGRES_URL + "?sslmode=require")
    assert options["sslmode"] == "require"
    assert options["server_side_binding"] is True


def test_sqlite_gets_none_of_it():
    options = database_options()
    assert "server_side_binding" not in options
    assert "prepare_threshold" not in options


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own view of prepared statements")
def test_a_statement_run_more_than_five_times_is_prepared_on_the_connection():
    sql = "SELECT COUNT(*) FROM tracking_completion WHERE user_id = %s"
    with connection.cursor() as cursor:
        for _ in range(6):
            cursor.execute(sql, [0])
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert "SELECT COUNT(*) FROM tracking_completion WHERE user_id = $1" in prepared
