"""On a phone near the end of a month, a runner on five days a week opens next month from
the calendar and plans a rest day there."""

import datetime as dt

from playwright.sync_api import expect

from accounts.services import user_set_weekly_target
from tests.e2e.journey import BROWSER_TIMEZONE, ConsoleWatch, calendar_label, local_today, log_in, main_nav_link
from tracking.models import PlanBreak

EMAIL = "month.end@example.com"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
# Friday 27 November 2026 in Auckland (UTC+13): four days of November left.
NEAR_MONTH_END = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)


def test_a_runner_plans_a_rest_day_in_next_month_from_the_calendar(new_context, make_runner, time_machine):
    time_machine.move_to(NEAR_MONTH_END, tick=True)
    today = local_today(BROWSER_TIMEZONE)
    assert (today.month, today.day) == (11, 27)
    runner = make_runner(EMAIL)
    user_set_weekly_target(user=runner, days=5, today=today)
    rest_day = dt.date(2026, 12, 2)  # a Wednesday, five days ahead

    page = new_context(**PHONE).new_page()
    console = ConsoleWatch(page)
    log_in(page, EMAIL)
    main_nav_link(page, "Calendar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("November 2026")
    page.get_by_role("link", name="December 2026 →").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("December 2026")
    # No December after December: 28 days ahead ends on Christmas Day.
    expect(page.get_by_role("link", name="January 2027 →")).to_have_count(0)

    cell = page.locator(f'td[data-date="{rest_day:%Y-%m-%d}"]')
    expect(cell).to_have_attribute("data-status", "future")
    link = cell.get_by_role("link")
    expect(link).to_have_accessible_name(f"{calendar_label(rest_day)}: still to come. Plan a rest day")
    link.click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Wednesday 2 December 2026")
    page.get_by_role("button", name="Plan a rest day").click()
    expect(page.get_by_role("button", name="Cancel the rest day")).to_be_visible()
    assert list(PlanBreak.objects.filter(user=runner).values_list("kind", "starts_on")) == [("rest", rest_day)]

    # Back to December: the day is a planned rest day, for eyes and for screen readers.
    page.get_by_role("link", name="← December 2026").click()
    cell = page.locator(f'td[data-date="{rest_day:%Y-%m-%d}"]')
    expect(cell).to_have_attribute("data-status", "rest")
    expect(cell.get_by_role("link")).to_have_accessible_name(
        f"{calendar_label(rest_day)}: planned rest day. Change the rest day"
    )
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"the calendar is {width[0]}px wide on a {width[1]}px screen"
    assert console.errors == [] and console.csp_violations == []
