"""On a phone: a runner starts at a lower level, rates several sessions and mornings over a
week, accepts the suggested progression, records a knee-to-wall test twice (one side within
the measurement error, one side a real change), and sees it all on the progress page."""

import datetime as dt
import importlib
import os

import pytest
from django.apps import apps
from playwright.sync_api import expect

from tests.e2e.journey import NOW, local_today, log_in

ZONE = "Europe/London"
EMAIL = "climber@example.com"
HEEL = "Eccentric heel raise off a step"
LADDERS = importlib.import_module("routines.migrations.0006_seed_levels")
SHOTS = os.environ.get("PROGRESS_SCREENSHOTS")  # a folder: save screenshots there


@pytest.fixture
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
        "timezone_id": ZONE,
    }


@pytest.fixture(autouse=True)
def _ladders(_plan_seeded):
    LADDERS.forwards(apps, schema_editor=None)


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
        page.emulate_media(color_scheme="dark")
        page.screenshot(path=f"{SHOTS}/{name}-dark.png", full_page=True)
        page.emulate_media(color_scheme="light")


def tap(page, section: str, value: int, *, stays: bool = True) -> None:
    """Tap one of a 0–10 scale's buttons; a scale that stays shows the chosen one pressed."""
    page.get_by_role("group", name=section).get_by_role("button", name=str(value), exact=True).click()
    page.wait_for_load_state()
    if not stays:
        expect(page.get_by_role("group", name=section)).to_have_count(0)
        return
    expect(
        page.get_by_role("group", name=section).get_by_role("button", name=str(value), exact=True)
    ).to_have_attribute("aria-pressed", "true")


def test_a_runner_climbs_a_level_and_sees_a_real_change(page, make_runner, time_machine):
    make_runner(EMAIL, timezone=ZONE)
    log_in(page, EMAIL)

    # A lower level to start from, chosen in Settings.
    page.goto("/settings/")
    page.get_by_label("Returning from a sore Achilles").check()
    page.get_by_role("button", name="Set my starting levels").click()
    page.goto("/")
    expect(page.get_by_text("Your level: Both feet, on the floor.")).to_be_attached()

    # Five days on Today: the morning question, then the heel raise done and rated.
    for offset in range(1, 6):
        time_machine.move_to(NOW + dt.timedelta(days=offset), tick=True)
        page.goto("/")
        tap(page, "This morning: pain and stiffness on getting up", 1, stays=False)
        if offset < 5:
            page.get_by_role("button", name=f"Mark done: {HEEL}").click()
            expect(page.get_by_role("button", name=f"Undo {HEEL}")).to_be_visible()
            page.goto("/")
            tap(page, f"Pain during {HEEL} (optional)", 2 if offset != 2 else 1)

    suggestion = page.get_by_test_id("suggestion-eccentric-heel-raise")
    expect(suggestion).to_contain_text("ready for the next level, “Both feet, off a step”?")
    expect(suggestion).to_contain_text("your last 4 sessions: pain 2, 1, 2, 2; mornings 1, 1, 1, 1")
    shot(page, "today-suggestion")
    suggestion.get_by_role("button", name="Move up: Both feet, off a step").click()
    expect(page.get_by_role("status").filter(has_text="you're now on")).to_contain_text("Both feet, off a step")
    expect(page.get_by_text("Your level: Both feet, off a step.")).to_be_attached()
    page.goto("/progress/")
    level = page.get_by_test_id("level-eccentric-heel-raise")
    expect(level).to_contain_text("Level 2 of 6: Both feet, off a step")

    # Knee-to-wall today, and again a week later.
    first_day = local_today(ZONE)
    page.goto("/progress/tests/")
    page.get_by_label("Left (cm)").fill("8.0")
    page.get_by_label("Right (cm)").fill("8.0")
    page.get_by_role("button", name="Save knee-to-wall").click()
    time_machine.move_to(NOW + dt.timedelta(days=12), tick=True)
    page.goto("/progress/tests/")
    page.get_by_label("Left (cm)").fill("9.5")
    page.get_by_label("Right (cm)").fill("10.2")
    page.get_by_role("button", name="Save knee-to-wall").click()

    results = page.get_by_test_id("knee-to-wall-results")
    newest = results.locator("tbody tr").first
    expect(newest.locator("td").nth(0)).to_contain_text("9.5 cm (≈ 34°)")
    expect(newest.locator("td").nth(0)).to_contain_text("within measurement error")
    expect(newest.locator("td").nth(1)).to_contain_text("10.2 cm (≈ 37°)")
    expect(newest.locator("td").nth(1)).to_contain_text("real improvement")
    expect(results).to_contain_text(f"{first_day.day} {first_day:%b %Y}")

    # The rest of the page: the pain over the weeks and the level history.
    expect(page.get_by_role("img", name="Pain during and morning pain, the last 8 weeks")).to_be_visible()
    level.get_by_text("The ladder and your history").click()
    expect(level.locator(".level-history")).to_contain_text("Accepted a suggestion")
    expect(level.locator(".level-history")).to_contain_text("pain 2, 1, 2, 2")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "progress-page")


def test_the_heel_rise_test_plays_a_beat_at_60_a_minute(page, make_runner):
    make_runner(EMAIL, timezone=ZONE)
    log_in(page, EMAIL)
    page.goto("/progress/tests/")
    button = page.get_by_role("button", name="Start the beat (60 a minute)")
    button.click()
    expect(page.get_by_role("button", name="Stop the beat")).to_have_attribute("aria-pressed", "true")
    # Up on one beat, down on the next: the second rep starts on the third beat, two seconds in.
    expect(page.locator("[data-metronome-count]")).to_have_text("Up · rep 2", timeout=5000)
    page.get_by_role("button", name="Stop the beat").click()
    expect(button).to_have_attribute("aria-pressed", "false")
