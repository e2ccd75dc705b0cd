"""Twenty "Mark done" presses at the same instant, against a real multi-process server.

An impatient double tap, a phone and a laptop, a flaky network retrying: the same mark
arrives many times at once. gunicorn runs several worker processes and threads on a
fresh database (SQLite, or PostgreSQL when DATABASE_URL is set), the runner signs up and
logs in through the real forms, and a barrier releases all requests together. The
database must hold exactly one record, every request must get its redirect, and SQLite
must never give up with "database is locked".
"""

import datetime as dt
import secrets
import threading

import pytest

from loadtest.harness import Browser, Reply

pytestmark = pytest.mark.concurrency

PASSWORD = "ankles-concurrency-42"
AT_ONCE = 20


@pytest.fixture
def runner(live_app):
    """A new runner, signed up through the real form, then logged in from a fresh browser."""
    server, _ = live_app
    email = f"runner-{secrets.token_hex(4)}@example.com"
    signup = Browser(server.url).sign_up(email, PASSWORD, timezone="UTC")
    assert signup.status == 302, f"sign-up answered {signup.status}"
    browser = Browser(server.url)
    login = browser.log_in(email, PASSWORD)
    assert login.status == 302, f"login answered {login.status}"
    assert browser.signed_in and browser.csrf_token
    return email, browser


def post_all_at_once(browser: Browser, posts: list[tuple[str, dict[str, str]]]) -> list[Reply | Exception]:
    """Send the POSTs from as many threads, all released by one barrier, with the same session."""
    barrier = threading.Barrier(len(posts))
    replies: list[Reply | Exception | None] = [None] * len(posts)

    def send(index: int, path: str, fields: dict[str, str]) -> None:
        same_person = Browser(browser.base_url, cookies=dict(browser.cookies))
        barrier.wait()
        try:
            replies[index] = same_person.request("POST", path, fields)
        except Exception as error:  # a dropped connection is a failure to report, not to hide
            replies[index] = error

    threads = [threading.Thread(target=send, args=(i, path, fields)) for i, (path, fields) in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return replies


def stored(database, email: str, slug: str) -> list[tuple[str, str, str]]:
    return [row for row in database.completions() if row[0] == email and row[1] == slug]


def assert_all_redirected_home(replies: list[Reply | Exception]) -> None:
    errors = [reply for reply in replies if not isinstance(reply, Reply)]
    assert errors == [], f"requests failed without a response: {errors}"
    statuses = sorted(reply.status for reply in replies)
    assert statuses == [302] * len(replies), f"statuses: {statuses}"
    # A redirect to the login page would also be a 302: every one must go back to Today.
    assert {reply.location for reply in replies} == {"/"}


def test_twenty_identical_marks_at_once_store_exactly_one_completion(live_app, runner):
    server, database = live_app
    email, browser = runner
    day = dt.datetime.now(dt.UTC).date().isoformat()  # the runner's zone is UTC
    mark = ("/track/mark/", {"exercise": "closed-chain-dorsiflexion", "on": day})

    replies = post_all_at_once(browser, [mark] * AT_ONCE)

    assert_all_redirected_home(replies)
    assert stored(database, email, "closed-chain-dorsiflexion") == [(email, "closed-chain-dorsiflexion", day)]
    assert database.duplicates() == []
    assert "database is locked" not in server.log_text()
    assert "1 of 3 done" in browser.get("/").body


def test_twenty_marks_and_undos_at_once_leave_zero_or_one_completion(live_app, runner):
    server, database = live_app
    email, browser = runner
    day = dt.datetime.now(dt.UTC).date().isoformat()
    fields = {"exercise": "eccentric-heel-raise", "on": day}
    mixed = [("/track/mark/" if i % 2 == 0 else "/track/undo/", fields) for i in range(AT_ONCE)]

    replies = post_all_at_once(browser, mixed)

    assert_all_redirected_home(replies)
    rows = stored(database, email, "eccentric-heel-raise")
    assert rows in ([], [(email, "eccentric-heel-raise", day)])
    assert database.duplicates() == []
    assert "database is locked" not in server.log_text()
    # Whatever won the race, the Today page tells the runner what the database holds.
    assert f"{len(rows)} of 3 done" in browser.get("/").body
