"""Walks every URL pattern of the project (ours, allauth's and the admin's).

For each one: an anonymous visitor is sent to a login page or gets a public page; nothing
crashes; a POST without a CSRF token is refused; a signed-in runner never sees another
runner's records. New URL patterns are covered automatically: a pattern is private
(must redirect anonymous visitors to log in) unless it is listed in PUBLIC below.
"""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import resolve

from routines.selectors import plan_exercises
from tests.clients import signed_in
from tests.dates import NOW, TODAY
from tests.security.helpers import records_of
from tests.security.urlwalk import all_routes
from tracking.models import Completion

ROUTES = all_routes()

# Patterns anyone may open without signing in, and why.
PUBLIC = {
    "": "landing page (Today when signed in)",
    "healthz": "load balancer health check",
    "favicon.ico": "browsers ask for it",
    "exercises/": "public exercise library",
    "exercises/<slug:slug>/": "public exercise library",
    "accounts/login/": "log in",
    "accounts/logout/": "sends a signed-out visitor home",
    "accounts/signup/": "sign up",
    "accounts/inactive/": "allauth's 'account inactive' notice, no data",
    "accounts/confirm-email/": "allauth's 'check your email' notice, no data",
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": "email confirmation link (the key is the credential)",
    "accounts/password/reset/": "forgotten password",
    "accounts/password/reset/done/": "forgotten password: 'email sent' notice",
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": "reset link (the key is the credential)",
    "accounts/password/reset/key/done/": "reset done notice",
    "admin/login/": "staff log in",
    "admin/logout/": "sends a signed-out visitor to the admin login",
    "goodbye/": "shown after an account is deleted, no data",
    "reminders/unsubscribe/<str:token>/": "one-click unsubscribe from a reminder email (the signed token is the key)",
    "calendar/feed/<str:token>.ics": "private calendar feed (the long random token is the credential)",
    "sw.js": "the service worker",
    "manifest.webmanifest": "the web app manifest",
    "apple-touch-icon.png": "the home-screen icon iOS asks for",
}

# Patterns that take a POST without a CSRF token, and why (each checks its own credential).
CSRF_EXEMPT = {
    "reminders/unsubscribe/<str:token>/": "RFC 8058 one-click unsubscribe: mail providers POST with no session",
}

LOGIN_PAGES = ("/accounts/login/", "/admin/login/")

# The project's own state-changing endpoints: everything under /track/ is a POST-only action.
POST_ONLY = ["/" + route.pattern for route in ROUTES if route.pattern.startswith("track/")]
# The progress app's actions (ratings, self-test results, red flags, levels) are POST-only too.
POST_ONLY += [
    route.url(TODAY)
    for route in ROUTES
    if route.pattern.startswith("progress/")
    and route.name
    in {
        "rate_during",
        "rate_morning",
        "morning_skip",
        "test_record",
        "test_reminder_dismiss",
        "profile",
        "red_flags_report",
        "red_flags_clear",
        "level_accept",
        "level_decline",
        "start_choose",
    }
]

# Patterns the walks below do not request, and why. Keep this short.
SKIPPED: dict[str, str] = {}


def route_id(route) -> str:
    return route.pattern or "<home>"


WALKED = [route for route in ROUTES if route.pattern not in SKIPPED]


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def alice_history(alice):
    """Alice marked the whole plan on each of the last five days, and one exercise last month."""
    plan = plan_exercises()
    rows = [
        Completion(user=alice, exercise=exercise, completed_on=TODAY - dt.timedelta(days=back), completed_at=NOW)
        for back in range(5)
        for exercise in plan
    ]
    rows.append(Completion(user=alice, exercise=plan[0], completed_on=dt.date(2026, 10, 20), completed_at=NOW))
    Completion.objects.bulk_create(rows)
    return rows


def assert_shows_none_of_alices_records(response, url: str, alice) -> None:
    body = b"".join(response.streaming_content) if response.streaming else response.content  # downloads stream
    html = body.decode(errors="replace")
    assert alice.email not in html, f"{url} shows alice's email"
    # Bob has no records at all, so any sign of a completion on his pages is someone else's.
    assert not re.search(r'data-status="(complete|partial)"', html), f"{url} shows completed days"
    assert "Undo " not in html, f"{url} offers to undo a completion"
    assert "Session complete" not in html, url


def test_every_pattern_becomes_a_url_that_resolves_back_to_it():
    normal = lambda pattern: pattern.replace("^", "").replace("$", "")  # noqa: E731
    for route in ROUTES:
        match = resolve(urlsplit(route.url(TODAY)).path)
        assert normal(match.route) == normal(route.pattern), route.url(TODAY)


def test_the_public_list_names_only_patterns_that_exist():
    assert set(PUBLIC) <= {route.pattern for route in ROUTES}
    assert set(SKIPPED) <= {route.pattern for route in ROUTES}
    assert set(CSRF_EXEMPT) <= {route.pattern for route in ROUTES}


@pytest.mark.parametrize("route", WALKED, ids=route_id)
def test_anonymous_visitors_get_a_public_page_or_are_sent_to_log_in(route, alice_history, alice):
    url = route.url(TODAY)
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code < 500, f"{url} crashed"
    if route.pattern in PUBLIC:
        assert response.status_code in (200, 301, 302, 404), url
        assert_shows_none_of_alices_records(response, url, alice)
    else:
        assert response.status_code == 302, f"{url} is open to anonymous visitors ({response.status_code})"
        assert urlsplit(response["Location"]).path in LOGIN_PAGES, f"{url} -> {response['Location']}"


@pytest.mark.parametrize("route", WALKED, ids=route_id)
def test_a_signed_in_runner_never_sees_another_runners_records(route, alice_history, alice, bob):
    url = route.url(TODAY)
    response = signed_in(bob).get(url)
    assert response.status_code < 500, f"{url} crashed for a signed-in runner"
    assert_shows_none_of_alices_records(response, url, alice)


CSRF_WALKED = [route for route in WALKED if route.pattern not in CSRF_EXEMPT]


@pytest.mark.parametrize("route", CSRF_WALKED, ids=route_id)
def test_a_post_without_a_csrf_token_is_refused_when_signed_in(route, bob):
    url = route.url(TODAY)
    response = signed_in(bob, enforce_csrf_checks=True).post(url, {"exercise": "closed-chain-dorsiflexion"})
    assert response.status_code == 403, f"{url} accepted a POST without a CSRF token ({response.status_code})"
    assert "Please try again" in response.content.decode()


@pytest.mark.parametrize("route", CSRF_WALKED, ids=route_id)
def test_a_post_without_a_csrf_token_is_refused_when_signed_out(route, db):
    url = route.url(TODAY)
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = client.post(url, {"login": "alice@example.com", "password": "correct-horse-42"})
    assert response.status_code == 403, f"{url} accepted a POST without a CSRF token ({response.status_code})"


def test_bob_sees_none_of_alices_records_on_the_day_pages_and_last_month(alice_history, alice, bob):
    client = signed_in(bob)
    urls = [f"/calendar/day/{TODAY - dt.timedelta(days=back)}/" for back in range(8)]
    urls += ["/", "/calendar/", "/calendar/2026/11/", "/calendar/2026/10/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_shows_none_of_alices_records(response, url, alice)
    assert "0 of 3 done" in client.get("/").content.decode()


def test_bob_cannot_undo_alices_completion(alice_history, alice, bob):
    before = Completion.objects.filter(user=alice).count()
    client = signed_in(bob)
    for back in range(3):
        client.post("/track/undo/", {"exercise": "closed-chain-dorsiflexion", "on": TODAY - dt.timedelta(days=back)})
    assert Completion.objects.filter(user=alice).count() == before


def test_bobs_mark_is_stored_for_bob_only(alice_history, alice, bob):
    before = Completion.objects.filter(user=alice).count()
    response = signed_in(bob).post("/track/mark/", {"exercise": "eccentric-heel-raise"})
    assert response.status_code == 302
    assert Completion.objects.filter(user=alice).count() == before
    assert list(Completion.objects.filter(user=bob).values_list("exercise__slug", "completed_on")) == [
        ("eccentric-heel-raise", TODAY)
    ]


@pytest.mark.parametrize("url", POST_ONLY)
@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_state_changing_endpoints_refuse_other_methods(url, method, bob):
    before = records_of(bob)
    response = getattr(signed_in(bob), method)(url)
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert records_of(bob) == before


@pytest.mark.parametrize("url", [*POST_ONLY, "/settings/"])
def test_a_state_changing_post_without_a_csrf_token_is_refused_and_changes_nothing(url, bob):
    client = signed_in(bob, enforce_csrf_checks=True)
    fields = {"exercise": "closed-chain-dorsiflexion", "timezone": "Europe/Paris", "weekly_target": "5"}
    before = records_of(bob)
    response = client.post(url, fields)
    assert response.status_code == 403
    assert records_of(bob) == before


def test_the_same_post_with_the_csrf_token_is_accepted(bob):
    # Proves the 403s above come from the missing token, not from something else.
    client = signed_in(bob, enforce_csrf_checks=True)
    client.get("/")
    token = client.cookies["csrftoken"].value
    response = client.post("/track/mark/", {"exercise": "closed-chain-dorsiflexion", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Completion.objects.filter(user=bob).count() == 1


def test_a_post_from_another_site_is_refused_even_with_a_token(bob):
    # A token stolen or fixed by another origin must not be enough: Django checks the Origin header.
    client = signed_in(bob, enforce_csrf_checks=True)
    client.get("/")
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/track/mark/",
        {"exercise": "closed-chain-dorsiflexion", "csrfmiddlewaretoken": token},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert not Completion.objects.filter(user=bob).exists()


OFF_SITE = ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_next_never_redirects_off_site(target, bob):
    response = signed_in(bob).post("/track/mark/", {"exercise": "closed-chain-dorsiflexion", "next": target})
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.scheme in ("", "http", "https") and location.netloc in ("", "testserver")
    assert not response["Location"].startswith(("//", "/\\"))


@pytest.mark.parametrize("target", ["x", "closed-chain-dorsiflexion", "tracking:day", "admin:index"])
@pytest.mark.parametrize("url", POST_ONLY)
def test_a_next_that_is_not_a_path_is_ignored_instead_of_crashing(url, target, bob):
    # Found by test_fuzz: redirect() treats a bare word as a URL pattern name to reverse.
    response = signed_in(bob).post(url, {"exercise": "closed-chain-dorsiflexion", "next": target})
    assert response.status_code in (302, 400), f"{url} next={target!r} -> {response.status_code}"
    if response.status_code == 302:
        assert response["Location"].startswith("/") and not response["Location"].startswith("//")
        assert response["Location"] != "/admin/"
