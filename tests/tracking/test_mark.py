"""POST /track/mark/: mark one exercise of the plan done on one of the runner's days."""

import datetime as dt

import pytest

from tests.dates import ONE_DAY, TODAY
from tests.factories import PLAN_SLUGS, add_history, db_state, rows_of
from tests.pages import NOT_A_DATE, NOT_IN_PLAN, TOO_OLD, error_message
from tracking.models import Completion

URL = "/track/mark/"


def test_it_requires_login(client, db):
    response = client.post(URL, {"exercise": "eccentric-heel-raise"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/track/mark/"
    assert Completion.objects.count() == 0


def test_it_rejects_get(alice_client, alice):
    response = alice_client.get(URL, {"exercise": "eccentric-heel-raise"})
    assert response.status_code == 405
    assert rows_of(alice) == []


def test_it_marks_today_when_no_day_is_given_and_returns_to_today(alice_client, alice):
    response = alice_client.post(URL, {"exercise": "eccentric-heel-raise"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert rows_of(alice) == [(TODAY, "eccentric-heel-raise")]


def test_an_empty_day_means_today(alice_client, alice):
    alice_client.post(URL, {"exercise": "eccentric-heel-raise", "on": ""})
    assert rows_of(alice) == [(TODAY, "eccentric-heel-raise")]


def test_it_marks_a_day_in_the_last_week_and_returns_to_that_days_page(alice_client, alice):
    response = alice_client.post(URL, {"exercise": "closed-chain-dorsiflexion", "on": "2026-11-17"})
    assert response.status_code == 302
    assert response["Location"] == "/calendar/day/2026-11-17/"
    assert rows_of(alice) == [(dt.date(2026, 11, 17), "closed-chain-dorsiflexion")]


def test_marking_twice_through_the_view_stores_one_row(alice_client, alice):
    first = alice_client.post(URL, {"exercise": "eccentric-heel-raise"})
    second = alice_client.post(URL, {"exercise": "eccentric-heel-raise"})
    assert (first.status_code, second.status_code) == (302, 302)
    assert Completion.objects.filter(user=alice).count() == 1


def test_it_follows_a_same_site_next(alice_client):
    response = alice_client.post(URL, {"exercise": "eccentric-heel-raise", "next": "/calendar/2026/11/"})
    assert response["Location"] == "/calendar/2026/11/"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "https:evil.example",
        "/\\evil.example/",
        "http://testserver.evil.example/",
        "javascript:alert(1)",
        " https://evil.example/",
        "/\t/evil.example/",
        "\x00//evil.example/",
        "///evil.example/",
    ],
)
def test_it_ignores_a_next_that_leaves_the_site(alice_client, alice, target):
    response = alice_client.post(URL, {"exercise": "eccentric-heel-raise", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert rows_of(alice) == [(TODAY, "eccentric-heel-raise")]


@pytest.mark.parametrize("target", ["x", "closed-chain-dorsiflexion", "calendar", "admin:index", "home"])
def test_it_ignores_a_next_that_is_not_a_path(alice_client, alice, target):
    # `next` is a same-site path; a bare word must not be taken for a URL name to reverse.
    response = alice_client.post(URL, {"exercise": "eccentric-heel-raise", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert rows_of(alice) == [(TODAY, "eccentric-heel-raise")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"exercise": "eccentric-heel-raise", "on": "2026-11-25"}, "You can't mark a day that hasn't happened yet."),
        ({"exercise": "eccentric-heel-raise", "on": "2027-11-24"}, "You can't mark a day that hasn't happened yet."),
        ({"exercise": "eccentric-heel-raise", "on": "2026-11-16"}, TOO_OLD),
        ({"exercise": "eccentric-heel-raise", "on": "1970-01-01"}, TOO_OLD),
        ({"exercise": "no-such-exercise"}, NOT_IN_PLAN),
        ({"exercise": "no-such-exercise", "on": "2026-11-20"}, NOT_IN_PLAN),
        ({"exercise": "eccentric-heel-raise", "on": "2026-13-01"}, "2026-13-01 is not a real date."),
        ({"exercise": "eccentric-heel-raise", "on": "2026-02-29"}, "2026-02-29 is not a real date."),
        ({"exercise": "eccentric-heel-raise", "on": "yesterday"}, NOT_A_DATE),
        ({"exercise": "eccentric-heel-raise", "on": "24/11/2026"}, NOT_A_DATE),
        ({"exercise": "eccentric-heel-raise", "on": "<script>alert(1)</script>"}, NOT_A_DATE),
        ({"exercise": ""}, NOT_IN_PLAN),
        ({}, NOT_IN_PLAN),
        ({"on": "2026-11-24"}, NOT_IN_PLAN),
        ({"exercise": "x" * 100_000}, NOT_IN_PLAN),
        ({"exercise": "eccentric-heel-raise", "on": "2026-11-24" * 10_000}, NOT_A_DATE),
    ],
    ids=[
        "tomorrow",
        "next year",
        "8 days back",
        "the epoch",
        "unknown exercise",
        "unknown exercise on a past day",
        "month 13",
        "29 February of a common year",
        "yesterday in words",
        "day/month/year",
        "markup",
        "empty exercise",
        "nothing at all",
        "missing exercise",
        "very long exercise",
        "very long date",
    ],
)
def test_bad_input_is_a_400_with_a_clear_message_and_changes_nothing(alice, alice_client, bob, plan, data, message):
    add_history(alice, [TODAY - ONE_DAY], plan[:1])
    add_history(bob, [TODAY], plan)
    before = db_state()

    response = alice_client.post(URL, data)

    assert response.status_code == 400
    assert error_message(response) == message
    assert "Nothing was changed." in response.content.decode()
    assert db_state() == before


def test_markup_in_a_bad_date_is_never_echoed(alice_client):
    response = alice_client.post(URL, {"exercise": "eccentric-heel-raise", "on": "<script>alert(1)</script>"})
    assert b"<script>alert(1)" not in response.content


def test_an_exercise_taken_out_of_the_plan_cannot_be_marked(alice_client, alice, plan):
    retired = plan[1]
    retired.in_plan = False
    retired.save()
    response = alice_client.post(URL, {"exercise": retired.slug})
    assert response.status_code == 400
    assert error_message(response) == NOT_IN_PLAN
    assert rows_of(alice) == []


def test_bob_marking_never_creates_rows_for_alice(alice, bob, bob_client):
    for slug in PLAN_SLUGS:
        bob_client.post(URL, {"exercise": slug})
    bob_client.post(URL, {"exercise": "eccentric-heel-raise", "on": "2026-11-20"})
    assert rows_of(alice) == []
    assert len(rows_of(bob)) == 4
    assert set(Completion.objects.values_list("user__email", flat=True)) == {"bob@example.com"}


def test_a_user_field_in_the_form_is_ignored(alice, bob_client):
    bob_client.post(URL, {"exercise": "eccentric-heel-raise", "user": alice.pk, "user_id": alice.pk})
    assert rows_of(alice) == []
