"""What the browser tests are written in: the runner's steps (sign up, log in, log out),
the plan they see, the moment the tests run at, and a watcher for console errors and
Content Security Policy violations.
"""

import datetime as dt
import importlib
import zoneinfo

from django.utils import timezone as django_timezone

PASSWORD = "correct-horse-42"
BROWSER_TIMEZONE = "Pacific/Auckland"

# The moment every browser test runs at (the clock ticks on from here). 20:00 UTC on
# Tuesday 17 November is already Wednesday 18 November in Auckland: a page that used the
# server's date instead of the runner's would show the wrong day. Mid-month, so yesterday
# and today share one calendar page in every zone used here.
NOW = dt.datetime(2026, 11, 17, 20, 0, tzinfo=dt.UTC)

# The plan in order, as the data migration seeds it.
SEED_MIGRATION = importlib.import_module("routines.migrations.0002_seed_exercises")
DOSE_MIGRATION = importlib.import_module("routines.migrations.0004_session_doses")
PLAN_NAMES = [exercise["name"] for exercise in SEED_MIGRATION.EXERCISES]


def local_today(zone: str) -> dt.date:
    """The runner's date in `zone` at the (travelled) current moment."""
    return django_timezone.now().astimezone(zoneinfo.ZoneInfo(zone)).date()


def calendar_label(day: dt.date) -> str:
    """How the calendar names a day to screen readers: "18 November 2026"."""
    return f"{day.day} {day:%B %Y}"


def sign_up(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password (again)").fill(password)
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_load_state()


def log_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()


def log_out(page) -> None:
    # Logging out is a POST (a button in the main navigation), never a link.
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


def main_nav_link(page, name: str):
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


class ConsoleWatch:
    """Collects a page's console errors, uncaught exceptions and CSP violations."""

    def __init__(self, page):
        self.errors: list[str] = []
        self.csp_violations: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

    def _on_console(self, message) -> None:
        text = f"{message.type}: {message.text} ({message.location.get('url', '')})"
        if "Content Security Policy" in message.text:
            self.csp_violations.append(text)
        elif message.type == "error":
            self.errors.append(text)
