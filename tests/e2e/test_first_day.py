"""A runner's first day in a real browser: sign up, do the plan, see it last.

Sign up through the form with the browser in Auckland, mark all three exercises on Today
without a page reload, see the session complete and a one-day streak, find the day on the
calendar, log out, log back in, and find everything still there.
"""

import re

from playwright.sync_api import expect

from accounts.models import User
from tests.e2e.journey import (
    BROWSER_TIMEZONE,
    PLAN_NAMES,
    calendar_label,
    local_today,
    log_in,
    log_out,
    main_nav_link,
    sign_up,
)

EMAIL = "first.day@example.com"


def test_a_new_runner_completes_their_first_day_and_finds_it_after_logging_back_in(page, console):
    today = local_today(BROWSER_TIMEZONE)

    sign_up(page, EMAIL)

    # The hidden field was filled from the browser: the runner's days follow Auckland.
    assert User.objects.get(email=EMAIL).timezone == BROWSER_TIMEZONE
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{today:%A} {today.day} {today:%B %Y}")
    expect(page.get_by_test_id("progress")).to_have_text("0 of 3 done")
    expect(page.get_by_test_id("current-streak")).to_have_text("0")

    # Marking is enhanced by JavaScript: the page must not reload (the marker survives).
    page.evaluate("window.__stillTheSamePage = true")
    for count, name in enumerate(PLAN_NAMES, start=1):
        page.get_by_role("button", name=f"Mark done: {name}").click()
        if count < len(PLAN_NAMES):
            # Focus returns to the same card, which now offers to undo.
            expect(page.get_by_role("button", name=f"Undo {name}")).to_be_focused()
            expect(page.get_by_test_id("progress")).to_have_text(f"{count} of 3 done")
    # After the last one, focus moves to the completion, which is announced.
    expect(page.get_by_role("region", name="Session complete")).to_be_focused()
    expect(page.locator("[data-announce]")).to_contain_text("Current streak: 1 day")
    assert page.evaluate("window.__stillTheSamePage") is True

    expect(page.get_by_test_id("progress")).to_contain_text("Session complete")
    expect(page.get_by_role("heading", name="Session complete")).to_be_visible()
    expect(page.get_by_test_id("current-streak")).to_have_text("1")
    expect(page.get_by_test_id("longest-streak")).to_have_text("1")

    main_nav_link(page, "Calendar").click()
    cell = page.locator(f'td[data-date="{today:%Y-%m-%d}"]')
    expect(cell).to_have_attribute("data-status", "complete")
    expect(cell.get_by_role("link")).to_have_accessible_name(
        f"{calendar_label(today)}: complete, 3 of 3 exercises done. Mark or undo"
    )
    expect(page.get_by_test_id("current-streak")).to_have_text("1")

    main_nav_link(page, "Settings").click()
    expect(page.get_by_role("combobox", name="Time zone")).to_have_value(BROWSER_TIMEZONE)

    log_out(page)
    expect(main_nav_link(page, "Log in")).to_be_visible()
    page.goto("/calendar/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))  # the calendar is private

    log_in(page, EMAIL)
    expect(page.get_by_test_id("progress")).to_contain_text("Session complete")
    for name in PLAN_NAMES:
        expect(page.get_by_role("button", name=f"Undo {name}")).to_be_visible()
    expect(page.get_by_test_id("current-streak")).to_have_text("1")

    assert console.errors == []
    assert console.csp_violations == []
