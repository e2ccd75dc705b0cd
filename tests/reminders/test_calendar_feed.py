"""The private calendar feed: the plan at the reminder time, in the runner's zone, behind a token."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from reminders import services
from routines.selectors import plan_exercises
from tests.clients import new_client
from tests.reminders.helpers import pause_from, remind, rest_on

NOW = dt.datetime(2026, 3, 20, 12, 0, tzinfo=dt.UTC)
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def runner(make_user, time_machine):
    time_machine.move_to(NOW, tick=False)
    return make_user("berlin@example.com", timezone="Europe/Berlin")


def feed_path(found) -> str:
    return f"/calendar/feed/{found.feed_token}.ics"


def events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content).walk("VEVENT")


def test_it_lists_eight_weeks_of_sessions_at_the_reminder_time_in_the_runners_zone(runner):
    found = remind(runner, at=dt.time(7, 30))
    sessions = events(new_client().get(feed_path(found)))
    assert len(sessions) == 56
    starts = [event.decoded("dtstart") for event in sessions]
    assert starts[0].date() == dt.date(2026, 3, 20) and starts[-1].date() == dt.date(2026, 5, 14)
    # 07:30 Berlin time on both sides of the change to summer time (29 March).
    for start in starts:
        assert getattr(start.tzinfo, "key", None) == "Europe/Berlin"
        assert start.astimezone(BERLIN).time() == dt.time(7, 30)
    assert {start.utcoffset() for start in starts} == {dt.timedelta(hours=1), dt.timedelta(hours=2)}
    assert b"TZID=Europe/Berlin" in new_client().get(feed_path(found)).content
    assert b"BEGIN:VTIMEZONE" in new_client().get(feed_path(found)).content


def test_each_session_has_an_alarm_and_the_plan_only(runner):
    found = remind(runner)
    first = events(new_client().get(feed_path(found)))[0]
    alarms = first.walk("VALARM")
    assert len(alarms) == 1 and alarms[0].decoded("trigger") == dt.timedelta(0)
    for exercise in plan_exercises():
        assert f"{exercise.name}: {exercise.dose}" in str(first["description"])
    body = new_client().get(feed_path(found)).content.decode()
    assert runner.email not in body
    assert "berlin" not in str(first["uid"]).lower()


def test_it_leaves_out_planned_rest_days_and_pauses(runner):
    found = remind(runner)
    rest_on(runner, dt.date(2026, 3, 22))
    pause_from(runner, dt.date(2026, 4, 1), dt.date(2026, 4, 7))
    days = {event.decoded("dtstart").date() for event in events(new_client().get(feed_path(found)))}
    assert len(days) == 56 - 1 - 7
    assert dt.date(2026, 3, 22) not in days
    assert not any(dt.date(2026, 4, 1) <= day <= dt.date(2026, 4, 7) for day in days)


def test_an_open_pause_empties_the_feed(runner):
    found = remind(runner)
    pause_from(runner, dt.date(2026, 3, 18))
    assert events(new_client().get(feed_path(found))) == []


def test_a_wrong_token_is_a_404(runner):
    found = remind(runner)
    assert new_client().get(f"/calendar/feed/{found.feed_token[:-1]}x.ics").status_code == 404
    assert new_client().get(f"/calendar/feed/{found.feed_token[:12]}.ics").status_code == 404
    assert new_client().get("/calendar/feed/nothing.ics").status_code == 404


def test_a_new_address_kills_the_old_one_at_once(runner):
    found = remind(runner)
    old = feed_path(found)
    client = new_client(runner)
    assert client.post("/settings/reminders/calendar/new-address/").status_code == 302
    fresh = services.settings_for(runner)
    assert new_client().get(old).status_code == 404
    assert new_client().get(feed_path(fresh)).status_code == 200
    assert fresh.feed_token.encode() in client.get("/settings/reminders/").content
