"""Rest days and pauses in a real browser: a new runner chooses four days a
week in Settings, takes today as a rest day, finds it on the calendar, then pauses the
plan and resumes it from Today.
"""

import re

from playwright.sync_api import expect

from accounts.models import User
from tests.e2e.journey import BROWSER_TIMEZONE, calendar_label, local_today, main_nav_link, sign_up
from tracking.models import PlanBreak

EMAIL = "four.days@example.com"


def test_a_runner_sets_four_days_a_week_rests_today_then_pauses_and_resumes(page, console):
    today = local_today(BROWSER_TIMEZONE)
    sign_up(page, EMAIL)

    # Settings: four days a week, so three days a week may be planned rest.
    main_nav_link(page, "Settings").click()
    page.get_by_label("How often do you plan to do the routine?").select_option(label="4 days a week")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    expect(page.get_by_label("How often do you plan to do the routine?")).to_have_value("4")
    assert User.objects.get(email=EMAIL).weekly_target == 4

    # Today: take the day as a rest day.
    main_nav_link(page, "Today").click()
    expect(page.get_by_text("0 of 3 rest days used that week.")).to_be_visible()
    expect(page.get_by_test_id("week-streak")).to_be_visible()
    page.get_by_role("button", name="Take today as a rest day").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="Today is a planned rest day")).to_be_visible()
    expect(page.get_by_test_id("progress")).to_have_text("0 of 3 done · rest day")
    expect(page.get_by_role("button", name="Take today as a rest day")).to_have_count(0)

    # The calendar marks the day as planned rest, for eyes and for screen readers.
    main_nav_link(page, "Calendar").click()
    cell = page.locator(f'td[data-date="{today:%Y-%m-%d}"]')
    expect(cell).to_have_attribute("data-status", "rest")
    expect(cell.get_by_role("link")).to_have_accessible_name(f"{calendar_label(today)}: planned rest day. Mark or undo")
    expect(page.get_by_test_id("current-streak")).to_have_text("0")

    # Pause the plan from today (the form starts on today), see the banner, resume.
    main_nav_link(page, "Today").click()
    page.get_by_text("Injured or ill? Pause the plan").click()  # a secondary action, behind a disclosure
    expect(page.get_by_label("From")).to_have_value(f"{today:%Y-%m-%d}")
    page.get_by_role("button", name="Pause the plan").click()
    paused_message = "Your plan is paused. Paused days don't count against your streak or score."
    expect(page.get_by_text(paused_message)).to_be_visible()
    expect(page.get_by_role("heading", name="Your plan is paused")).to_be_visible()
    assert list(PlanBreak.objects.filter(kind="pause").values_list("starts_on", "ends_on")) == [(today, None)]

    page.get_by_role("button", name="Resume the plan today").click()
    expect(page.get_by_text("Welcome back: your plan is running again from today.")).to_be_visible()
    expect(page.get_by_role("heading", name="Your plan is paused")).to_have_count(0)
    expect(page.get_by_text("Injured or ill? Pause the plan")).to_be_visible()
    # The rest day is still there: resuming only ends the pause.
    expect(page.get_by_role("heading", name="Today is a planned rest day")).to_be_visible()
    assert not PlanBreak.objects.filter(kind="pause").exists()

    assert console.errors == []
    assert console.csp_violations == []
