"""Late logging: a runner who forgot to log yesterday does it from the calendar, and the
streak counts the day (a streak stays alive while today is not over)."""

import datetime as dt

from playwright.sync_api import expect

from accounts.models import User
from tests.e2e.journey import PLAN_NAMES, calendar_label, local_today, log_in, main_nav_link

ZONE = "America/Los_Angeles"
EMAIL = "forgetful@example.com"


def test_a_runner_logs_yesterday_from_the_calendar_and_the_streak_counts_it(page, make_runner):
    runner = make_runner(EMAIL, timezone=ZONE)
    today = local_today(ZONE)
    yesterday = today - dt.timedelta(days=1)
    # They joined a few days ago, so yesterday is an ordinary missed day, not "before you started".
    User.objects.filter(pk=runner.pk).update(date_joined=runner.date_joined - dt.timedelta(days=3))

    log_in(page, EMAIL)
    main_nav_link(page, "Calendar").click()
    cell = page.locator(f'td[data-date="{yesterday:%Y-%m-%d}"]')
    expect(cell).to_have_attribute("data-status", "missed")
    expect(page.get_by_test_id("current-streak")).to_have_text("0")

    cell.get_by_role("link", name=f"{calendar_label(yesterday)}: missed, 0 of 3 exercises done. Mark or undo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{yesterday:%A} {yesterday.day} {yesterday:%B %Y}")
    expect(page.get_by_test_id("progress")).to_have_text("0 of 3 done")

    for name in PLAN_NAMES:
        page.get_by_role("button", name=f"Mark done: {name}").click()
        expect(page.get_by_role("button", name=f"Undo {name}")).to_be_visible()
    expect(page.get_by_test_id("progress")).to_contain_text("Complete")
    # The day page stayed on yesterday: nothing was logged for today.
    assert page.url.endswith(f"/calendar/day/{yesterday:%Y-%m-%d}/")

    page.get_by_role("link", name=f"← {yesterday:%B %Y}").click()
    expect(cell).to_have_attribute("data-status", "complete")
    expect(cell.get_by_role("link")).to_have_accessible_name(
        f"{calendar_label(yesterday)}: complete, 3 of 3 exercises done. Mark or undo"
    )
    expect(page.locator(f'td[data-date="{today:%Y-%m-%d}"]')).not_to_have_attribute("data-status", "complete")
    # Yesterday complete, today still open: the streak is alive at one day.
    expect(page.get_by_test_id("current-streak")).to_have_text("1")
    expect(page.get_by_test_id("longest-streak")).to_have_text("1")
