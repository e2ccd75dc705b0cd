"""Every URL pattern of the project, each turned into a concrete URL a visitor could request."""

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter, PathConverter, SlugConverter, StringConverter, UUIDConverter
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils.regex_helper import normalize

from tests.factories import PLAN_SLUGS

ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Route:
    pattern: str  # the pattern as written, prefixes joined: "calendar/<int:year>/<int:month>/"
    name: str | None
    parts: tuple

    def url(self, today: dt.date) -> str:
        return "/" + "".join(_fill(part, today) for part in self.parts)

    def __str__(self) -> str:
        return self.pattern


def _sample(name: str, converter, today: dt.date) -> str:
    """A plausible value for a URL parameter: real data where the app has some."""
    if isinstance(converter, SlugConverter) or name == "slug":
        return PLAN_SLUGS[0]
    if isinstance(converter, IntConverter):
        return {"year": str(today.year), "month": str(today.month)}.get(name, "1")
    if isinstance(converter, UUIDConverter):
        return str(uuid.UUID(int=1))
    if name == "day":  # the project's isodate converter
        return (today - dt.timedelta(days=1)).isoformat()
    if name == "app_label":
        return "routines"
    if name == "uidb36":
        return "1"
    if isinstance(converter, (PathConverter, StringConverter)) or converter is None:
        return {"key": "not-a-real-key", "url": "no-such-page/"}.get(name, "1")
    return "1"


def _fill(part, today: dt.date) -> str:
    if isinstance(part, RoutePattern):
        route = str(part)
        return ROUTE_PARAMETER.sub(lambda m: _sample(m["name"], part.converters.get(m["name"]), today), route)
    if isinstance(part, RegexPattern):
        template, parameters = normalize(part.regex.pattern)[0]
        return template % {name: _sample(name, None, today) for name in parameters}
    raise TypeError(f"unknown pattern type {part!r}")


def _walk(patterns, parts=()):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, parts + (entry.pattern,))
        elif isinstance(entry, URLPattern):
            full = parts + (entry.pattern,)
            yield Route("".join(str(p) for p in full), entry.name, full)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))
