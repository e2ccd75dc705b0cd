"""On a phone, with a keyboard, in dark mode: Today fits the screen, its buttons are easy
to hit, keyboard focus is visible, and no page logs an error or a Content Security
Policy violation."""

import pytest
from playwright.sync_api import expect

from tests.e2e.journey import PLAN_NAMES, ConsoleWatch, local_today, log_in, main_nav_link

EMAIL = "phone.runner@example.com"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
MIN_TARGET_PX = 44

# Every visible button-like control, with its accessible label and rendered height.
BUTTON_HEIGHTS_JS = """
() => [...document.querySelectorAll("button, .button, input[type=submit], [role=button]")]
  .filter((el) => el.getClientRects().length > 0)
  .map((el) => ({
    label: (el.getAttribute("aria-label") || el.textContent).trim().replace(/\\s+/g, " "),
    height: el.getBoundingClientRect().height,
  }))
"""

FOCUS_RING_JS = """
() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    label: el.getAttribute("aria-label"),
    focusVisible: el.matches(":focus-visible"),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
  };
}
"""


@pytest.fixture
def phone(new_context, make_runner):
    """A phone-sized page, signed in as a runner, showing Today."""
    make_runner(EMAIL)
    page = new_context(**PHONE).new_page()
    log_in(page, EMAIL)
    expect(page.get_by_test_id("progress")).to_have_text("0 of 3 done")
    return page


def test_today_fits_a_phone_screen_without_sideways_scrolling(phone):
    width = phone.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"the page is {width[0]}px wide on a {width[1]}px screen"


@pytest.mark.parametrize("width", [360, 390])
def test_the_header_fits_one_row_on_a_small_phone(new_context, make_runner, width):
    make_runner(EMAIL)
    page = new_context(**{**PHONE, "viewport": {"width": width, "height": 780}}).new_page()
    log_in(page, EMAIL)
    nav = page.get_by_role("navigation", name="Main")
    middles = nav.locator("a, button").evaluate_all(
        "(els) => els.map((el) => { const box = el.getBoundingClientRect(); return box.top + box.height / 2; })"
    )
    assert max(middles) - min(middles) < 4, f"the header wraps at {width}px: middles {middles}"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    expect(
        nav.get_by_role("link", name="Stronger Ankles")
    ).to_be_visible()  # the brand keeps its name for screen readers


def test_every_button_on_today_is_at_least_44px_tall(phone):
    buttons = phone.evaluate(BUTTON_HEIGHTS_JS)
    assert len(buttons) >= len(PLAN_NAMES)
    assert [button for button in buttons if button["height"] < MIN_TARGET_PX] == []


def test_every_button_on_the_landing_page_is_at_least_44px_tall(new_context):
    # The first page a runner sees on their phone, signed out.
    page = new_context(**PHONE).new_page()
    page.goto("/")
    buttons = page.evaluate(BUTTON_HEIGHTS_JS)
    assert any(button["label"] == "Start your streak, free" for button in buttons)
    assert [button for button in buttons if button["height"] < MIN_TARGET_PX] == []


def test_the_keyboard_reaches_the_first_mark_done_button_and_shows_where_focus_is(phone):
    target = f"Mark done: {PLAN_NAMES[0]}"
    focused = None
    for _ in range(40):
        phone.keyboard.press("Tab")
        focused = phone.evaluate(FOCUS_RING_JS)
        if focused["label"] == target:
            break
    assert focused["label"] == target, "Tab never reached the first Mark done button"
    assert focused["focusVisible"]
    assert focused["outlineStyle"] != "none"
    assert focused["outlineWidth"] > 0


def test_pages_log_no_console_errors_or_csp_violations(page, console, make_runner):
    failed = []
    page.on("response", lambda response: response.status >= 400 and failed.append(f"{response.status} {response.url}"))
    slug = "closed-chain-dorsiflexion"

    for path in ["/", "/accounts/signup/", "/accounts/login/", "/exercises/", f"/exercises/{slug}/"]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()

    make_runner(EMAIL)
    log_in(page, EMAIL)
    expect(page.get_by_test_id("progress")).to_have_text("0 of 3 done")
    # Marking runs the page's script (fetch and DOM swap) under the policy as well.
    page.get_by_role("button", name=f"Mark done: {PLAN_NAMES[0]}").click()
    expect(page.get_by_test_id("progress")).to_have_text("1 of 3 done")
    for name in ["Calendar", "Exercises", "Settings"]:
        main_nav_link(page, name).click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(f"/calendar/day/{local_today('Pacific/Auckland'):%Y-%m-%d}/")
    expect(page.get_by_test_id("progress")).to_have_text("1 of 3 done")

    assert console.csp_violations == []
    assert console.errors == []
    assert failed == []


def test_dark_mode_renders_with_dark_colours_and_no_csp_violations(new_context, make_runner):
    make_runner(EMAIL)
    page = new_context(color_scheme="dark").new_page()
    console = ConsoleWatch(page)
    log_in(page, EMAIL)
    expect(page.get_by_test_id("progress")).to_have_text("0 of 3 done")

    for where in ["Today", "Calendar"]:
        with page.expect_navigation():
            main_nav_link(page, where).click()
        colours = page.evaluate(
            "[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]"
        )
        background, text = (_luminance(colour) for colour in colours)
        assert background < 0.1, f"{where}: background {colours[0]} is not dark"
        assert text > 0.5, f"{where}: text {colours[1]} is not light"

    assert console.csp_violations == []
    assert console.errors == []


def _luminance(css_colour: str) -> float:
    """Relative luminance (WCAG) of an "rgb(r, g, b)" colour, from 0 (black) to 1 (white)."""
    channels = [int(part) / 255 for part in css_colour.removeprefix("rgb(").rstrip(")").split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
