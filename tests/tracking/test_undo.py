"""POST /track/undo/: take back the mark of one exercise on one of the runner's days."""

import pytest

from tests.dates import ONE_DAY, TODAY
from tests.factories import PLAN_SLUGS, add_history, db_state, rows_of
from tests.pages import NOT_A_DATE, NOT_IN_PLAN, TOO_OLD, by_testid, error_message

URL = "/track/undo/"


@pytest.fixture
def alice_done_today(alice, plan):
    add_history(alice, [TODAY], plan)
    return alice


def test_it_requires_login(client, alice_done_today):
    response = client.post(URL, {"exercise": "eccentric-heel-raise"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/track/undo/"
    assert len(rows_of(alice_done_today)) == 3


def test_it_rejects_get(alice_client, alice_done_today):
    assert alice_client.get(URL, {"exercise": "eccentric-heel-raise"}).status_code == 405
    assert len(rows_of(alice_done_today)) == 3


def test_it_removes_todays_mark_and_returns_to_today(alice_client, alice_done_today):
    response = alice_client.post(URL, {"exercise": "eccentric-heel-raise"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert rows_of(alice_done_today) == [(TODAY, "closed-chain-dorsiflexion"), (TODAY, "runners-position-calf-raise")]


def test_undo_turns_a_complete_day_back_into_a_partial_one(alice_client, alice_done_today):
    alice_client.post(URL, {"exercise": "closed-chain-dorsiflexion"})
    response = alice_client.get("/")
    assert by_testid(response, "progress") == "2 of 3 done"
    assert by_testid(response, "current-streak") == "0"


def test_undoing_twice_is_harmless(alice_client, alice_done_today):
    first = alice_client.post(URL, {"exercise": "eccentric-heel-raise"})
    second = alice_client.post(URL, {"exercise": "eccentric-heel-raise"})
    assert (first.status_code, second.status_code) == (302, 302)
    assert len(rows_of(alice_done_today)) == 2


def test_it_undoes_a_day_in_the_last_week_and_returns_to_that_days_page(alice, alice_client, plan):
    add_history(alice, [TODAY - 7 * ONE_DAY], plan)
    response = alice_client.post(URL, {"exercise": "eccentric-heel-raise", "on": "2026-11-17"})
    assert response["Location"] == "/calendar/day/2026-11-17/"
    assert len(rows_of(alice)) == 2


def test_it_ignores_a_next_that_leaves_the_site(alice_client, alice_done_today):
    response = alice_client.post(URL, {"exercise": "eccentric-heel-raise", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_it_ignores_a_next_that_is_not_a_path(alice_client, alice_done_today):
    response = alice_client.post(URL, {"exercise": "eccentric-heel-raise", "next": "x"})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"exercise": "eccentric-heel-raise", "on": "2026-11-25"}, "You can't mark a day that hasn't happened yet."),
        ({"exercise": "eccentric-heel-raise", "on": "2026-11-16"}, TOO_OLD),
        ({"exercise": "no-such-exercise", "on": "2026-11-24"}, NOT_IN_PLAN),
        ({"exercise": "eccentric-heel-raise", "on": "2026-13-01"}, "2026-13-01 is not a real date."),
        ({"exercise": "eccentric-heel-raise", "on": "yesterday"}, NOT_A_DATE),
        ({"exercise": ""}, NOT_IN_PLAN),
        ({}, NOT_IN_PLAN),
        ({"exercise": "e" * 100_000}, NOT_IN_PLAN),
    ],
    ids=["tomorrow", "8 days back", "unknown exercise", "month 13", "yesterday in words", "empty", "nothing", "long"],
)
def test_bad_input_is_a_400_with_a_clear_message_and_changes_nothing(alice, alice_client, plan, data, message):
    # A row for tomorrow cannot be made through the app; it is here to show undo leaves it alone.
    add_history(alice, [TODAY - 8 * ONE_DAY, TODAY, TODAY + ONE_DAY], plan)
    before = db_state()

    response = alice_client.post(URL, data)

    assert response.status_code == 400
    assert error_message(response) == message
    assert db_state() == before


def test_bob_cannot_undo_alices_marks(alice_done_today, bob_client):
    for slug in PLAN_SLUGS:
        assert bob_client.post(URL, {"exercise": slug}).status_code == 302
    assert len(rows_of(alice_done_today)) == 3
