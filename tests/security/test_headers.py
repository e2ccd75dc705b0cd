"""Security headers on every HTML page, and pages a strict Content Security Policy can render.

The MDN HTTP Observatory's A+ asks for: a CSP with no 'unsafe-inline'/'unsafe-eval' for
scripts and styles, no framing, locked-down form targets, base URI and plugins; nosniff;
a strict referrer policy; cross-origin isolation headers; a Permissions-Policy; HSTS.
"""

import datetime as dt

import pytest
from django.test import Client, override_settings

from tests.factories import PLAN_SLUGS
from tests.pages import parse_page
from tests.security.helpers import activation_page, csp_directives, production_settings
from tests.security.urlwalk import all_routes

PUBLIC_PAGES = [
    "/",
    "/exercises/",
    f"/exercises/{PLAN_SLUGS[0]}/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/this-page-does-not-exist/",
]

SIGNED_IN_PAGES = [
    "/",  # Today
    "/calendar/",
    "/calendar/day/{yesterday}/",
    "/settings/",
    "/accounts/2fa/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/exercises/",
    "/calendar/1900/1/this-page-does-not-exist/",
]

UNSAFE_SOURCES = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:", "https:"}


def signed_in_url(template: str) -> str:
    return template.format(yesterday=(dt.date.today() - dt.timedelta(days=1)).isoformat())


def assert_security_headers(response, url: str) -> None:
    headers = response.headers
    assert "Content-Security-Policy" in headers, f"{url}: no Content-Security-Policy"
    policy = csp_directives(headers["Content-Security-Policy"])
    default = policy.get("default-src")
    for directive in ("script-src", "style-src"):
        sources = policy.get(directive, default)
        assert sources is not None, f"{url}: neither {directive} nor default-src"
        assert not UNSAFE_SOURCES & set(sources), f"{url}: {directive} allows {sources}"
    assert policy.get("frame-ancestors") == ["'none'"], url
    assert policy.get("form-action") == ["'self'"], url
    assert policy.get("base-uri") in (["'none'"], ["'self'"]), url
    assert policy.get("object-src") == ["'none'"], url

    assert headers.get("X-Content-Type-Options") == "nosniff", url
    assert headers.get("Referrer-Policy") in {
        "strict-origin-when-cross-origin",
        "strict-origin",
        "same-origin",
        "no-referrer",
    }, url
    assert headers.get("Cross-Origin-Opener-Policy") == "same-origin", url
    assert headers.get("Cross-Origin-Resource-Policy") == "same-origin", url

    permissions = {
        item.split("=", 1)[0].strip(): item.split("=", 1)[1].strip()
        for item in headers.get("Permissions-Policy", "").split(",")
        if "=" in item
    }
    for feature in ("camera", "microphone", "geolocation"):
        assert permissions.get(feature) == "()", f"{url}: Permissions-Policy leaves {feature} on"


def assert_no_inline_code(response, url: str) -> None:
    page = parse_page(response.content.decode())
    assert page.inline_scripts == [], f"{url}: inline <script> {page.inline_scripts}"
    assert page.style_elements == 0, f"{url}: <style> element"
    assert page.style_attributes == [], f"{url}: style= attributes {page.style_attributes}"
    assert page.event_handlers == [], f"{url}: inline event handlers {page.event_handlers}"


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_send_the_security_headers(url):
    response = Client().get(url)
    assert response.status_code in (200, 404), url
    assert response["Content-Type"].startswith("text/html")
    assert_security_headers(response, url)


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_have_no_inline_scripts_or_styles(url):
    assert_no_inline_code(Client().get(url), url)


@pytest.mark.parametrize("template", SIGNED_IN_PAGES)
def test_signed_in_pages_send_the_security_headers(alice_client, template):
    url = signed_in_url(template)
    response = alice_client.get(url)
    assert response.status_code in (200, 404), url
    assert_security_headers(response, url)


@pytest.mark.parametrize("template", SIGNED_IN_PAGES)
def test_signed_in_pages_have_no_inline_scripts_or_styles(alice_client, template):
    url = signed_in_url(template)
    assert_no_inline_code(alice_client.get(url), url)


def test_the_totp_activation_page_sends_the_headers_and_has_no_inline_code(alice_client):
    response = activation_page(alice_client)
    assert response.status_code == 200
    assert_security_headers(response, "/accounts/2fa/totp/activate/")
    assert_no_inline_code(response, "/accounts/2fa/totp/activate/")


@pytest.mark.django_db
def test_the_admin_login_page_sends_the_security_headers():
    # The admin signs in through the site's login (allauth), which the page checks cover too.
    response = Client().get("/admin/login/")
    assert response.status_code == 302
    assert_security_headers(response, "/admin/login/")
    login = Client().get(response["Location"])
    assert login.status_code == 200
    assert_security_headers(login, response["Location"])


@pytest.mark.django_db
def test_a_redirect_and_a_json_response_also_carry_the_headers():
    # Not only HTML: a framed or sniffed redirect or JSON body is still a risk.
    for url in ("/calendar/", "/healthz"):
        response = Client().get(url)
        assert response.headers.get("X-Content-Type-Options") == "nosniff", url
        assert "frame-ancestors 'none'" in response.headers.get("Content-Security-Policy", ""), url


# HTTPS behind the proxy: the production values, applied through the real middleware.
# Middleware reads these settings when it is built, so each test builds a fresh Client.


@pytest.fixture(scope="module")
def https_settings():
    values = production_settings(
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_NAME",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_NAME",
        "CSRF_COOKIE_SECURE",
        "TRUSTED_PROXIES",
    )
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(https_settings):
    with override_settings(**https_settings):
        response = Client().get("/exercises/?page=1")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/exercises/?page=1"


@pytest.mark.django_db
def test_a_request_the_proxy_marks_as_https_is_served_with_hsts(https_settings):
    with override_settings(**https_settings):
        response = Client().get("/exercises/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    hsts = [part.strip() for part in response.headers.get("Strict-Transport-Security", "").split(";")]
    max_age = next((int(part.split("=", 1)[1]) for part in hsts if part.startswith("max-age=")), 0)
    assert max_age >= 31536000
    assert "includeSubDomains" in hsts


@pytest.mark.django_db
def test_a_client_cannot_fake_https_without_the_proxy_header_setting(https_settings):
    # Only the configured header counts: another forwarded header must not skip the redirect.
    with override_settings(**https_settings):
        response = Client().get("/exercises/", headers={"X-Forwarded-Ssl": "on", "X-Forwarded-Scheme": "https"})
    assert response.status_code == 301


def test_session_and_csrf_cookies_over_https_are_host_only_secure_and_lax(alice, https_settings):
    with override_settings(**https_settings):
        client = Client(headers={"X-Forwarded-Proto": "https"})
        form = client.get("/accounts/login/")
        response = client.post("/accounts/login/", {"login": alice.email, "password": "correct-horse-42"})
    assert response.status_code == 302
    csrf = form.cookies[https_settings["CSRF_COOKIE_NAME"]]
    session = response.cookies[https_settings["SESSION_COOKIE_NAME"]]
    for cookie in (csrf, session):
        assert cookie.key.startswith("__Host-")
        assert cookie["secure"] is True
        assert cookie["samesite"] == "Lax"
        assert cookie["path"] == "/"
        assert not cookie["domain"]
    assert session["httponly"] is True


# Every page of every URL pattern, as a staff user (so the admin's pages are included too).

WALK_DAY = dt.date.today()


@pytest.fixture
def staff_client(make_user):
    client = Client()
    client.force_login(make_user("physio@example.com", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("route", all_routes(), ids=lambda route: route.pattern or "<home>")
def test_every_page_sends_the_headers_and_html_has_no_inline_code(route, staff_client):
    url = route.url(WALK_DAY)
    response = staff_client.get(url)
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url
    if response.get("Content-Type", "").startswith("text/html"):
        assert_security_headers(response, url)
        assert_no_inline_code(response, url)
