"""A day is the runner's local calendar date: time zones, DST days and moving zones.

accounts.timezones.local_today, and the Today page and mark endpoint that rely on it,
for runners at the two ends of the clock (UTC+14 and UTC−12) at the same instant, on
the 23- and 25-hour days of daylight saving time, and after a change of zone.
"""

import datetime as dt

import pytest

from accounts.timezones import local_today
from tests.clients import new_client
from tests.dates import ONE_DAY, TODAY, at_local
from tests.factories import PLAN_SLUGS, add_history, rows_of
from tests.pages import by_testid, find

UTC = dt.UTC
KIRITIMATI = "Pacific/Kiritimati"  # UTC+14, the first to see a new day
BAKER = "Etc/GMT+12"  # UTC−12 (the POSIX sign is inverted), the last
INSTANT = dt.datetime(2026, 6, 15, 10, 30, tzinfo=UTC)


def page_day(response) -> str:
    """The date the Today page says it is (its <h1><time datetime>)."""
    return find(response, "time")["datetime"]


# --- local_today --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "day"),
    [(KIRITIMATI, "2026-06-16"), (BAKER, "2026-06-14"), ("UTC", "2026-06-15"), ("Asia/Kolkata", "2026-06-15")],
)
def test_local_today_is_the_calendar_date_in_the_zone(zone, day):
    assert local_today(zone, now=INSTANT) == dt.date.fromisoformat(day)


def test_local_today_reads_the_clock_when_no_moment_is_given(clock):
    clock.move_to(INSTANT)
    assert local_today(KIRITIMATI) == dt.date(2026, 6, 16)


@pytest.mark.parametrize("zone", ["", "Mars/Olympus_Mons", "../../etc/passwd", None])
def test_local_today_falls_back_to_utc_for_an_unknown_zone(zone):
    assert local_today(zone, now=dt.datetime(2026, 6, 15, 23, 59, tzinfo=UTC)) == dt.date(2026, 6, 15)


@pytest.mark.parametrize(
    ("moment_utc", "day"),
    [
        ("2026-03-29T00:30", "2026-03-29"),  # 00:30 GMT, the start of the 23-hour day
        ("2026-03-29T22:30", "2026-03-29"),  # 23:30 BST
        ("2026-03-29T23:30", "2026-03-30"),  # 00:30 BST the next day, still the 29th in UTC
        ("2026-10-24T23:30", "2026-10-25"),  # 00:30 BST, the start of the 25-hour day
        ("2026-10-25T00:30", "2026-10-25"),  # 01:30 BST
        ("2026-10-25T01:30", "2026-10-25"),  # 01:30 GMT, the same wall time an hour later
        ("2026-10-25T23:30", "2026-10-25"),  # 23:30 GMT
    ],
)
def test_local_today_in_london_follows_the_wall_clock_on_dst_days(moment_utc, day):
    moment = dt.datetime.fromisoformat(moment_utc).replace(tzinfo=UTC)
    assert local_today("Europe/London", now=moment) == dt.date.fromisoformat(day)


# --- The two ends of the clock, at the same instant ---------------------------------


@pytest.fixture
def far_east(make_user):
    return make_user("kiri@example.com", timezone=KIRITIMATI)


@pytest.fixture
def far_west(make_user):
    return make_user("baker@example.com", timezone=BAKER)


def test_today_is_two_different_days_at_the_ends_of_the_clock(far_east, far_west, clock):
    clock.move_to(INSTANT)
    assert page_day(new_client(far_east).get("/")) == "2026-06-16"
    assert page_day(new_client(far_west).get("/")) == "2026-06-14"


def test_marking_at_the_same_instant_stores_each_runners_own_date(far_east, far_west, clock):
    clock.move_to(INSTANT)
    for user in (far_east, far_west):
        response = new_client(user).post("/track/mark/", {"exercise": "eccentric-heel-raise"})
        assert response.status_code == 302
    assert rows_of(far_east) == [(dt.date(2026, 6, 16), "eccentric-heel-raise")]
    assert rows_of(far_west) == [(dt.date(2026, 6, 14), "eccentric-heel-raise")]


def test_tomorrow_in_utc_is_already_today_at_utc_plus_14(far_east, clock):
    clock.move_to(INSTANT)
    response = new_client(far_east).post("/track/mark/", {"exercise": "eccentric-heel-raise", "on": "2026-06-16"})
    assert response.status_code == 302
    assert rows_of(far_east) == [(dt.date(2026, 6, 16), "eccentric-heel-raise")]


def test_yesterday_in_utc_is_still_today_at_utc_minus_12_and_its_tomorrow_is_refused(far_west, clock):
    clock.move_to(INSTANT)
    client = new_client(far_west)
    assert client.post("/track/mark/", {"exercise": "eccentric-heel-raise", "on": "2026-06-15"}).status_code == 400
    assert client.post("/track/mark/", {"exercise": "eccentric-heel-raise", "on": "2026-06-14"}).status_code == 302
    assert rows_of(far_west) == [(dt.date(2026, 6, 14), "eccentric-heel-raise")]


def test_the_calendar_opens_on_the_runners_month(far_east, far_west, clock):
    clock.move_to(dt.datetime(2026, 11, 30, 12, 0, tzinfo=UTC))  # 1 December 02:00 at UTC+14
    assert find(new_client(far_east).get("/calendar/"), "h1").text == "December 2026"
    assert find(new_client(far_west).get("/calendar/"), "h1").text == "November 2026"


# --- Daylight saving days -----------------------------------------------------------

DST_MARKS = [
    # zone, local day, local time: the day stored is the local day, whatever the UTC date.
    ("Europe/London", "2026-03-29", (0, 30)),  # 23-hour day, before the clocks go forward
    ("Europe/London", "2026-03-29", (23, 30)),  # 22:30 UTC
    ("Europe/London", "2026-03-30", (0, 30)),  # 23:30 UTC on the 29th
    ("Europe/London", "2026-10-25", (0, 30)),  # 25-hour day: 23:30 UTC on the 24th
    ("Europe/London", "2026-10-25", (23, 30)),
    ("America/New_York", "2026-03-08", (23, 30)),  # 03:30 UTC on the 9th
    ("America/New_York", "2026-03-08", (0, 30)),
    ("America/New_York", "2026-11-01", (23, 30)),  # 04:30 UTC on the 2nd
    ("America/New_York", "2026-11-01", (0, 30)),
]


@pytest.mark.parametrize(
    ("zone", "day", "time"), DST_MARKS, ids=[f"{z} {d} {h:02}:{m:02}" for z, d, (h, m) in DST_MARKS]
)
def test_marking_on_a_dst_day_stores_the_local_date(make_user, clock, zone, day, time):
    local_day = dt.date.fromisoformat(day)
    moment = at_local(local_day, *time, zone)
    runner = make_user("dst@example.com", timezone=zone)
    clock.move_to(moment)

    response = new_client(runner).post("/track/mark/", {"exercise": "closed-chain-dorsiflexion"})

    assert response.status_code == 302
    assert rows_of(runner) == [(local_day, "closed-chain-dorsiflexion")]


def test_marks_at_both_ends_of_the_23_hour_day_fall_on_the_same_day(make_user, clock):
    runner = make_user("dst@example.com", timezone="Europe/London")
    client = new_client(runner)
    day = dt.date(2026, 3, 29)
    clock.move_to(at_local(day, 0, 10, "Europe/London"))
    client.post("/track/mark/", {"exercise": "closed-chain-dorsiflexion"})
    client.post("/track/mark/", {"exercise": "runners-position-calf-raise"})
    clock.move_to(at_local(day, 23, 50, "Europe/London"))  # 22 hours 40 minutes later
    client.post("/track/mark/", {"exercise": "eccentric-heel-raise"})

    response = client.get("/")

    assert page_day(response) == "2026-03-29"
    assert by_testid(response, "progress").startswith("Session complete")
    assert {d for d, _ in rows_of(runner)} == {day}


def test_the_25_hour_day_is_one_day_and_the_next_morning_is_a_new_one(make_user, clock):
    runner = make_user("dst@example.com", timezone="Europe/London")
    client = new_client(runner)
    day = dt.date(2026, 10, 25)
    clock.move_to(at_local(day, 0, 10, "Europe/London"))  # 00:10 BST = 23:10 UTC on the 24th
    for slug in PLAN_SLUGS:
        client.post("/track/mark/", {"exercise": slug})
    clock.move_to(at_local(day, 23, 50, "Europe/London"))  # 24 hours 40 minutes later, still the 25th
    assert page_day(client.get("/")) == "2026-10-25"
    assert by_testid(client.get("/"), "progress").startswith("Session complete")

    clock.move_to(at_local(day + ONE_DAY, 0, 1, "Europe/London"))
    response = client.get("/")

    assert page_day(response) == "2026-10-26"
    assert by_testid(response, "progress") == "0 of 3 done"
    assert by_testid(response, "current-streak") == "1"  # alive until the 26th is over
    assert {d for d, _ in rows_of(runner)} == {day}


# --- Changing time zone -------------------------------------------------------------


def test_after_changing_zone_marks_use_the_new_zones_date(alice, clock):
    client = new_client(alice)
    add_history(alice, [TODAY - n * ONE_DAY for n in range(1, 6)])  # five days up to yesterday
    clock.move_to(dt.datetime(2026, 11, 24, 13, 0, tzinfo=UTC))  # 13:00 in London
    for slug in PLAN_SLUGS:
        client.post("/track/mark/", {"exercise": slug})
    assert by_testid(client.get("/"), "current-streak") == "6"

    response = client.post("/settings/", {"timezone": KIRITIMATI, "weekly_target": 7})  # 03:00 on the 25th there
    assert response.status_code == 302
    for slug in PLAN_SLUGS:
        client.post("/track/mark/", {"exercise": slug})

    rows = rows_of(alice)
    assert [r for r in rows if r[0] == TODAY] == [
        (TODAY, "closed-chain-dorsiflexion"),
        (TODAY, "eccentric-heel-raise"),
        (TODAY, "runners-position-calf-raise"),
    ]
    assert {r[0] for r in rows} == {TODAY - n * ONE_DAY for n in range(-1, 6)}
    page = client.get("/")
    assert page_day(page) == "2026-11-25"
    assert by_testid(page, "current-streak") == "7"
    assert by_testid(page, "longest-streak") == "7"


def test_moving_west_keeps_earlier_days_and_the_streak(alice, clock):
    client = new_client(alice)
    add_history(alice, [TODAY - n * ONE_DAY for n in range(0, 10)])  # ten days up to today
    clock.move_to(dt.datetime(2026, 11, 24, 6, 0, tzinfo=UTC))  # 06:00 in London

    client.post("/settings/", {"timezone": "America/Los_Angeles", "weekly_target": 7})  # 22:00 on the 23rd there

    page = client.get("/")
    assert page_day(page) == "2026-11-23"
    # The 24th is now tomorrow for her: it waits, and the run up to the 23rd is current.
    assert by_testid(page, "current-streak") == "9"
    assert len(rows_of(alice)) == 30
    calendar = client.get("/calendar/")
    assert find(calendar, "td", data_date="2026-11-24")["data-status"] == "complete"
