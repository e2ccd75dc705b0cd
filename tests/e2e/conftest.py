"""Browser set-up: Playwright drives Debian's Chromium (headless) against pytest-django's live server.

This file owns how Chromium launches, the context every page gets (base URL, the
browser's time zone), the clock the tests run at, and the seeded exercise plan each test
starts with. The runner's steps the tests are written in live in journey.py.

Every test in this folder carries the `e2e` marker: `pytest -m e2e` runs only these,
`pytest -m "not e2e"` skips them.
"""

import os
import threading
from pathlib import Path

import pytest
from django.db import connection, connections
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from tests.e2e.chromium import LAUNCH_OPTIONS
from tests.e2e.journey import BROWSER_TIMEZONE, NOW, PASSWORD, ConsoleWatch
from tests.factories import seed_plan

# Playwright's sync API keeps an asyncio loop running in the main thread for the whole
# session, and Django refuses ORM calls while it sees a running loop. Set at import time,
# not per test, because the browser outlives any single test: every DB test that runs
# after the first browser test, in this folder or not, needs it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

E2E_DIR = Path(__file__).resolve().parent

# The live server's request threads and this test thread share one in-memory SQLite
# connection (Django hands the test's connection to the server when the database is in
# memory), and a sqlite3 connection must never run two statements at once: a page and its
# service worker's request in parallel failed with "bad parameter or other API misuse".
# So the server answers one request at a time, and this thread's queries wait their turn.
# (In production each worker thread has a connection of its own.)
ONE_AT_A_TIME = threading.RLock()


def pytest_collection_modifyitems(config, items):
    # This hook sees the whole session's items: mark only the ones in this folder.
    for item in items:
        if E2E_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # A live-server test is transactional: pytest-django flushes every table when it
    # ends, the migration-seeded exercises too. Re-seed right after that flush, so the
    # test that runs next (transactional tests from other folders sort in after these)
    # still finds the plan. Runs for items in this folder only (item.ihook is per folder).
    try:
        return (yield)
    finally:
        blocker = (item.funcargs or {}).get("django_db_blocker")
        if blocker is not None:
            with blocker.unblock():
                seed_plan()


@pytest.fixture(autouse=True)
def _plan_seeded(transactional_db, django_db_blocker):
    # A transactional test before this one may have flushed the exercises away.
    # django_db_blocker is requested so that the teardown hook above can re-seed.
    seed_plan()


@pytest.fixture(scope="session", autouse=True)
def _database_connections_of_the_browser_tests(playwright):
    """Close, before Playwright stops, the database connections opened while it ran.

    Between two calls, Playwright's sync API leaves its asyncio loop marked as running in
    this thread. Django keeps connections in an asgiref Local, which is thread-local in a
    thread without a running loop but context-local in one with it, so from the first
    browser call to the end of the session every test in this process (from this folder
    or not) gets a second set of connections. pytest-django closes only the first set
    before it drops the test database, and PostgreSQL refuses to drop a database that a
    connection is still open on. Torn down before `playwright`, this fixture still sees
    the second set, and closes it.
    """
    yield
    connections.close_all()


@pytest.fixture(autouse=True)
def _clock(time_machine):
    # tick=True: time moves on from NOW, so timeouts and cookie ages behave normally.
    time_machine.move_to(NOW, tick=True)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    # Debian's Chromium, never a downloaded browser; no network chatter beyond the test server.
    return dict(LAUNCH_OPTIONS)


def _no_static_handler(application):
    """Hand every request, /static/ included, to the project's own middleware stack, one
    request at a time (see ONE_AT_A_TIME). The server keeps a thread per connection, so a
    browser's idle keep-alive connection never blocks another; the whole body is read
    under the lock, since a streamed download reads the database as it is sent."""

    def one_at_a_time(environ, start_response):
        with ONE_AT_A_TIME:
            response = application(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                if hasattr(response, "close"):
                    response.close()

    return one_at_a_time


def _wait_for_the_server(execute, sql, params, many, context):
    with ONE_AT_A_TIME:
        return execute(sql, params, many, context)


@pytest.fixture(scope="session")
def live_server(request, django_db_setup):
    """pytest-django's live server, except that WhiteNoise serves the static files.

    pytest-django wraps the server in Django's StaticFilesHandler, which looks files up
    with the finders and so answers 404 for the hashed names the manifest storage puts
    in every page: no CSS, no JavaScript. Without that wrapper the request reaches
    WhiteNoise in the middleware, which serves the collected files as in production
    (run collectstatic first, as `make test` does).
    """
    address = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    server = LiveServer(address, start=False)
    server.thread.static_handler = _no_static_handler
    server.start()
    with connection.execute_wrapper(_wait_for_the_server):
        yield server
    server.stop()


@pytest.fixture(scope="session")
def base_url(live_server):
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The browser says it is in Auckland: sign-up must pick that up through JavaScript.
    return {**browser_context_args, "timezone_id": BROWSER_TIMEZONE, "locale": "en-GB"}


@pytest.fixture
def make_runner(transactional_db):
    """A runner who signed up earlier, living in the given time zone."""

    def make(email: str = "runner@example.com", *, timezone: str = BROWSER_TIMEZONE) -> User:
        return User.objects.create_user(email=email, password=PASSWORD, timezone=timezone)

    return make


@pytest.fixture
def console(page) -> ConsoleWatch:
    return ConsoleWatch(page)
