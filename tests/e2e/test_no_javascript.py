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
