"""Every action works without JavaScript: logging in and marking or undoing an exercise
are plain form posts that redirect back to Today."""

import pytest
from playwright.sync_api import expect

from tests.e2e.journey import PLAN_NAMES, log_in

FIRST = PLAN_NAMES[0]


@pytest.fixture
def page(new_context):
    # Overrides pytest-playwright's page: this file's browser runs no script at all.
    return new_context(java_script_enabled=False).new_page()


def test_a_runner_without_javascript_marks_and_undoes_an_exercise_with_plain_posts(page, make_runner):
    make_runner("no.script@example.com")
    log_in(page, "no.script@example.com")
    expect(page.get_by_test_id("progress")).to_have_text("0 of 3 done")

    # A full page load each time: the post, its redirect, and Today rendered again.
    with page.expect_navigation():
        page.get_by_role("button", name=f"Mark done: {FIRST}").click()
    expect(page.get_by_test_id("progress")).to_have_text("1 of 3 done")
    expect(page.locator("#exercise-closed-chain-dorsiflexion")).to_contain_text("Done")

    with page.expect_navigation():
        page.get_by_role("button", name=f"Undo {FIRST}").click()
    expect(page.get_by_test_id("progress")).to_have_text("0 of 3 done")
    expect(page.get_by_role("button", name=f"Mark done: {FIRST}")).to_be_visible()


def test_without_javascript_there_is_no_start_button_and_the_how_to_still_opens(page, make_runner):
    make_runner("no.script@example.com")
    log_in(page, "no.script@example.com")
    expect(page.get_by_test_id("progress")).to_have_text("0 of 3 done")

    expect(page.get_by_role("link", name="Start session")).to_have_count(0)
    expect(page.get_by_role("link", name=f"Start {FIRST}")).to_have_count(0)
    card = page.locator("#exercise-closed-chain-dorsiflexion")
    card.get_by_text("How to do it").click()  # a <details>: it needs no script
    expect(card.get_by_text("Keeping the heel down, drive the knee forward over the toes.")).to_be_visible()
    expect(card).to_contain_text("Dose: 2 × 10 reps, hold 3 s, slow, controlled range, each side")


def test_the_player_page_without_javascript_lists_the_steps_and_marks_with_a_post(page, make_runner):
    make_runner("no.script@example.com")
    log_in(page, "no.script@example.com")
    page.goto("/session/")

    expect(page.get_by_text("The timer needs JavaScript.", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="Start the session")).to_be_hidden()
    with page.expect_navigation():
        page.get_by_role("button", name=f"Mark done: {FIRST}").click()
    expect(page.get_by_role("button", name=f"Undo {FIRST}")).to_be_visible()
