"""Error pages (400, 403, CSRF failure, 404, 500) are styled, helpful and leak nothing; /healthz.

Django's test client runs with DEBUG off, as production does, so these are the pages a
visitor would see.
"""

from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client, override_settings

from tests.pages import parse_page

BROKEN_URLCONF = "tests.security.urls_with_a_broken_view"

# Things that only a debug page, a traceback or a leaked setting would contain.
LEAKS = [
    "Traceback",
    "File &quot;",
    'File "',
    "site-packages",
    "DeliberateCrash",
    "secret-internal-detail",
    "SECRET_KEY",
    "DATABASES",
    "INSTALLED_APPS",
    "django.core",
    "Django Version",
    "settings.py",
    "csrf_failure",
    "CSRF verification failed",
    "Reason given for failure",
]


def assert_leaks_nothing(html: str) -> None:
    found = [marker for marker in LEAKS if marker in html]
    assert found == [], f"error page reveals {found}"
    assert settings.SECRET_KEY not in html


def assert_styled_with_a_way_home(html: str) -> None:
    page = parse_page(html)
    assert '<link rel="stylesheet"' in html, "no site stylesheet"
    assert "/" in page.links, "no link back to the start"
    assert "<h1>" in html
    assert "Stronger Ankles" in html


@pytest.mark.django_db
def test_a_missing_page_is_a_styled_404_in_the_site_layout():
    response = Client().get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert_styled_with_a_way_home(html)
    assert 'class="site-header"' in html, "the 404 page should use the site layout"
    assert "Page not found" in html


@pytest.mark.django_db
def test_a_404_does_not_echo_the_requested_path_or_the_url_patterns():
    response = Client().get("/admin-secrets/%3Cscript%3Ealert(1)%3C/script%3E/")
    html = response.content.decode()
    assert_leaks_nothing(html)
    assert "<script>alert(1)" not in html
    assert "admin-secrets" not in html
    assert "healthz" not in html  # Django's debug 404 lists the URL patterns


@pytest.mark.django_db
def test_a_404_raised_with_a_message_by_a_view_does_not_show_the_message():
    # The day page raises Http404 with a reason; visitors get the plain page.
    response = Client().get("/exercises/no-such-exercise/")
    assert response.status_code == 404
    assert "No Exercise matches" not in response.content.decode()


@pytest.mark.django_db
def test_a_crash_renders_the_friendly_500_page_and_leaks_nothing():
    with override_settings(ROOT_URLCONF=BROKEN_URLCONF):
        response = Client(raise_request_exception=False).get("/__broken__/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "errors/500.html" in {template.name for template in response.templates}
    assert '<link rel="stylesheet"' in html
    assert 'href="/"' in html
    assert_leaks_nothing(html)


@pytest.mark.django_db
def test_a_crash_still_sends_the_security_headers():
    with override_settings(ROOT_URLCONF=BROKEN_URLCONF):
        response = Client(raise_request_exception=False).get("/__broken__/")
    assert "frame-ancestors 'none'" in response.headers.get("Content-Security-Policy", "")
    assert response.headers.get("X-Content-Type-Options") == "nosniff"


def test_a_form_without_a_csrf_token_gets_the_friendly_403_page(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post("/settings/", {"timezone": "Europe/Paris"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Please try again" in html
    assert_styled_with_a_way_home(html)
    assert_leaks_nothing(html)
    alice.refresh_from_db()
    assert alice.timezone == "Europe/London"


@pytest.mark.django_db
def test_a_login_post_with_a_wrong_csrf_token_gets_the_friendly_403_page():
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    response = client.post(
        "/accounts/login/", {"login": "a@example.com", "password": "x", "csrfmiddlewaretoken": "wrong" * 13}
    )
    assert response.status_code == 403
    assert "Please try again" in response.content.decode()
    assert_leaks_nothing(response.content.decode())


@pytest.mark.django_db
def test_a_permission_denied_renders_the_styled_403_page_without_the_reason():
    with override_settings(ROOT_URLCONF=BROKEN_URLCONF):
        response = Client().get("/__forbidden__/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "You can't do that" in html
    assert_styled_with_a_way_home(html)
    assert_leaks_nothing(html)


@pytest.mark.django_db
def test_a_bad_host_header_gets_the_styled_400_page():
    response = Client(raise_request_exception=False).get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "That request didn't make sense" in html
    assert_leaks_nothing(html)
    assert "evil.example" not in html
    assert "ALLOWED_HOSTS" not in html


@pytest.mark.django_db
def test_healthz_says_ok_when_the_database_answers():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "ok"
    assert "no-cache" in response.get("Cache-Control", "") or "max-age=0" in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_unreachable():
    # The database is outside our code; making it fail is fair game for a mock.
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("connection refused")):
        response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] != "ok"
    assert "connection refused" not in response.content.decode()
