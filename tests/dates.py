"""The moment the tests run at, and small date helpers, shared by every test module."""

import datetime as dt
import zoneinfo

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # a Tuesday, noon UTC
TODAY = NOW.date()  # the same local date in London (UTC+0) and New York (UTC−5) at NOW
ONE_DAY = dt.timedelta(days=1)


def d(text: str) -> dt.date:
    """A date from YYYY-MM-DD."""
    return dt.date.fromisoformat(text)


def at_local(day: dt.date, hour: int, minute: int, zone: str) -> dt.datetime:
    """The instant it is `hour:minute` on `day` in `zone`."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zoneinfo.ZoneInfo(zone))
