"""Follows every link on every page a runner or a visitor can reach: none leads to a 404.

The URL walk (test_url_walk.py) requests each pattern once with a sample value; this
walk clicks what the pages actually link to, so a link the page builds wrongly (a month
that can't be opened, a day out of range) fails here.
"""

import datetime as dt
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
import time_machine

from accounts.services import user_set_weekly_target
from tests.clients import new_client
from tests.factories import add_history, joined_on
from tests.pages import elements

# Tuesday 24 November 2026: with rest days plannable 28 days ahead, December can be planned.
NOW = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
PAGE_BUDGET = 400  # far more than the site has pages for one runner: a walk that needs more is a link loop


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def links_on(html: bytes) -> list[str]:
    """The site's own pages a page links to, without #fragments."""
    found = []
    for element in elements(html):
        href = element.get("href") if element.tag == "a" else None
        if href and href.startswith("/") and not href.startswith("//"):
            found.append(urldefrag(href).url)
    return found


def walk(client, start: list[str]) -> dict[str, tuple[int, str]]:
    """Every page reachable from `start` by following links: {url: (status, first page linking to it)}."""
    seen: dict[str, tuple[int, str]] = {}
    queue = deque((url, "(start)") for url in start)
    while queue:
        url, source = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = (response.status_code, source)
        assert len(seen) <= PAGE_BUDGET, f"more than {PAGE_BUDGET} pages: a link loop? last {url} from {source}"
        is_html = response.get("Content-Type", "").startswith("text/html")
        if response.status_code == 200 and is_html and urlsplit(url).path != "/accounts/logout/":
            queue.extend((link, url) for link in links_on(response.content) if link not in seen)
    return seen


def broken(seen):
    return {url: found for url, found in seen.items() if found[0] == 404 or found[0] >= 500}


def test_no_link_a_visitor_can_follow_is_broken(db):
    seen = walk(new_client(), ["/"])
    assert "/exercises/" in seen and "/accounts/signup/" in seen
    assert broken(seen) == {}


@pytest.mark.parametrize("target", [7, 5], ids=["every day", "five days a week"])
def test_no_link_a_runner_can_follow_is_broken(alice, target):
    joined_on(alice, TODAY - dt.timedelta(days=70))
    add_history(alice, [TODAY - dt.timedelta(days=n) for n in (1, 2, 3, 10, 40, 69)])
    user_set_weekly_target(user=alice, days=target, today=TODAY)
    seen = walk(new_client(alice), ["/", "/calendar/", "/calendar/year/", "/settings/"])
    assert {"/calendar/2026/9/", "/calendar/2026/10/", "/accounts/email/", "/accounts/2fa/"} <= set(seen)
    assert "/calendar/2026/8/" not in seen  # before the runner's first month: no link goes there
    planning_ahead = {"/calendar/2026/12/", "/calendar/day/2026-12-22/"}
    assert (planning_ahead <= set(seen)) == (target < 7)
    assert broken(seen) == {}
