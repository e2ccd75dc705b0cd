"""/calendar/day/YYYY-MM-DD/: mark or undo the exercises of one of the last seven days."""

import datetime as dt

import pytest

from tests.dates import ONE_DAY, TODAY
from tests.factories import PLAN_SLUGS, add_history, rows_of
from tests.pages import buttons, by_testid, find, find_all


def mark_buttons(response) -> list[str]:
    return [b for b in buttons(response) if b.startswith(("Mark", "Undo"))]


def test_it_requires_login(client, db):
    response = client.get("/calendar/day/2026-11-20/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/calendar/day/2026-11-20/"


def test_it_rejects_post(alice_client, alice):
    response = alice_client.post("/calendar/day/2026-11-20/", {"exercise": "eccentric-heel-raise"})
    assert response.status_code == 405
    assert rows_of(alice) == []


def test_it_shows_the_day_and_its_plan(alice_client):
    response = alice_client.get("/calendar/day/2026-11-20/")
    assert response.status_code == 200
    assert find(response, "time")["datetime"] == "2026-11-20"
    assert find(response, "h1").text == "Friday 20 November 2026"
    assert by_testid(response, "progress") == "0 of 3 done"
    assert "You can mark or undo exercises for any of the last 7 days." in response.content.decode()
    assert find(response, "a", href="/calendar/2026/11/").text == "← November 2026"


def test_today_is_labelled_today(alice_client):
    assert find(alice_client.get("/calendar/day/2026-11-24/"), "h1").text == "Tuesday 24 November 2026 (today)"


def test_its_forms_mark_that_day_and_come_back_here(alice_client):
    response = alice_client.get("/calendar/day/2026-11-20/")
    assert [i["value"] for i in find_all(response, "input", name="on")] == ["2026-11-20"] * 3
    assert [i["value"] for i in find_all(response, "input", name="next")] == ["/calendar/day/2026-11-20/"] * 3


def test_marking_through_its_form_comes_back_to_it(alice_client, alice):
    response = alice_client.post(
        "/track/mark/", {"exercise": "eccentric-heel-raise", "on": "2026-11-20", "next": "/calendar/day/2026-11-20/"}
    )
    assert response["Location"] == "/calendar/day/2026-11-20/"
    page = alice_client.get("/calendar/day/2026-11-20/")
    assert by_testid(page, "progress") == "1 of 3 done"
    assert mark_buttons(page)[2] == "Undo Eccentric heel raise off a step"


def test_a_complete_day_says_so(alice, alice_client):
    add_history(alice, [dt.date(2026, 11, 20)])
    assert by_testid(alice_client.get("/calendar/day/2026-11-20/"), "progress").startswith("Complete")


def test_late_logging_a_missed_day_joins_two_runs(alice, alice_client):
    add_history(alice, [TODAY - n * ONE_DAY for n in range(0, 10) if n != 4])
    assert by_testid(alice_client.get("/"), "current-streak") == "4"
    for slug in PLAN_SLUGS:
        alice_client.post("/track/mark/", {"exercise": slug, "on": "2026-11-20"})
    page = alice_client.get("/calendar/day/2026-11-20/")
    assert (by_testid(page, "current-streak"), by_testid(page, "longest-streak")) == ("10", "10")


@pytest.mark.parametrize("day", ["2026-11-17", "2026-11-24"])
def test_the_ends_of_the_window_open(alice_client, day):
    assert alice_client.get(f"/calendar/day/{day}/").status_code == 200


@pytest.mark.parametrize(
    "day", ["2026-11-16", "2025-11-24", "2026-12-23", "2026-13-01", "2026-02-30", "0000-00-00", "9999-12-31"]
)
def test_a_day_outside_the_window_or_unreal_is_not_found(alice_client, day):
    # (Up to 28 days ahead the page opens to plan rest; 23 December is 29 days ahead.)
    assert alice_client.get(f"/calendar/day/{day}/").status_code == 404


def test_a_day_still_to_come_cannot_be_marked(alice_client):
    response = alice_client.get("/calendar/day/2026-11-25/")
    assert mark_buttons(response) == []
    assert find_all(response, "form", action="/track/mark/") == []


@pytest.mark.parametrize("path", ["/calendar/day/yesterday/", "/calendar/day/2026-11-2/", "/calendar/day//"])
def test_a_malformed_day_is_not_found(alice_client, path):
    assert alice_client.get(path).status_code == 404


def test_alices_day_page_shows_only_her_marks(alice, bob, alice_client, bob_client):
    alice_client.post("/track/mark/", {"exercise": "runners-position-calf-raise", "on": "2026-11-20"})
    bob_client.post("/track/mark/", {"exercise": "closed-chain-dorsiflexion", "on": "2026-11-20"})
    bob_client.post("/track/mark/", {"exercise": "eccentric-heel-raise", "on": "2026-11-20"})

    alices = alice_client.get("/calendar/day/2026-11-20/")
    bobs = bob_client.get("/calendar/day/2026-11-20/")

    assert by_testid(alices, "progress") == "1 of 3 done"
    assert mark_buttons(alices) == [
        "Mark done: Closed-chain dorsiflexion",
        "Undo Runner's position calf raise",
        "Mark done: Eccentric heel raise off a step",
    ]
    assert by_testid(bobs, "progress") == "2 of 3 done"
    assert rows_of(alice) == [(dt.date(2026, 11, 20), "runners-position-calf-raise")]
