"""Who is due when, across zones and DST, and which days are skipped: pure, no database."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from reminders import rules

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")  # moves its clocks by 30 minutes
SEVEN_THIRTY = dt.time(7, 30)


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def test_it_is_due_from_the_local_time_on():
    # 07:30 in Tokyo (UTC+9) is 22:30 UTC the day before.
    assert not rules.is_due(now=utc(2026, 6, 1, 22, 29), at=SEVEN_THIRTY, zone=TOKYO)
    assert rules.is_due(now=utc(2026, 6, 1, 22, 30), at=SEVEN_THIRTY, zone=TOKYO)


def test_the_same_instant_is_due_in_one_zone_and_not_another():
    now = utc(2026, 6, 1, 6, 0)  # 08:00 in Berlin, 02:00 in New York
    assert rules.is_due(now=now, at=SEVEN_THIRTY, zone=BERLIN)
    assert not rules.is_due(now=now, at=SEVEN_THIRTY, zone=NEW_YORK)


def test_the_local_day_is_the_runners():
    # 23:30 UTC on 1 June is already 2 June in Tokyo: the claim is for Tokyo's day.
    assert rules.local_day(utc(2026, 6, 1, 23, 30), TOKYO) == dt.date(2026, 6, 2)


@pytest.mark.parametrize(
    ("day", "expected_utc"),
    [
        (dt.date(2026, 3, 28), utc(2026, 3, 28, 6, 30)),  # the day before spring forward: CET, UTC+1
        (dt.date(2026, 3, 29), utc(2026, 3, 29, 5, 30)),  # the change day (02:00 → 03:00): CEST, UTC+2
        (dt.date(2026, 10, 24), utc(2026, 10, 24, 5, 30)),  # the day before falling back: CEST
        (dt.date(2026, 10, 25), utc(2026, 10, 25, 6, 30)),  # the change day: CET again
    ],
)
def test_seven_thirty_stays_seven_thirty_on_both_sides_of_a_change(day, expected_utc):
    moment = rules.reminder_moment(day, SEVEN_THIRTY, BERLIN)
    assert moment == expected_utc
    assert moment.astimezone(BERLIN).time() == SEVEN_THIRTY


def test_a_time_that_does_not_exist_goes_at_the_next_minute_that_does():
    # 29 March 2026 in Berlin: 02:00 jumps to 03:00, so 02:30 never happens.
    moment = rules.reminder_moment(dt.date(2026, 3, 29), dt.time(2, 30), BERLIN)
    assert moment.astimezone(BERLIN).replace(tzinfo=None) == dt.datetime(2026, 3, 29, 3, 0)
    assert moment == utc(2026, 3, 29, 1, 0)
    assert not rules.is_due(now=utc(2026, 3, 29, 0, 59), at=dt.time(2, 30), zone=BERLIN)
    assert rules.is_due(now=utc(2026, 3, 29, 1, 0), at=dt.time(2, 30), zone=BERLIN)


def test_a_gap_of_half_an_hour_is_crossed_too():
    # Lord Howe Island, 4 October 2026: 02:00 jumps to 02:30.
    moment = rules.reminder_moment(dt.date(2026, 10, 4), dt.time(2, 10), LORD_HOWE)
    assert moment.astimezone(LORD_HOWE).replace(tzinfo=None) == dt.datetime(2026, 10, 4, 2, 30)


def test_a_repeated_time_counts_from_its_first_occurrence():
    # 25 October 2026 in Berlin: 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET).
    moment = rules.reminder_moment(dt.date(2026, 10, 25), dt.time(2, 30), BERLIN)
    assert moment == utc(2026, 10, 25, 0, 30)
    assert rules.is_due(now=utc(2026, 10, 25, 0, 30), at=dt.time(2, 30), zone=BERLIN)
    # Still the same local day at the second 02:30: due (the claim keeps it to one send).
    assert rules.local_day(utc(2026, 10, 25, 1, 30), BERLIN) == dt.date(2026, 10, 25)


def test_new_york_spring_forward_gap():
    moment = rules.reminder_moment(dt.date(2026, 3, 8), dt.time(2, 15), NEW_YORK)
    assert moment == utc(2026, 3, 8, 7, 0)  # 03:00 EDT


def test_the_day_ends_at_the_next_local_midnight():
    assert rules.end_of_day(dt.date(2026, 3, 28), BERLIN) == utc(2026, 3, 28, 23, 0)
    assert rules.end_of_day(dt.date(2026, 3, 29), BERLIN) == utc(2026, 3, 29, 22, 0)


def test_switching_on_after_todays_time_waits_for_tomorrow():
    changed = utc(2026, 6, 1, 18, 0)  # 20:00 in Berlin, long after 07:30
    assert not rules.is_due(now=utc(2026, 6, 1, 18, 1), at=SEVEN_THIRTY, zone=BERLIN, changed_at=changed)
    assert rules.is_due(now=utc(2026, 6, 2, 5, 30), at=SEVEN_THIRTY, zone=BERLIN, changed_at=changed)


def skip(**overrides):
    facts = dict(enabled=True, planned_only=True, complete=False, rest=False, paused=False, channels=1)
    return rules.skip_reason(**{**facts, **overrides})


def test_a_reminder_goes_out_on_an_ordinary_day():
    assert skip() is None


def test_it_skips_when_reminders_are_off():
    assert skip(enabled=False) is rules.Skip.OFF


def test_it_skips_a_day_already_complete():
    assert skip(complete=True) is rules.Skip.COMPLETE
    assert skip(complete=True, planned_only=False) is rules.Skip.COMPLETE


def test_it_skips_planned_rest_days_and_pauses_on_planned_days_only():
    assert skip(rest=True) is rules.Skip.REST
    assert skip(paused=True) is rules.Skip.PAUSED
    assert skip(rest=True, planned_only=False) is None
    assert skip(paused=True, planned_only=False) is None


def test_it_skips_when_no_channel_is_left():
    assert skip(channels=0) is rules.Skip.NO_CHANNEL


def test_retries_back_off_up_to_an_hour():
    delays = [rules.retry_delay(attempt) for attempt in range(1, 10)]
    assert delays[:4] == [dt.timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert max(delays) == dt.timedelta(hours=1)
    assert delays == sorted(delays)


def test_session_days_leave_out_rest_days_and_pauses():
    first = dt.date(2026, 6, 1)
    days = rules.session_days(
        first=first,
        last=first + dt.timedelta(days=6),
        rest={dt.date(2026, 6, 2)},
        paused=lambda day: dt.date(2026, 6, 4) <= day <= dt.date(2026, 6, 5),
    )
    assert days == [dt.date(2026, 6, d) for d in (1, 3, 6, 7)]
