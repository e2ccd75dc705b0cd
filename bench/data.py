"""The benchmark's database: runners with 0, 1 and 10 years of history, signed-in
session cookies and a CSRF token read from a real page. Runs in the benchmark's own
process, with Django set up on the same environment as the servers."""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import sys
from typing import TYPE_CHECKING

from bench.measure import TEN_YEARS, BenchError
from loadtest.harness import REPO, Browser, Server

if TYPE_CHECKING:
    from accounts.models import User

TIME_ZONE = "Europe/London"
HISTORY_DAYS = {"new": 0, "one-year": 365, "ten-year": TEN_YEARS}


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def build_database() -> dict[str, User]:
    """Migrate a fresh database and create the runners; returns them by history name
    (plus "marker", the runner of the mark-done POST)."""
    from django.core.management import call_command
    from django.utils import timezone as django_timezone

    from accounts.models import User
    from accounts.timezones import local_today
    from ankleapp import sql
    from routines.selectors import plan_exercises
    from tracking.models import Completion
    from tracking.services import streak_summary_rebuild

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)

    now = django_timezone.now()
    today = local_today(TIME_ZONE, now=now)
    plan = plan_exercises()
    if len(plan) != 3:
        raise BenchError(f"expected the 3 seeded plan exercises, found {len(plan)}")
    users = {}
    for name, days in {**HISTORY_DAYS, "marker": 0}.items():
        # A fresh suffix each run, so a reused --database-url never collides with an old run.
        email = f"{name}-{secrets.token_hex(4)}@bench.invalid"
        user = User.objects.create_user(email, password=None, timezone=TIME_ZONE)
        user.date_joined = now - dt.timedelta(days=days)
        user.save(update_fields=["date_joined"])
        # Every day complete, up to yesterday: the longest streaks, the most rows per user.
        Completion.objects.bulk_create(
            [
                Completion(
                    user=user,
                    exercise=exercise,
                    completed_on=today - dt.timedelta(days=back),
                    completed_at=now - dt.timedelta(days=back),
                )
                for back in range(1, days + 1)
                for exercise in plan
            ],
            batch_size=2000,
        )
        streak_summary_rebuild(user=user, now=now)
        users[name] = user
    sql.refresh_statistics(Completion)  # as an import of these histories does
    return users


def plan_slug() -> str:
    """The first exercise of the plan, the one the mark-done POST marks."""
    from routines.selectors import plan_exercises

    return plan_exercises()[0].slug


def session_cookie(user: User) -> str:
    """A signed-in session as a Cookie header, as django.contrib.auth.login would store it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def csrf_for(app: Server, cookie: str) -> tuple[str, str]:
    """(Cookie header with the CSRF cookie the page set, form token) from a real Today page."""
    name, _, value = cookie.partition("=")
    browser = Browser(app.url, cookies={name: value})
    page = browser.get("/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    if page.status != 200 or not token or not browser.csrf_token:
        raise BenchError(f"could not read a CSRF token from Today (status {page.status})")
    return browser.cookie_header(), token.group(1)
