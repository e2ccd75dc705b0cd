"""The year heat map on a phone: it opens with the current month in view, and a tap on
any of a month's days opens that month."""

import re

from playwright.sync_api import expect

from tests.e2e.journey import BROWSER_TIMEZONE, local_today, log_in
from tests.e2e.test_accessibility import give_a_history

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_the_year_opens_at_this_month_and_a_tap_opens_a_month(new_context, make_runner):
    runner = make_runner("year.phone@example.com")
    today = local_today(BROWSER_TIMEZONE)
    give_a_history(runner, today)
    page = new_context(**PHONE).new_page()
    log_in(page, "year.phone@example.com")
    page.goto("/calendar/year/")

    this_month = page.locator(f'svg a[href="/calendar/{today.year}/{today.month}/"]')
    box = this_month.bounding_box()
    assert box is not None and 0 <= box["x"] and box["x"] + box["width"] <= 390, box
    # The map is wider than the phone: the older months are off to the left.
    scroller = page.locator(".heatmap-scroll")
    assert scroller.evaluate("(el) => el.scrollWidth > el.clientWidth")

    # A month is one target, taller and wider than a finger's 44 px.
    assert box["height"] >= 44 and box["width"] >= 44, box
    # A tap between two squares of the month opens it too.
    first_day = this_month.locator("rect.heat").first.bounding_box()
    page.touchscreen.tap(first_day["x"] + first_day["width"] / 2, first_day["y"] + first_day["height"] + 1)
    expect(page).to_have_url(re.compile(rf"/calendar/{today.year}/{today.month}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{today:%B %Y}")
