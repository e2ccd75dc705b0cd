"""Time-zone names a user may choose, the list the forms offer, and the user's local "today"."""

import datetime as dt
import importlib.resources
import zoneinfo
from functools import cache, lru_cache
from pathlib import Path

from django.utils import timezone as django_timezone

DEFAULT_TIMEZONE = "UTC"


@cache
def valid_timezones() -> frozenset[str]:
    # available_timezones() scans the disk on every call: read it once per process.
    # It includes aliases (Asia/Calcutta, Africa/Asmera): browsers still report some of
    # them, so they are accepted, just never offered.
    return frozenset(zoneinfo.available_timezones())


@cache
def _lower_case_names() -> dict[str, str]:
    return {name.lower(): name for name in valid_timezones()}


def _zone_tab_text() -> str:
    # zone.tab lists one canonical zone per country region, never a backward alias.
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / "zone.tab"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    try:
        return importlib.resources.files("tzdata").joinpath("zoneinfo/zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return ""


@cache
def common_timezones() -> tuple[str, ...]:
    """The zones the forms offer: UTC and zone.tab's canonical names, sorted; no aliases."""
    listed = {
        line.split("\t")[2].strip()
        for line in _zone_tab_text().splitlines()
        if line and not line.startswith("#") and line.count("\t") >= 2
    }
    names = sorted(listed & valid_timezones()) or sorted(n for n in valid_timezones() if "/" in n)
    return (DEFAULT_TIMEZONE, *names)


def utc_offset_label(name: str, *, at: dt.datetime) -> str:
    """ "UTC+05:30" for the zone's offset at the moment `at` (it changes with summer time)."""
    offset = at.astimezone(zoneinfo.ZoneInfo(name)).utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@lru_cache(maxsize=2)
def _timezone_options_on(day: dt.date) -> tuple[tuple[str, str], ...]:
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    return tuple((name, f"{_place(name)} · {utc_offset_label(name, at=noon)}") for name in common_timezones())


def _place(name: str) -> str:
    # "America/Argentina/Buenos_Aires" → "Buenos Aires": what a runner types to search.
    return "Coordinated Universal Time" if name == DEFAULT_TIMEZONE else name.rpartition("/")[2].replace("_", " ")


def timezone_options(*, now: dt.datetime | None = None) -> tuple[tuple[str, str], ...]:
    """(name, "City · UTC+01:00") for each common zone, with today's offsets; cached per UTC day."""
    return _timezone_options_on((now or django_timezone.now()).astimezone(dt.UTC).date())


def canonical_name(value: object) -> str | None:
    """The zone's exact name if `value` names one (any letter case), else None."""
    if not isinstance(value, str):
        return None
    return _lower_case_names().get(value.strip().lower())


def is_valid_timezone(name: object) -> bool:
    return isinstance(name, str) and name in valid_timezones()


def zone_for(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name if is_valid_timezone(name) else DEFAULT_TIMEZONE)


def local_today(name: str, *, now: dt.datetime | None = None) -> dt.date:
    """The calendar date it is now in the zone `name` (never the server's date)."""
    moment = now or django_timezone.now()
    return moment.astimezone(zone_for(name)).date()
