"""Time-zone names a user may choose, and the user's local "today"."""

import datetime as dt
import zoneinfo
from functools import cache

from django.utils import timezone as django_timezone

DEFAULT_TIMEZONE = "UTC"


@cache
def valid_timezones() -> frozenset[str]:
    # available_timezones() scans the disk on every call: read it once per process.
    return frozenset(zoneinfo.available_timezones())


@cache
def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(valid_timezones())]


def is_valid_timezone(name: object) -> bool:
    return isinstance(name, str) and name in valid_timezones()


def zone_for(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name if is_valid_timezone(name) else DEFAULT_TIMEZONE)


def local_today(name: str, *, now: dt.datetime | None = None) -> dt.date:
    """The calendar date it is now in the zone `name` (never the server's date)."""
    moment = now or django_timezone.now()
    return moment.astimezone(zone_for(name)).date()
