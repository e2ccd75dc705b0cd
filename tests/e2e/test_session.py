"""The daily session on a 390 × 844 phone: Today on one screen, the completion where the
thumb is, the week strip's late logging, and the guided player run on a controlled clock.
"""

import datetime as dt

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.e2e.journey import BROWSER_TIMEZONE, NOW, PLAN_NAMES, ConsoleWatch, local_today, log_in, sign_up
from tracking.models import Completion

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
EMAIL = "session.runner@example.com"
DORSIFLEXION = PLAN_NAMES[0]
PLAYER_START_MS = int(NOW.timestamp() * 1000)


@pytest.fixture
def phone_page(new_context):
    return new_context(**PHONE).new_page()


@pytest.fixture
def runner(make_runner):
    """A runner who signed up two weeks ago (so last week's days are theirs to log)."""
    runner = make_runner(EMAIL)
    User.objects.filter(pk=runner.pk).update(date_joined=NOW - dt.timedelta(days=14))
    return runner


def in_first_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def test_a_new_runner_sees_all_three_mark_done_buttons_without_scrolling(phone_page):
    console = ConsoleWatch(phone_page)
    sign_up(phone_page, "new.phone.runner@example.com")  # arrives with the sign-in messages showing

    expect(phone_page.get_by_test_id("progress")).to_have_text("0 of 3 done")
    assert phone_page.evaluate("window.scrollY") == 0
    for name in PLAN_NAMES:
        expect(phone_page.get_by_role("heading", name=name)).to_be_visible()
        button = phone_page.get_by_role("button", name=f"Mark done: {name}")
        assert in_first_viewport(phone_page, button), f"“Mark done” for {name} is below the first screen"
    assert console.errors == []
    assert console.csp_violations == []


def test_the_completion_shows_where_the_runner_is_looking_and_is_announced(phone_page, runner):
    log_in(phone_page, EMAIL)
    for name in PLAN_NAMES:
        phone_page.get_by_role("button", name=f"Mark done: {name}").click()
        expect(phone_page.get_by_role("button", name=f"Undo {name}")).to_be_visible()

    completion = phone_page.locator("[data-completion]")
    expect(completion).to_be_in_viewport()
    expect(completion).to_be_focused()
    expect(completion).to_contain_text("Current streak: 1 day")
    expect(phone_page.locator("[data-announce]")).to_contain_text("Session complete")


def test_the_week_strip_opens_yesterday_to_log_it_late(phone_page, runner):
    yesterday = local_today(BROWSER_TIMEZONE) - dt.timedelta(days=1)
    log_in(phone_page, EMAIL)
    strip = phone_page.get_by_role("region", name="This week")
    expect(strip.get_by_role("listitem")).to_have_count(8)  # the last seven days and today
    label = f"{yesterday:%A} {yesterday.day} {yesterday:%B %Y}: missed, 0 of 3 exercises done. Mark or undo"
    expect(strip.get_by_role("link", name=label)).to_be_visible()

    strip.get_by_role("link", name=label).click()
    expect(phone_page).to_have_url(f"/calendar/day/{yesterday:%Y-%m-%d}/")
    phone_page.get_by_role("button", name=f"Mark done: {DORSIFLEXION}").click()
    expect(phone_page.get_by_test_id("progress")).to_have_text("1 of 3 done")

    phone_page.goto("/")
    partial = f"{yesterday:%A} {yesterday.day} {yesterday:%B %Y}: 1 of 3 exercises done. Mark or undo"
    link = phone_page.get_by_role("region", name="This week").get_by_role("link", name=partial)
    expect(link).to_contain_text("1/3")  # the status is told by a mark, not only a colour
    assert Completion.objects.filter(user=runner, completed_on=yesterday).count() == 1


def test_the_player_steps_through_a_whole_exercise_and_marks_it_once(phone_page, runner):
    console = ConsoleWatch(phone_page)
    log_in(phone_page, EMAIL)
    phone_page.clock.install(time=PLAYER_START_MS)
    phone_page.clock.pause_at(PLAYER_START_MS + 1000)  # time moves only when the test says so
    phone_page.goto("/")
    phone_page.get_by_role("link", name=f"Start {DORSIFLEXION}").click()
    phone_page.get_by_role("button", name=f"Start: {DORSIFLEXION}").click()

    where = phone_page.locator("[data-field=where]")
    cue = phone_page.locator("[data-field=cue]")
    count = phone_page.locator("[data-field=count]")
    expect(cue).to_have_text(f"Get ready: {DORSIFLEXION}")
    expect(count).to_have_text("10")
    expect(phone_page.get_by_role("img", name="Side view, start and end.", exact=False)).to_be_visible()

    phone_page.clock.run_for(10_000)  # the get-ready countdown
    expect(where).to_have_text("Left side · Set 1 of 2 · Rep 1 of 10")
    expect(cue).to_have_text("Knee forward")
    expect(count).to_have_text("2")
    phone_page.clock.run_for(2_000)
    expect(cue).to_have_text("Hold 3 s")

    phone_page.clock.run_for(68_000)  # the rest of ten reps of 7 s on the left
    expect(cue).to_have_text("Switch to the right side")
    phone_page.clock.run_for(5_000)
    expect(where).to_have_text("Right side · Set 1 of 2 · Rep 1 of 10")

    phone_page.clock.run_for(70_000)
    expect(cue).to_have_text("Rest. Set 2 of 2 next")
    phone_page.get_by_role("button", name="+15 s rest").click()
    expect(count).to_have_text("45")
    phone_page.clock.run_for(45_000)
    expect(where).to_have_text("Left side · Set 2 of 2 · Rep 1 of 10")
    assert Completion.objects.filter(user=runner).count() == 0  # not before the exercise ends

    phone_page.clock.run_for(145_000)  # set 2, left and right
    expect(phone_page.get_by_role("region", name="Well done")).to_be_focused()
    expect(phone_page.locator("[data-field=status]")).to_have_text(f"{DORSIFLEXION}: marked done.")
    phone_page.clock.run_for(60_000)  # nothing more happens, and nothing is sent again

    marks = Completion.objects.filter(user=runner)
    assert [(m.exercise.name, m.completed_on) for m in marks] == [(DORSIFLEXION, local_today(BROWSER_TIMEZONE))]
    phone_page.get_by_role("link", name="Back to Today").click()
    expect(phone_page.get_by_role("button", name=f"Undo {DORSIFLEXION}")).to_be_visible()
    assert console.errors == []
    assert console.csp_violations == []


def test_a_mark_that_fails_is_retried_and_the_runner_is_told(new_context, runner):
    # The player's own retry, with no service worker in between (routes can't see requests
    # a service worker makes, and offline queueing by the worker is tested on its own).
    phone_page = new_context(**PHONE, service_workers="block").new_page()
    log_in(phone_page, EMAIL)
    failures = []

    def fail_once(route):
        if not failures:
            failures.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    phone_page.route("**/track/mark/", fail_once)
    phone_page.clock.install(time=PLAYER_START_MS)
    phone_page.clock.pause_at(PLAYER_START_MS + 1000)
    phone_page.goto(f"/session/{'closed-chain-dorsiflexion'}/")
    phone_page.get_by_role("button", name=f"Start: {DORSIFLEXION}").click()
    phone_page.clock.run_for(330_000)  # the whole exercise

    status = phone_page.locator("[data-field=status]")
    expect(status).to_contain_text(f"Couldn't save {DORSIFLEXION} as done")
    expect(status).to_contain_text("Trying again in 2 s")
    assert Completion.objects.filter(user=runner).count() == 0

    phone_page.clock.run_for(2_000)
    expect(status).to_have_text(f"{DORSIFLEXION}: marked done.")
    assert len(failures) == 1
    assert Completion.objects.filter(user=runner).count() == 1


def test_start_session_plays_the_exercises_not_yet_done_in_plan_order(phone_page, runner):
    log_in(phone_page, EMAIL)
    phone_page.get_by_role("button", name=f"Mark done: {DORSIFLEXION}").click()
    expect(phone_page.get_by_test_id("progress")).to_have_text("1 of 3 done")
    phone_page.clock.install(time=PLAYER_START_MS)
    phone_page.clock.pause_at(PLAYER_START_MS + 1000)

    phone_page.get_by_role("link", name="Start session").click()
    phone_page.get_by_role("button", name="Start the session").click()
    expect(phone_page.locator("[data-field=exercise]")).to_have_text(PLAN_NAMES[1])
    phone_page.clock.run_for(403_000)  # the calf raise, all of it
    expect(phone_page.locator("[data-field=exercise]")).to_have_text(PLAN_NAMES[2])
    expect(phone_page.locator("[data-field=status]")).to_have_text(f"{PLAN_NAMES[1]}: marked done.")
    phone_page.get_by_role("button", name="Stop").click()
    expect(phone_page.get_by_role("heading", name="Stopped")).to_be_visible()
    assert sorted(Completion.objects.filter(user=runner).values_list("exercise__name", flat=True)) == sorted(
        PLAN_NAMES[:2]
    )


def test_the_players_controls_work_from_the_keyboard_and_the_cue_choices_are_remembered(phone_page, runner):
    log_in(phone_page, EMAIL)
    phone_page.clock.install(time=PLAYER_START_MS)
    phone_page.clock.pause_at(PLAYER_START_MS + 1000)
    phone_page.goto("/session/closed-chain-dorsiflexion/")
    phone_page.get_by_label("Voice").uncheck()
    phone_page.reload()
    expect(phone_page.get_by_label("Voice")).not_to_be_checked()  # remembered on this device
    expect(phone_page.get_by_label("Beeps")).to_be_checked()

    phone_page.get_by_role("button", name=f"Start: {DORSIFLEXION}").focus()
    phone_page.keyboard.press("Enter")
    pause = phone_page.get_by_role("button", name="Pause")
    expect(pause).to_be_focused()
    cue = phone_page.locator("[data-field=cue]")
    count = phone_page.locator("[data-field=count]")

    phone_page.keyboard.press("Enter")  # pause
    expect(phone_page.get_by_role("button", name="Resume")).to_be_focused()
    phone_page.clock.run_for(30_000)
    expect(count).to_have_text("10")  # paused: the clock moved on, the countdown did not
    phone_page.keyboard.press("Enter")  # resume
    phone_page.clock.run_for(3_000)
    expect(count).to_have_text("7")

    phone_page.get_by_role("button", name="Skip").click()
    expect(cue).to_have_text("Knee forward")
    phone_page.get_by_role("button", name="Skip").click()
    expect(cue).to_have_text("Hold 3 s")
    phone_page.get_by_role("button", name="Back").click()  # within two seconds: the step before
    expect(cue).to_have_text("Knee forward")
    phone_page.get_by_role("button", name="Stop").click()
    expect(phone_page.get_by_role("region", name="Stopped")).to_be_focused()
    assert Completion.objects.filter(user=runner).count() == 0
