"""PostgreSQL runs the app's statements prepared (ankleapp/settings.py, DATABASE_PREPARED_STATEMENTS),
on the project's backend, whose check of a kept connection asks the socket before the
server (ankleapp/db/postgresql/base.py).

The settings cases load ankleapp.settings in a fresh process with the production
environment, as the server does; the others use the suite's own connection to
PostgreSQL, and are skipped on SQLite.
"""

import select

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections

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


def test_postgresql_runs_on_the_projects_backend_and_sqlite_on_djangos():
    assert production_settings("DATABASES", DATABASE_URL=POSTGRES_URL)["DATABASES"]["default"]["ENGINE"] == (
        "ankleapp.db.postgresql"
    )
    assert production_settings("DATABASES")["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"


# --- The health check at a request's first statement (ankleapp/db/postgresql/base.py) ---------------

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's connections")


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def as_at_the_next_request() -> None:
    """What Django does when a request starts: the connection is checked again before use."""
    connection.close_if_unusable_or_obsolete()
    assert connection.connection is not None and not connection.health_check_done


@pytest.fixture
def health_checks(monkeypatch):
    """Every `SELECT 1` Django's check sends, counted; persistent connections as in production."""
    asked = []
    is_usable = connection.is_usable
    monkeypatch.setattr(connections[DEFAULT_DB_ALIAS], "is_usable", lambda: asked.append(1) or is_usable())
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 600)
    connection.close()
    connection.ensure_connection()
    assert connection.health_check_enabled
    return asked


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_left_alone_is_used_without_asking_the_server(health_checks):
    pid = backend_pid()
    as_at_the_next_request()
    assert backend_pid() == pid
    assert connection.health_check_done
    assert health_checks == []


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_ended_is_replaced_before_the_first_statement(health_checks):
    pid = backend_pid()
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        other.autocommit = True
        assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0] is True
    finally:
        other.close()
    # The server's goodbye arrives on the socket (within a few milliseconds here).
    poller = select.poll()
    poller.register(connection.connection.pgconn.socket, select.POLLIN)
    assert poller.poll(5000)
    as_at_the_next_request()

    assert backend_pid() != pid  # no error: a new connection
    assert health_checks == [1]  # Django's own check decided, and failed
