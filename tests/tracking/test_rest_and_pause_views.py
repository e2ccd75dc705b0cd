"""Rest days, pauses and the weekly target through the web: the weekly target
on /settings/, POST /track/rest/, /track/rest/cancel/, /track/pause/ and /track/resume/,
and what Today, the day page and the calendar then show.

Today is Tuesday 24 November 2026 for alice (London) and bob (New York); the week runs
from Monday 23 to Sunday 29 November.
"""

import datetime as dt

import pytest

from accounts.services import user_set_weekly_target
from tests.clients import new_client
from tests.dates import NOW, ONE_DAY, TODAY, d
from tests.factories import add_history, joined_on
from tests.pages import buttons, by_testid, day_cell, error_message, find, find_all, label, visible_text
from tracking.models import PlanBreak

POST_ENDPOINTS = ["/track/rest/", "/track/rest/cancel/", "/track/pause/", "/track/resume/"]

EVERY_DAY = (
    "Your plan is every day, so there are no rest days to plan. Choose fewer days a week in Settings, "
    "or pause the plan if you are injured."
)
REST_AFTERWARDS = "Rest days are planned ahead or on the day, not afterwards."
REST_TOO_FAR = "Rest days can be planned up to 28 days ahead."
REST_PASSED = "A rest day that has passed stays as it was."
PAUSE_TOO_OLD = "A pause can start at the earliest 7 days back."
PAUSE_ENDS_BEFORE = "The pause must end on or after the day it starts."
ALREADY_PAUSED = "Your plan is already paused then. Resume it or change that pause first."


def rest_days(user) -> list[dt.date]:
    return sorted(PlanBreak.objects.filter(user=user, kind="rest").values_list("starts_on", flat=True))


def pauses(user) -> list[tuple[dt.date, dt.date | None]]:
    return sorted(PlanBreak.objects.filter(user=user, kind="pause").values_list("starts_on", "ends_on"))


def target(user, days: int) -> None:
    """The runner chose `days` a week today (it applies from this Monday)."""
    user_set_weekly_target(user=user, days=days, today=TODAY)


def pause(user, starts_on: str, ends_on: str | None = None) -> None:
    PlanBreak.objects.create(user=user, kind="pause", starts_on=d(starts_on), ends_on=d(ends_on) if ends_on else None)


def rest(user, *days: str) -> None:
    for day in days:
        PlanBreak.objects.create(user=user, kind="rest", starts_on=d(day), ends_on=d(day))


def headings(response) -> list[str]:
    """The h2 texts as a screen reader reads them (without the aria-hidden symbols)."""
    return [h.text.lstrip("‖☾🎉 ") for h in find_all(response, "h2")]


def success_messages(response) -> list[str]:
    return [message.text for message in find_all(response, "li", class_="message message-success")]


# --- The weekly target in Settings ---------------------------------------------------


def save_settings(client, weekly_target, timezone="Europe/London"):
    return client.post("/settings/", {"timezone": timezone, "weekly_target": weekly_target})


def test_settings_offer_every_day_or_three_to_six_days_a_week(alice_client):
    response = alice_client.get("/settings/")
    options = [(o["value"], o.text) for o in find_all(response, "option") if o["value"].isdigit()]
    assert options == [
        ("7", "Every day"),
        ("6", "6 days a week"),
        ("5", "5 days a week"),
        ("4", "4 days a week"),
        ("3", "3 days a week"),
    ]
    assert find(response, "option", value="7", selected=True)
    assert find(response, "label", for_="id_weekly_target").text == "How often do you plan to do the routine?"


@pytest.mark.parametrize("days", [3, 4, 5, 6])
def test_settings_save_a_weekly_target_from_this_monday(alice, alice_client, days):
    response = save_settings(alice_client, str(days))
    assert response.status_code == 302
    assert response["Location"] == "/settings/"
    alice.refresh_from_db()
    assert (alice.weekly_target, alice.weekly_target_changes) == (days, [["2026-11-23", days]])
    page = alice_client.get("/settings/")
    assert find(page, "option", value=str(days), selected=True)
    assert "Settings saved." in success_messages(page)


def test_changing_the_target_twice_in_a_week_keeps_the_target_of_the_weeks_before(alice, alice_client):
    save_settings(alice_client, "4")
    save_settings(alice_client, "5")
    alice.refresh_from_db()
    assert (alice.weekly_target, alice.weekly_target_changes) == (5, [["2026-11-23", 5]])


def test_after_two_changes_in_two_weeks_the_weeks_before_both_keep_their_own_target(alice, clock):
    # Every day until Monday 16 November, then 4 days a week, then 5 from Monday 23.
    joined_on(alice, d("2026-11-09"))
    add_history(alice, [d("2026-11-09") + ONE_DAY * n for n in range(4)])  # 4 of 7: below every day
    add_history(alice, [d("2026-11-16") + ONE_DAY * n for n in range(4)])  # 4 of 4: met
    clock.move_to(NOW - 8 * ONE_DAY)  # Monday 16 November
    assert save_settings(new_client(alice), "4").status_code == 302
    clock.move_to(NOW)
    client = new_client(alice)
    assert save_settings(client, "5").status_code == 302
    # Only the week of 16 November met its target: the week of 9 November was planned
    # as every day and had four days.
    assert by_testid(client.get("/"), "week-streak") == "1"


@pytest.mark.parametrize("days", ["2", "8", "x", "", "7.0", "-4"])
def test_a_target_outside_three_to_seven_is_a_400_with_a_message_and_saves_nothing(alice, alice_client, days):
    response = save_settings(alice_client, days, timezone="Asia/Tokyo")
    assert response.status_code == 400
    select = find(response, "select", name="weekly_target")
    assert select.get("aria-invalid") == "true"
    errors = [p.text for p in find_all(response, "p", class_="field-error")]
    assert errors and any("valid choice" in e or "required" in e for e in errors)
    alice.refresh_from_db()
    assert (alice.timezone, alice.weekly_target, alice.weekly_target_changes) == ("Europe/London", 7, [])


# --- Planning and cancelling rest days --------------------------------------------------


def test_with_an_every_day_plan_a_rest_day_is_refused_with_a_clear_message(alice, alice_client):
    response = alice_client.post("/track/rest/", {"on": "2026-11-24"})
    assert response.status_code == 400
    assert error_message(response) == EVERY_DAY
    assert rest_days(alice) == []


def test_with_a_target_below_seven_today_can_be_a_rest_day(alice, alice_client):
    target(alice, 4)
    response = alice_client.post("/track/rest/", {"on": "2026-11-24"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert rest_days(alice) == [TODAY]


def test_an_empty_day_means_today(alice, alice_client):
    target(alice, 6)
    alice_client.post("/track/rest/", {})
    assert rest_days(alice) == [TODAY]


def test_a_rest_day_can_be_planned_up_to_28_days_ahead(alice, alice_client):
    target(alice, 4)
    response = alice_client.post("/track/rest/", {"on": "2026-12-22"})
    assert response.status_code == 302
    assert response["Location"] == "/calendar/day/2026-12-22/"
    too_far = alice_client.post("/track/rest/", {"on": "2026-12-23"})
    assert too_far.status_code == 400
    assert error_message(too_far) == REST_TOO_FAR
    assert rest_days(alice) == [d("2026-12-22")]


@pytest.mark.parametrize("day", ["2026-11-23", "2026-11-17", "2020-01-01"])
def test_a_past_day_cannot_become_a_rest_day(alice, alice_client, day):
    target(alice, 4)
    response = alice_client.post("/track/rest/", {"on": day})
    assert response.status_code == 400
    assert error_message(response) == REST_AFTERWARDS
    assert rest_days(alice) == []


@pytest.mark.parametrize("day", ["24-11-2026", "2026-02-30", "tomorrow"])
def test_a_day_that_is_not_a_date_is_a_400(alice, alice_client, day):
    target(alice, 4)
    response = alice_client.post("/track/rest/", {"on": day})
    assert response.status_code == 400
    assert error_message(response)
    assert rest_days(alice) == []


@pytest.mark.parametrize(("days_a_week", "allowed"), [(6, 1), (5, 2), (4, 3), (3, 4)])
def test_a_week_takes_as_many_rest_days_as_the_target_leaves_and_no_more(alice, alice_client, days_a_week, allowed):
    target(alice, days_a_week)
    week = [TODAY + ONE_DAY * n for n in range(6)]  # Tuesday 24 to Sunday 29 November
    for day in week[:allowed]:
        assert alice_client.post("/track/rest/", {"on": day.isoformat()}).status_code == 302
    extra = alice_client.post("/track/rest/", {"on": week[allowed].isoformat()})
    assert extra.status_code == 400
    plural = "s" if allowed != 1 else ""
    assert error_message(extra) == (
        f"That week already has {allowed} rest day{plural}, all your target of {days_a_week} days a week allows."
    )
    assert rest_days(alice) == week[:allowed]


def test_each_monday_to_sunday_week_has_its_own_allowance(alice, alice_client):
    target(alice, 6)
    for day in ("2026-11-29", "2026-11-30", "2026-12-07"):  # Sunday, then the next two Mondays
        assert alice_client.post("/track/rest/", {"on": day}).status_code == 302
    assert alice_client.post("/track/rest/", {"on": "2026-12-06"}).status_code == 400  # the Sunday of the second
    assert rest_days(alice) == [d("2026-11-29"), d("2026-11-30"), d("2026-12-07")]


def test_submitting_the_same_rest_day_twice_stores_one_mark(alice, alice_client):
    target(alice, 6)  # one rest day a week: a second row would also be over the limit
    first = alice_client.post("/track/rest/", {"on": "2026-11-26"})
    second = alice_client.post("/track/rest/", {"on": "2026-11-26"})
    assert (first.status_code, second.status_code) == (302, 302)
    assert rest_days(alice) == [d("2026-11-26")]


def test_a_rest_day_can_be_cancelled_and_its_place_taken_by_another(alice, alice_client):
    target(alice, 6)
    alice_client.post("/track/rest/", {"on": "2026-11-26"})
    response = alice_client.post("/track/rest/cancel/", {"on": "2026-11-26", "next": "/calendar/"})
    assert response.status_code == 302
    assert response["Location"] == "/calendar/"
    assert rest_days(alice) == []
    assert alice_client.post("/track/rest/", {"on": "2026-11-27"}).status_code == 302
    assert rest_days(alice) == [d("2026-11-27")]


def test_today_as_a_rest_day_can_be_taken_back(alice, alice_client):
    target(alice, 4)
    rest(alice, "2026-11-24")
    assert alice_client.post("/track/rest/cancel/", {"on": "2026-11-24"})["Location"] == "/"
    assert rest_days(alice) == []


def test_cancelling_a_day_with_no_rest_day_changes_nothing(alice, alice_client):
    target(alice, 4)
    rest(alice, "2026-11-25")
    assert alice_client.post("/track/rest/cancel/", {"on": "2026-11-26"}).status_code == 302
    assert rest_days(alice) == [d("2026-11-25")]


def test_a_rest_day_that_has_passed_cannot_be_cancelled(alice, alice_client):
    target(alice, 4)
    rest(alice, "2026-11-23")
    response = alice_client.post("/track/rest/cancel/", {"on": "2026-11-23"})
    assert response.status_code == 400
    assert error_message(response) == REST_PASSED
    assert rest_days(alice) == [d("2026-11-23")]


# --- Pausing and resuming --------------------------------------------------------------


def test_pausing_from_today_with_no_end_stores_an_open_pause_and_says_so(alice, alice_client):
    response = alice_client.post("/track/pause/", {"starts_on": "2026-11-24"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert pauses(alice) == [(TODAY, None)]
    assert success_messages(alice_client.get("/")) == [
        "Your plan is paused. Paused days don't count against your streak or score."
    ]


def test_a_pause_works_with_an_every_day_plan_too(alice, alice_client):
    assert alice.weekly_target == 7
    alice_client.post("/track/pause/", {"starts_on": "2026-11-24", "ends_on": "2026-12-06"})
    assert pauses(alice) == [(TODAY, d("2026-12-06"))]


@pytest.mark.parametrize("starts_on", ["2026-11-17", "2026-11-20", "2026-11-25", "2027-03-01"])
def test_a_pause_can_start_up_to_seven_days_back_or_ahead(alice, alice_client, starts_on):
    assert alice_client.post("/track/pause/", {"starts_on": starts_on}).status_code == 302
    assert pauses(alice) == [(d(starts_on), None)]


def test_a_pause_cannot_start_more_than_seven_days_back(alice, alice_client):
    response = alice_client.post("/track/pause/", {"starts_on": "2026-11-16"})
    assert response.status_code == 400
    assert error_message(response) == PAUSE_TOO_OLD
    assert pauses(alice) == []


def test_a_pause_cannot_end_before_it_starts(alice, alice_client):
    response = alice_client.post("/track/pause/", {"starts_on": "2026-11-26", "ends_on": "2026-11-25"})
    assert response.status_code == 400
    assert error_message(response) == PAUSE_ENDS_BEFORE
    assert pauses(alice) == []


def test_a_one_day_pause_may_end_the_day_it_starts(alice, alice_client):
    alice_client.post("/track/pause/", {"starts_on": "2026-11-26", "ends_on": "2026-11-26"})
    assert pauses(alice) == [(d("2026-11-26"), d("2026-11-26"))]


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [("2026-11-24", ""), ("2026-12-05", "2026-12-06"), ("2026-11-20", "2026-12-01"), ("2026-12-10", "")],
    ids=["open-today", "inside", "covering-the-start", "open-later"],
)
def test_a_second_pause_that_overlaps_the_first_is_a_400(alice, alice_client, starts_on, ends_on):
    pause(alice, "2026-12-01", "2026-12-10")
    response = alice_client.post("/track/pause/", {"starts_on": starts_on, "ends_on": ends_on})
    assert response.status_code == 400
    assert error_message(response) == ALREADY_PAUSED
    assert pauses(alice) == [(d("2026-12-01"), d("2026-12-10"))]


def test_a_second_pause_after_the_first_has_ended_is_fine(alice, alice_client):
    pause(alice, "2026-11-18", "2026-11-20")
    assert alice_client.post("/track/pause/", {"starts_on": "2026-11-24"}).status_code == 302
    assert pauses(alice) == [(d("2026-11-18"), d("2026-11-20")), (TODAY, None)]


@pytest.mark.parametrize("ends_on", ["", "2026-12-01"])
def test_submitting_a_pause_twice_never_makes_two(alice, alice_client, ends_on):
    form = {"starts_on": "2026-11-24", "ends_on": ends_on}
    assert alice_client.post("/track/pause/", form).status_code == 302
    second = alice_client.post("/track/pause/", form)
    assert second.status_code == 400
    assert error_message(second) == ALREADY_PAUSED
    assert len(pauses(alice)) == 1


@pytest.mark.parametrize("field", ["starts_on", "ends_on"])
def test_a_pause_date_that_is_not_a_date_is_a_400(alice, alice_client, field):
    response = alice_client.post("/track/pause/", {"starts_on": "2026-11-24"} | {field: "2026-13-01"})
    assert response.status_code == 400
    assert error_message(response)
    assert pauses(alice) == []


def test_resuming_ends_a_current_pause_yesterday(alice, alice_client):
    pause(alice, "2026-11-20")
    response = alice_client.post("/track/resume/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert pauses(alice) == [(d("2026-11-20"), d("2026-11-23"))]
    assert success_messages(alice_client.get("/")) == ["Welcome back: your plan is running again from today."]


def test_resuming_shortens_a_current_pause_with_a_later_end(alice, alice_client):
    pause(alice, "2026-11-20", "2026-12-20")
    alice_client.post("/track/resume/")
    assert pauses(alice) == [(d("2026-11-20"), d("2026-11-23"))]


def test_resuming_on_the_day_a_pause_started_takes_it_back(alice, alice_client):
    pause(alice, "2026-11-24")
    alice_client.post("/track/resume/")
    assert pauses(alice) == []


def test_resuming_cancels_a_scheduled_pause_and_keeps_past_ones(alice, alice_client):
    pause(alice, "2026-11-10", "2026-11-12")
    pause(alice, "2026-12-01", "2026-12-05")
    response = alice_client.post("/track/resume/", {"next": "/calendar/"})
    assert response["Location"] == "/calendar/"
    assert pauses(alice) == [(d("2026-11-10"), d("2026-11-12"))]


def test_resuming_only_goes_back_to_a_path_on_this_site(alice, alice_client):
    pause(alice, "2026-11-20")
    assert alice_client.post("/track/resume/", {"next": "https://evil.example/"})["Location"] == "/"


# --- What Today and the day page show ------------------------------------------------


def test_today_while_paused_says_so_and_offers_to_resume(alice, alice_client):
    pause(alice, "2026-11-20")
    response = alice_client.get("/")
    assert "Your plan is paused" in headings(response)
    assert "Paused since 20 November 2026." in visible_text(response)
    (resume,) = [f for f in find_all(response, "form") if f.get("action") == "/track/resume/"]
    assert "Resume the plan today" in buttons(response)
    assert resume["method"] == "post"
    assert by_testid(response, "progress") == "0 of 3 done · plan paused"
    assert "Pause the plan" not in buttons(response)


def test_today_with_a_pause_planned_later_says_a_pause_is_planned(alice, alice_client):
    pause(alice, "2026-12-01", "2026-12-05")
    response = alice_client.get("/")
    assert "A pause is planned" in headings(response)
    assert "Your plan is paused" not in headings(response)
    assert "From 1 December 2026 to 5 December 2026." in visible_text(response)
    assert "Cancel the planned pause" in buttons(response)
    assert by_testid(response, "progress") == "0 of 3 done"


def test_today_without_a_pause_offers_to_pause(alice_client):
    response = alice_client.get("/")
    form = find(response, "form", action="/track/pause/")
    assert find(response, "input", name="starts_on")["value"] == "2026-11-24"
    assert form["method"] == "post"
    assert "Pause the plan" in buttons(response)
    assert not {"Your plan is paused", "A pause is planned"} & set(headings(response))


def test_today_on_a_rest_day_says_so_and_offers_to_cancel_it(alice, alice_client):
    target(alice, 4)
    rest(alice, "2026-11-24")
    response = alice_client.get("/")
    assert "Today is a planned rest day" in headings(response)
    assert by_testid(response, "progress") == "0 of 3 done · rest day"
    assert "Cancel the rest day" in buttons(response)
    assert "Take today as a rest day" not in buttons(response)


def test_today_offers_a_rest_day_only_with_a_target_below_seven(alice, alice_client):
    assert "Take today as a rest day" not in buttons(alice_client.get("/"))
    target(alice, 5)
    response = alice_client.get("/")
    assert "Take today as a rest day" in buttons(response)
    assert "0 of 2 rest days used that week." in visible_text(response)


def test_today_stops_offering_a_rest_day_when_the_week_has_used_them_all(alice, alice_client):
    target(alice, 6)
    rest(alice, "2026-11-28")
    assert "Take today as a rest day" not in buttons(alice_client.get("/"))


def test_the_day_page_of_a_day_ahead_offers_a_rest_day_and_comes_back_to_it(alice, alice_client):
    target(alice, 4)
    page = alice_client.get("/calendar/day/2026-11-27/")
    assert page.status_code == 200
    assert "Plan a rest day" in buttons(page)
    assert find(page, "form", action="/track/rest/")["method"] == "post"
    assert [i["value"] for i in find_all(page, "input", name="next")] == ["/calendar/day/2026-11-27/"]
    response = alice_client.post("/track/rest/", {"on": "2026-11-27", "next": "/calendar/day/2026-11-27/"})
    assert response["Location"] == "/calendar/day/2026-11-27/"
    assert "This is a planned rest day" in headings(alice_client.get("/calendar/day/2026-11-27/"))


def test_the_day_page_of_a_day_in_a_finished_pause_does_not_say_the_plan_is_paused_now(alice, alice_client):
    pause(alice, "2026-11-18", "2026-11-21")
    page = alice_client.get("/calendar/day/2026-11-20/")
    assert page.status_code == 200
    # The plan runs again since 22 November: there is nothing to resume.
    assert "Your plan is paused" not in headings(page)
    assert "Resume the plan today" not in buttons(page)


def test_the_day_page_of_a_day_in_the_current_pause_offers_to_resume_and_comes_back(alice, alice_client):
    pause(alice, "2026-11-18")
    page = alice_client.get("/calendar/day/2026-11-20/")
    assert "Your plan is paused" in headings(page)
    assert [i["value"] for i in find_all(page, "input", name="next")][0] == "/calendar/day/2026-11-20/"
    response = alice_client.post("/track/resume/", {"next": "/calendar/day/2026-11-20/"})
    assert response["Location"] == "/calendar/day/2026-11-20/"
    assert pauses(alice) == [(d("2026-11-18"), d("2026-11-23"))]


def test_the_day_page_of_a_day_ahead_is_404_with_an_every_day_plan(alice_client):
    assert alice_client.get("/calendar/day/2026-11-27/").status_code == 404


# --- What the calendar shows --------------------------------------------------------------


def test_the_calendar_shows_rest_days_today_and_ahead(alice, alice_client):
    target(alice, 4)
    rest(alice, "2026-11-24", "2026-11-27")
    response = alice_client.get("/calendar/")
    assert day_cell(response, TODAY)["data-status"] == "rest"
    assert day_cell(response, d("2026-11-27"))["data-status"] == "rest"
    assert day_cell(response, d("2026-11-26"))["data-status"] == "future"
    assert label(response, TODAY) == "24 November 2026: planned rest day. Mark or undo"
    assert label(response, d("2026-11-27")).startswith("27 November 2026: planned rest day.")


def test_the_calendar_shows_paused_days_before_today_and_after(alice, alice_client):
    joined_on(alice, d("2026-11-01"))
    pause(alice, "2026-11-20")
    response = alice_client.get("/calendar/")
    for day in ("2026-11-20", "2026-11-23", "2026-11-24", "2026-11-30"):
        assert day_cell(response, d(day))["data-status"] == "paused", day
    assert day_cell(response, d("2026-11-19"))["data-status"] == "missed"
    assert label(response, d("2026-11-20")) == "20 November 2026: plan paused. Mark or undo"
    assert label(response, d("2026-11-30")) == "30 November 2026: plan paused"


def test_paused_days_do_not_count_against_the_month(alice, alice_client):
    joined_on(alice, d("2026-11-16"))
    add_history(alice, [d("2026-11-16"), d("2026-11-17"), d("2026-11-18")])
    pause(alice, "2026-11-19")
    response = alice_client.get("/calendar/")
    assert by_testid(response, "month-complete") == "3"
    assert by_testid(response, "month-consistency") == "100%"


def test_the_calendar_links_days_ahead_to_plan_rest_only_with_a_target_below_seven(alice, alice_client):
    def links(response):
        return [a["href"] for a in find_all(response, "a") if a.get("href", "").startswith("/calendar/day/")]

    assert "/calendar/day/2026-11-27/" not in links(alice_client.get("/calendar/"))
    target(alice, 4)
    response = alice_client.get("/calendar/")
    assert "/calendar/day/2026-11-27/" in links(response)
    assert label(response, d("2026-11-27")) == "27 November 2026: still to come. Plan a rest day"


# --- The score and the week streak on the pages ------------------------------------------


def test_a_rest_day_today_keeps_the_streak_shown(alice, alice_client):
    target(alice, 4)
    add_history(alice, [TODAY - ONE_DAY * n for n in range(1, 6)])
    rest(alice, "2026-11-24")
    response = alice_client.get("/")
    assert by_testid(response, "current-streak") == "5"


def test_paused_days_keep_the_streak_shown(alice, alice_client):
    add_history(alice, [d("2026-11-10") + ONE_DAY * n for n in range(8)])  # 10 to 17 November
    pause(alice, "2026-11-18", "2026-11-23")
    assert by_testid(alice_client.get("/"), "current-streak") == "8"


@pytest.mark.parametrize("url", ["/", "/calendar/"])
def test_the_score_is_shown_with_what_it_means(alice, alice_client, url):
    add_history(alice, [TODAY - ONE_DAY * n for n in range(1, 31)])  # thirty perfect days up to yesterday
    response = alice_client.get(url)
    assert by_testid(response, "score") == "80"
    explain = find(response, "details", class_="explain").text
    assert "Consistency score: a running average of your recent days, from 0 to 100." in explain
    assert "rest and paused days leave it unchanged" in explain


def test_part_of_today_done_never_lowers_the_score_shown(alice, alice_client):
    add_history(alice, [TODAY - ONE_DAY * n for n in range(1, 31)])
    alice_client.post("/track/mark/", {"exercise": "eccentric-heel-raise"})
    response = alice_client.get("/")
    assert by_testid(response, "progress") == "1 of 3 done"
    assert by_testid(response, "score") == "80"


@pytest.mark.parametrize("url", ["/", "/calendar/"])
def test_the_week_streak_is_shown_only_with_a_target_below_seven(alice, alice_client, url):
    assert find_all(alice_client.get(url), data_testid="week-streak") == []
    # Four days a week since 9 November: two weeks met, this one so far none of four.
    alice.weekly_target = 4
    alice.save(update_fields=["weekly_target"])
    joined_on(alice, d("2026-11-09"))
    add_history(alice, [monday + ONE_DAY * n for monday in (d("2026-11-09"), d("2026-11-16")) for n in range(4)])
    response = alice_client.get(url)
    assert by_testid(response, "week-streak") == "2"
    stat = [s.text for s in find_all(response, "div", class_="stat") if "Week streak" in s.text]
    assert stat == ["Week streak (4 days a week) 2 weeks"]
    explain = find(response, "details", class_="explain").text
    assert "Week streak: weeks in a row with at least 4 complete days" in explain
    assert "This week: 0 of 4." in explain


def test_the_year_view_shows_the_score(alice, alice_client):
    add_history(alice, [TODAY - ONE_DAY * n for n in range(1, 31)])
    stats = [s.text for s in find_all(alice_client.get("/calendar/year/"), "div", class_="stat")]
    assert "Consistency score 80 / 100" in stats


# --- One runner's breaks are theirs alone ----------------------------------------------


def test_bob_cannot_see_alices_rest_days_or_pauses(alice, bob, bob_client):
    target(alice, 4)
    rest(alice, "2026-11-24", "2026-11-26")
    pause(alice, "2026-12-01")
    today = bob_client.get("/")
    assert not {"Today is a planned rest day", "A pause is planned", "Your plan is paused"} & set(headings(today))
    calendar = bob_client.get("/calendar/")
    assert day_cell(calendar, TODAY)["data-status"] == "to-do"
    assert day_cell(calendar, d("2026-11-26"))["data-status"] == "future"
    assert day_cell(calendar, d("2026-11-30"))["data-status"] == "future"


def test_bob_cannot_change_alices_rest_days_or_pauses(alice, bob, bob_client):
    target(alice, 5)
    rest(alice, "2026-11-25", "2026-11-26")  # all alice's week allows
    pause(alice, "2026-12-01")
    target(bob, 5)
    assert bob_client.post("/track/rest/cancel/", {"on": "2026-11-26"}).status_code == 302
    assert bob_client.post("/track/resume/").status_code == 302
    assert bob_client.post("/track/rest/", {"on": "2026-11-27"}).status_code == 302  # his own allowance
    assert bob_client.post("/track/pause/", {"starts_on": "2026-12-03"}).status_code == 302  # his own pause
    assert rest_days(alice) == [d("2026-11-25"), d("2026-11-26")]
    assert pauses(alice) == [(d("2026-12-01"), None)]
    assert rest_days(bob) == [d("2026-11-27")]
    assert pauses(bob) == [(d("2026-12-03"), None)]


# --- Methods and login -------------------------------------------------------------------


@pytest.mark.parametrize("url", POST_ENDPOINTS)
def test_get_on_a_change_endpoint_is_405(alice_client, url):
    assert alice_client.get(url).status_code == 405


@pytest.mark.parametrize("url", POST_ENDPOINTS)
def test_a_visitor_is_sent_to_log_in_and_nothing_is_stored(client, db, url):
    response = client.post(url, {"on": "2026-11-24", "starts_on": "2026-11-24"})
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"
    assert PlanBreak.objects.count() == 0
