"""Pain during an exercise and the morning question: one tap, editable inside the late-logging
window, validated (outside 0–10, future days, closed days, unknown exercises: 400, nothing stored)."""

import datetime as dt

import pytest

from progress.models import MorningPain, PainDuring, ProgressProfile
from tests.dates import ONE_DAY, TODAY
from tests.pages import by_testid, error_message, visible_text

HEEL = "eccentric-heel-raise"


def during_of(user):
    return sorted(PainDuring.objects.filter(user=user).values_list("rated_on", "exercise__slug", "pain"))


def mornings_of(user):
    return sorted(MorningPain.objects.filter(user=user).values_list("rated_on", "pain"))


def test_the_rating_page_requires_login(client, db):
    assert client.get("/progress/rate/")["Location"].startswith("/accounts/login/")


def test_a_rating_is_stored_for_today_and_shown_on_the_page(alice_client, alice):
    response = alice_client.post("/progress/rate/during/", {"exercise": HEEL, "pain": "2"})
    assert response.status_code == 302 and response["Location"] == "/progress/rate/"
    assert during_of(alice) == [(TODAY, HEEL, 2)]
    page = alice_client.get("/progress/rate/")
    assert by_testid(page, f"during-saved-{HEEL}") == "Saved: 2 out of 10."


def test_rating_again_changes_the_rating_and_stores_one_row(alice_client, alice):
    for pain in ("2", "2", "5"):
        alice_client.post("/progress/rate/during/", {"exercise": HEEL, "pain": pain})
    assert during_of(alice) == [(TODAY, HEEL, 5)]


def test_a_day_in_the_window_can_be_rated_and_returns_to_that_day(alice_client, alice):
    day = TODAY - 7 * ONE_DAY
    response = alice_client.post("/progress/rate/during/", {"exercise": HEEL, "pain": "0", "on": day.isoformat()})
    assert response["Location"] == f"/progress/rate/?on={day}"
    assert during_of(alice) == [(day, HEEL, 0)]


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"pain": "11"}, "whole number from 0"),
        ({"pain": "-1"}, "whole number from 0"),
        ({"pain": "3.5"}, "whole number from 0"),
        ({"pain": ""}, "whole number from 0"),
        ({"pain": "2", "on": (TODAY + ONE_DAY).isoformat()}, "hasn't happened yet"),
        ({"pain": "2", "on": (TODAY - 8 * ONE_DAY).isoformat()}, "up to 7 days back"),
        ({"pain": "2", "on": "2026-02-30"}, "not a real date"),
        ({"pain": "2", "exercise": "cartwheels"}, "not part of the daily plan"),
    ],
)
def test_bad_ratings_are_refused_and_nothing_is_stored(alice_client, alice, fields, message):
    response = alice_client.post("/progress/rate/during/", {"exercise": HEEL, **fields})
    assert response.status_code == 400
    assert message in error_message(response)
    assert during_of(alice) == []


def test_the_morning_question_is_stored_once_a_day(alice_client, alice):
    alice_client.post("/progress/rate/morning/", {"pain": "1"})
    response = alice_client.post("/progress/rate/morning/", {"pain": "3"})
    assert response["Location"] == "/"
    assert mornings_of(alice) == [(TODAY, 3)]


@pytest.mark.parametrize(
    "fields",
    [
        {"pain": "10.0"},
        {"pain": "abc"},
        {"pain": "1", "on": (TODAY + ONE_DAY).isoformat()},
        {"pain": "1", "on": (TODAY - 8 * ONE_DAY).isoformat()},
    ],
)
def test_bad_morning_ratings_are_refused(alice_client, alice, fields):
    assert alice_client.post("/progress/rate/morning/", fields).status_code == 400
    assert mornings_of(alice) == []


def test_a_rating_page_for_a_closed_day_is_refused(alice_client):
    assert alice_client.get("/progress/rate/", {"on": (TODAY - 8 * ONE_DAY).isoformat()}).status_code == 400
    assert alice_client.get("/progress/rate/", {"on": (TODAY + ONE_DAY).isoformat()}).status_code == 400


def test_bobs_ratings_are_his_own_and_alices_are_not_shown_to_him(alice_client, bob_client, alice, bob):
    alice_client.post("/progress/rate/during/", {"exercise": HEEL, "pain": "7"})
    alice_client.post("/progress/rate/morning/", {"pain": "6"})
    page = visible_text(bob_client.get("/progress/rate/"))
    assert "Saved" not in page
    assert "No ratings yet" in visible_text(bob_client.get("/progress/"))
    bob_client.post("/progress/rate/during/", {"exercise": HEEL, "pain": "1"})
    assert during_of(alice) == [(TODAY, HEEL, 7)]
    assert during_of(bob) == [(dt.date(2026, 11, 24), HEEL, 1)]


def test_the_morning_question_can_be_skipped_for_the_day(alice_client, alice):
    response = alice_client.post("/progress/rate/morning/skip/")
    assert response.status_code == 302
    assert ProgressProfile.objects.get(user=alice).morning_skipped_on == TODAY
    assert mornings_of(alice) == []


@pytest.mark.parametrize("url", ["/progress/rate/during/", "/progress/rate/morning/", "/progress/rate/morning/skip/"])
def test_rating_endpoints_refuse_get(alice_client, url):
    assert alice_client.get(url).status_code == 405
