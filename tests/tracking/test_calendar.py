"""The month calendar: /calendar/ and /calendar/YYYY/MM/."""

import datetime as dt

import pytest

from tests.dates import ONE_DAY, TODAY, d
from tests.factories import add_history, joined_on
from tests.pages import by_testid, day_cell, find, find_all, label, visible_text


def statuses(response) -> dict[str, str]:
    return {cell["data-date"]: cell["data-status"] for cell in find_all(response, "td", data_date=True)}


def day_links(response) -> list[str]:
    return [a["href"] for a in find_all(response, "a") if a.get("href", "").startswith("/calendar/day/")]


@pytest.fixture
def november(alice, plan):
    """Alice started on 10 November: 6 complete days (19–24), two partial (12, 13)."""
    joined_on(alice, d("2026-11-10"))
    add_history(alice, [d("2026-11-19") + ONE_DAY * n for n in range(6)])
    add_history(alice, [d("2026-11-12")], plan[:1])
    add_history(alice, [d("2026-11-13")], plan[:2])
    return alice


def test_it_requires_login(client, db):
    for url in ("/calendar/", "/calendar/2026/10/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={url}"


def test_it_rejects_post(alice_client):
    assert alice_client.post("/calendar/").status_code == 405


def test_it_opens_on_the_current_month(alice_client):
    response = alice_client.get("/calendar/")
    assert response.status_code == 200
    assert find(response, "h1").text == "November 2026"
    assert len(statuses(response)) == 30


def test_weeks_start_on_monday(alice_client):
    response = alice_client.get("/calendar/")
    weekdays = [th.text for th in find_all(response, "th", scope="col")]
    assert weekdays == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    cells = find_all(response, "td")
    assert [c.get("data-date") for c in cells[:7]] == [None] * 6 + ["2026-11-01"]


def test_each_day_has_its_status(november, alice_client):
    by_day = statuses(alice_client.get("/calendar/"))
    assert by_day["2026-11-09"] == "not-started"
    assert by_day["2026-11-10"] == "missed"
    assert by_day["2026-11-12"] == "partial"
    assert by_day["2026-11-13"] == "partial"
    assert by_day["2026-11-19"] == "complete"
    assert by_day["2026-11-24"] == "complete"
    assert by_day["2026-11-25"] == "future"
    assert list(by_day.values()).count("complete") == 6


def test_today_is_marked_as_today(alice_client):
    assert "is-today" in day_cell(alice_client.get("/calendar/"), TODAY)["class"]


def test_today_not_yet_done_is_labelled_as_still_open(alice_client):
    response = alice_client.get("/calendar/")
    assert day_cell(response, TODAY)["data-status"] == "to-do"
    assert label(response, TODAY) == "24 November 2026: today, not done yet. Mark or undo"


def test_each_day_has_an_accessible_label(november, alice_client):
    response = alice_client.get("/calendar/")
    assert label(response, d("2026-11-24")) == "24 November 2026: complete, 3 of 3 exercises done. Mark or undo"
    assert label(response, d("2026-11-12")) == "12 November 2026: 1 of 3 exercises done"
    assert label(response, d("2026-11-11")) == "11 November 2026: missed, 0 of 3 exercises done"
    assert label(response, d("2026-11-25")) == "25 November 2026: still to come"
    assert label(response, d("2026-11-03")) == "3 November 2026: before you started"


def test_the_month_shows_complete_days_and_consistency(november, alice_client):
    response = alice_client.get("/calendar/")
    # Counted: 10–24 November (15 days), complete: 6 -> 40 %.
    assert by_testid(response, "month-complete") == "6"
    assert "Complete days this month 6 of 15" in visible_text(response)
    assert by_testid(response, "month-consistency") == "40%"


def test_the_streaks_are_shown(november, alice_client):
    response = alice_client.get("/calendar/")
    assert (by_testid(response, "current-streak"), by_testid(response, "longest-streak")) == ("6", "6")


def test_only_the_last_seven_days_and_today_link_to_late_logging(alice_client):
    links = day_links(alice_client.get("/calendar/"))
    assert links == [f"/calendar/day/2026-11-{day}/" for day in range(17, 25)]


def test_late_logging_links_reach_into_the_previous_month(alice, alice_client, clock):
    clock.move_to(dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC))
    links = day_links(alice_client.get("/calendar/2026/11/"))
    assert links == [f"/calendar/day/2026-11-{day}/" for day in range(25, 31)]


def test_an_old_month_has_no_late_logging_links(alice_client):
    assert day_links(alice_client.get("/calendar/2026/10/")) == []


def test_a_past_month_shows_its_days(alice, alice_client, plan):
    joined_on(alice, d("2025-01-01"))
    add_history(alice, [d("2026-02-01"), d("2026-02-28")])
    add_history(alice, [d("2026-02-14")], plan[1:])
    response = alice_client.get("/calendar/2026/2/")
    assert find(response, "h1").text == "February 2026"
    by_day = statuses(response)
    assert len(by_day) == 28
    assert (by_day["2026-02-01"], by_day["2026-02-14"], by_day["2026-02-28"]) == ("complete", "partial", "complete")
    assert by_testid(response, "month-consistency") == "7%"  # 2 of 28


def test_the_current_month_has_no_next_link(alice, alice_client):
    joined_on(alice, d("2025-06-01"))
    response = alice_client.get("/calendar/")
    assert find_all(response, "a", rel="next") == []
    assert find(response, "a", rel="prev")["href"] == "/calendar/2026/10/"


def test_a_past_month_links_to_the_months_either_side(alice, alice_client):
    joined_on(alice, d("2025-06-01"))
    response = alice_client.get("/calendar/2026/1/")
    assert find(response, "a", rel="prev")["href"] == "/calendar/2025/12/"
    assert find(response, "a", rel="next")["href"] == "/calendar/2026/2/"


def test_last_month_links_forward_to_this_month(alice_client):
    assert find(alice_client.get("/calendar/2026/10/"), "a", rel="next")["href"] == "/calendar/2026/11/"


def test_this_month_by_its_number_is_the_same_as_the_calendar(alice_client):
    response = alice_client.get("/calendar/2026/11/")
    assert response.status_code == 200
    assert find_all(response, "a", rel="next") == []


@pytest.mark.parametrize(
    "url",
    [
        "/calendar/2026/12/",
        "/calendar/2027/1/",
        "/calendar/2026/13/",
        "/calendar/2026/0/",
        "/calendar/1899/12/",
        "/calendar/10000/1/",
        "/calendar/99999999999999999999/1/",
        "/calendar/2026/99999999999999999999/",
    ],
)
def test_a_future_or_impossible_month_is_not_found(alice_client, url):
    assert alice_client.get(url).status_code == 404


def test_the_earliest_month_has_no_previous_link(alice_client):
    response = alice_client.get("/calendar/1900/1/")
    assert response.status_code == 200
    assert find_all(response, "a", rel="prev") == []


def test_the_runners_first_month_has_no_previous_link(alice, alice_client):
    joined_on(alice, d("2026-10-20"))
    assert find(alice_client.get("/calendar/"), "a", rel="prev")["href"] == "/calendar/2026/10/"
    assert find_all(alice_client.get("/calendar/2026/10/"), "a", rel="prev") == []
    # A late log before signing up starts the runner's days earlier, and the calendar with them.
    add_history(alice, [d("2026-09-30")])
    joined_on(alice, d("2026-10-02"))
    assert find(alice_client.get("/calendar/2026/10/"), "a", rel="prev")["href"] == "/calendar/2026/9/"


# --- Next month: planning rest days ahead -----------------------------------------------


def test_with_rest_days_to_plan_the_calendar_links_to_next_month(alice, alice_client, clock):
    alice.weekly_target = 5
    alice.save(update_fields=["weekly_target"])
    # Tuesday 24 November: rest days can be planned up to 22 December.
    response = alice_client.get("/calendar/")
    link = find(response, "a", rel="next")
    assert (link["href"], link.text) == ("/calendar/2026/12/", "December 2026 →")

    december = alice_client.get("/calendar/2026/12/")
    assert december.status_code == 200
    links = day_links(december)
    assert links == [f"/calendar/day/2026-12-{day:02d}/" for day in range(1, 23)]
    assert all(alice_client.get(url).status_code == 200 for url in (links[0], links[-1]))
    assert find_all(december, "a", rel="next") == []
    assert find(december, "a", rel="prev")["href"] == "/calendar/2026/11/"
    assert alice_client.get("/calendar/2027/1/").status_code == 404


def test_every_day_only_this_month_opens(alice_client):
    # A target of 7 leaves no day to plan as rest: December has nothing to open yet.
    assert find_all(alice_client.get("/calendar/"), "a", rel="next") == []
    assert alice_client.get("/calendar/2026/12/").status_code == 404


def test_next_month_opens_as_soon_as_its_first_day_can_be_planned(alice, client, clock):
    alice.weekly_target = 6
    alice.save(update_fields=["weekly_target"])
    client.force_login(alice)
    clock.move_to(dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC))  # 28 days on is 31 December
    assert find_all(client.get("/calendar/"), "a", rel="next") == []
    assert client.get("/calendar/2027/1/").status_code == 404
    clock.move_to(dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC))  # and now 1 January
    assert find(client.get("/calendar/"), "a", rel="next")["href"] == "/calendar/2027/1/"
    assert day_links(client.get("/calendar/2027/1/")) == ["/calendar/day/2027-01-01/"]


def test_a_leap_february_has_29_days(alice, client, clock):
    clock.move_to(dt.datetime(2028, 3, 15, 12, 0, tzinfo=dt.UTC))
    client.force_login(alice)  # (a session from 2026 would have expired)
    assert len(statuses(client.get("/calendar/2028/2/"))) == 29


def test_a_month_before_the_runner_started_is_all_not_started(alice_client):
    by_day = statuses(alice_client.get("/calendar/2026/10/"))
    assert set(by_day.values()) == {"not-started"}
    assert by_testid(alice_client.get("/calendar/2026/10/"), "month-consistency") == "no days to count yet"


def test_bob_sees_only_his_own_calendar(november, bob, bob_client):
    response = bob_client.get("/calendar/")
    by_day = statuses(response)
    assert "complete" not in by_day.values()
    assert "partial" not in by_day.values()
    assert by_testid(response, "month-complete") == "none yet"  # no day of his to count: not "0 of 0"
    assert (by_testid(response, "current-streak"), by_testid(response, "longest-streak")) == ("0", "0")
