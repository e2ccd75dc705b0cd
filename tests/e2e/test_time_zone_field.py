"""The time-zone box on sign-up and settings: filled in from the device with JavaScript,
a searchable list the server checks without it."""

from playwright.sync_api import expect

from accounts.models import User
from tests.e2e.journey import BROWSER_TIMEZONE, PASSWORD, ConsoleWatch, log_in

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def fill_sign_up(page, email: str) -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)


def test_sign_up_says_which_zone_it_detected_and_lets_the_runner_change_it(new_context, transactional_db):
    page = new_context(**PHONE).new_page()
    console = ConsoleWatch(page)
    fill_sign_up(page, "detected@example.com")
    zone = page.get_by_label("Time zone")
    expect(zone).to_have_value(BROWSER_TIMEZONE)
    expect(page.get_by_text(f"Detected on this device: {BROWSER_TIMEZONE}.")).to_be_visible()
    zone.fill("America/New_York")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_test_id("progress")).to_be_visible()
    assert User.objects.get(email="detected@example.com").timezone == "America/New_York"
    assert console.errors == [] and console.csp_violations == []


def test_without_javascript_the_runner_types_a_zone_and_a_wrong_one_is_refused(new_context, transactional_db):
    page = new_context(java_script_enabled=False, **PHONE).new_page()
    fill_sign_up(page, "typed@example.com")
    zone = page.get_by_label("Time zone")
    expect(zone).to_have_value("")
    expect(page.get_by_text("Detected on this device")).to_be_hidden()
    # The list it searches holds canonical names with their offsets, no aliases.
    options = page.locator(f"datalist#{zone.get_attribute('list')} option")
    assert options.count() > 300
    expect(page.locator('datalist option[value="Asia/Kolkata"]')).to_have_attribute("label", "Kolkata · UTC+05:30")
    expect(page.locator('datalist option[value="Asia/Calcutta"]')).to_have_count(0)

    zone.fill("Europe/Londn")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_text("That is not a time zone we know.")).to_be_visible()
    assert not User.objects.filter(email="typed@example.com").exists()

    page.get_by_label("Password", exact=True).fill(PASSWORD)  # (a refused form is sent back without passwords)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("Time zone").fill("Europe/London")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("navigation", name="Main").get_by_role("button", name="Log out")).to_be_visible()
    assert User.objects.get(email="typed@example.com").timezone == "Europe/London"


def test_settings_offers_the_devices_zone_when_it_differs(new_context, make_runner):
    make_runner("elsewhere@example.com", timezone="Europe/London")
    page = new_context(**PHONE).new_page()
    log_in(page, "elsewhere@example.com")
    page.goto("/settings/")
    zone = page.get_by_label("Time zone")
    expect(zone).to_have_value("Europe/London")
    expect(page.get_by_text(f"This device says: {BROWSER_TIMEZONE}.")).to_be_visible()
    page.get_by_role("button", name="Use it").click()
    expect(zone).to_have_value(BROWSER_TIMEZONE)
    expect(zone).to_be_focused()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    assert User.objects.get(email="elsewhere@example.com").timezone == BROWSER_TIMEZONE
