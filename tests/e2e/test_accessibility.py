"""axe-core on every page a runner sees, on a phone in light mode and a desktop in dark
mode: no violation of impact serious or critical, experimental rules included.

To check a new page, add it to SCREENS.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from accounts.models import User
from accounts.services import user_set_weekly_target
from routines.selectors import plan_exercises
from tests.e2e.axe import axe_violations
from tests.e2e.journey import BROWSER_TIMEZONE, PLAN_NAMES, local_today, log_in
from tests.factories import add_history, joined_on
from tracking.services import completion_mark, rest_day_plan

EMAIL = "axe.runner@example.com"
SLUG = "closed-chain-dorsiflexion"


def give_a_history(runner: User, today: dt.date) -> None:
    """Six weeks of every kind of day, so each calendar and year style is on screen."""
    joined_on(runner, today - dt.timedelta(days=45))
    add_history(runner, [today - dt.timedelta(days=n) for n in (*range(2, 12), *range(20, 30), 40)])
    add_history(runner, [today - dt.timedelta(days=n) for n in (12, 13, 31)], plan_exercises()[:1])
    user_set_weekly_target(user=runner, days=5, today=today)
    rest_day_plan(user=runner, on=today + dt.timedelta(days=2), today=today)


def give_progress(runner: User, today: dt.date) -> None:
    """Levels, a standing suggestion, pain ratings, mornings and self-tests, so every part
    of the progress page is on screen."""
    from progress.levels import level_start
    from progress.models import CurrentLevel, MorningPain, PainDuring, SelfTest

    level_start(user=runner, choice="returning", today=today - dt.timedelta(days=20))
    CurrentLevel.objects.filter(user=runner).update(since=today - dt.timedelta(days=20))
    heel = plan_exercises()[-1]
    for back in range(1, 12):
        day = today - dt.timedelta(days=back)
        PainDuring.objects.create(user=runner, exercise=heel, rated_on=day, pain=back % 3)
        MorningPain.objects.create(user=runner, rated_on=day + dt.timedelta(days=1), pain=1)
    SelfTest.objects.create(user=runner, test="knee-to-wall", tested_on=today - dt.timedelta(days=30), left=8, right=9)
    SelfTest.objects.create(user=runner, test="knee-to-wall", tested_on=today, left="10.5", right="9.5")
    SelfTest.objects.create(user=runner, test="heel-rise", tested_on=today, left=22, right=14)


def mark_the_whole_plan(runner: User, today: dt.date) -> None:
    for exercise in plan_exercises():
        completion_mark(user=runner, exercise=exercise, on=today, today=today)


@dataclass(frozen=True)
class Screen:
    name: str
    path: str | Callable[[dt.date], str]  # a callable gets the runner's today
    signed_in: bool = True
    prepare: Callable[[User, dt.date], None] | None = None  # runs before the visit

    def url(self, today: dt.date) -> str:
        return self.path(today) if callable(self.path) else self.path


# Visited in this order: the signed-out pages, then the runner's, each after the ones above.
SCREENS = [
    Screen("landing", "/", signed_in=False),
    Screen("library", "/exercises/", signed_in=False),
    Screen("exercise page", f"/exercises/{SLUG}/", signed_in=False),
    Screen("sign-up", "/accounts/signup/", signed_in=False),
    Screen("log-in", "/accounts/login/", signed_in=False),
    Screen("password reset", "/accounts/password/reset/", signed_in=False),
    Screen("today at 0 of 3", "/"),
    Screen("calendar", "/calendar/"),
    Screen("day page", lambda today: f"/calendar/day/{today - dt.timedelta(days=1):%Y-%m-%d}/"),
    Screen("year", "/calendar/year/"),
    Screen("settings", "/settings/"),
    Screen("email addresses", "/accounts/email/"),
    Screen("password change", "/accounts/password/change/"),
    Screen("two-factor", "/accounts/2fa/"),
    Screen("your data", "/settings/data/"),
    Screen("delete the account", "/settings/delete/"),
    Screen("printable plan", "/plan/print/"),
    Screen("guided session", "/session/"),
    Screen("progress", "/progress/", prepare=lambda runner, today: give_progress(runner, today)),
    Screen("pain ratings", "/progress/rate/"),
    Screen("self-tests", "/progress/tests/"),
    Screen("warning signs", "/progress/red-flags/"),
    Screen("logout confirmation", "/accounts/logout/"),
    Screen("today at 3 of 3", "/", prepare=mark_the_whole_plan),
]

SMALL_PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}

MODES = {
    "phone, light": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "color_scheme": "light",
    },
    "desktop, dark": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"},
}


@pytest.mark.parametrize("mode", MODES)
def test_no_page_has_a_serious_or_critical_axe_violation(new_context, make_runner, mode):
    runner = make_runner(EMAIL, timezone=BROWSER_TIMEZONE)
    today = local_today(BROWSER_TIMEZONE)
    give_a_history(runner, today)
    page = new_context(**MODES[mode]).new_page()
    violations, signed_in = [], False
    for screen in SCREENS:
        if screen.signed_in and not signed_in:
            log_in(page, EMAIL)
            signed_in = True
        if screen.prepare:
            screen.prepare(runner, today)
        response = page.goto(screen.url(today))
        assert response is not None and response.status == 200, f"{screen.name}: {response and response.status}"
        page.wait_for_load_state()
        violations += axe_violations(page, screen.name)
    assert violations == [], "\n".join(map(str, violations))
    # The last page really is the finished day, so the check saw its completion state.
    expect(page.locator("form[action='/track/undo/']")).to_have_count(len(PLAN_NAMES))


def test_no_page_scrolls_sideways_on_a_360px_phone(new_context, make_runner):
    runner = make_runner(EMAIL, timezone=BROWSER_TIMEZONE)
    runner.email = "a.rather.long.address.for.a.runner@example-running-club.com"  # the longest line on account pages
    runner.save(update_fields=["email"])
    today = local_today(BROWSER_TIMEZONE)
    give_a_history(runner, today)
    page = new_context(**SMALL_PHONE).new_page()
    too_wide, signed_in = [], False
    for screen in SCREENS:
        if screen.signed_in and not signed_in:
            log_in(page, runner.email)
            signed_in = True
        if screen.prepare:
            screen.prepare(runner, today)
        page.goto(screen.url(today))
        scroll_width, client_width = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if scroll_width > client_width:
            too_wide.append(f"{screen.name}: {scroll_width}px")
    assert too_wide == []
