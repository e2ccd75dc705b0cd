"""Signing out ends the session on every gunicorn worker, not only the one that served the logout.

Sessions must live where all app servers see them (the app servers are stateless). A
session cached in one worker process's own memory would keep a copied or stolen cookie
signed in on that worker after the runner logged out elsewhere.
"""

import secrets

import pytest

from loadtest.harness import Browser

pytestmark = pytest.mark.concurrency

PASSWORD = "ankles-concurrency-42"


def test_a_session_ended_by_logout_is_refused_by_every_worker(live_app):
    server, _ = live_app
    browser = Browser(server.url)
    assert browser.sign_up(f"runner-{secrets.token_hex(4)}@example.com", PASSWORD, timezone="UTC").status == 302
    # Enough requests that every worker process has served (and could have cached) the session.
    for _ in range(30):
        assert browser.get("/calendar/").status == 200
    copied_cookies = dict(browser.cookies)

    assert browser.post("/accounts/logout/", {}).status == 302

    answers = [Browser(server.url, cookies=dict(copied_cookies)).get("/calendar/") for _ in range(30)]
    still_signed_in = sum(answer.status == 200 for answer in answers)
    assert still_signed_in == 0, f"{still_signed_in} of 30 requests with the logged-out cookie were still signed in"
    assert all(answer.location.startswith("/accounts/login/") for answer in answers)
