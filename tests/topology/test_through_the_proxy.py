"""The production probe's headers, cookies and redirects, through nginx as deployed.

tests/security checks them in-process; here they are checked on the wire, after nginx has
passed the request on and the answer back, with the README's production settings.
"""

import secrets
import urllib.parse

import pytest

from loadtest.harness import fetch
from tests.security.test_headers import PUBLIC_PAGES, SIGNED_IN_PAGES, assert_no_inline_code, assert_security_headers
from tests.topology.conftest import Headers

pytestmark = pytest.mark.topology


def signed_in_url(template: str) -> str:
    import datetime as dt

    return template.format(yesterday=(dt.date.today() - dt.timedelta(days=1)).isoformat())


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_carry_the_security_headers_through_the_proxy(topology, url):
    reply = fetch(topology.base_url, "GET", url)
    assert reply.status in (200, 404), (url, reply.status)
    assert_security_headers(Headers(reply), url)
    assert_no_inline_code(Headers(reply), url)
    hsts = reply.header("Strict-Transport-Security")
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts, url


def test_signed_in_pages_carry_the_security_headers_and_are_never_cached(topology):
    runner, _email = topology.new_runner()
    for template in SIGNED_IN_PAGES:
        url = signed_in_url(template)
        reply = runner.get(url)
        assert reply.status in (200, 404), (url, reply.status)
        assert_security_headers(Headers(reply), url)
        cache_control = {part.strip() for part in reply.header("Cache-Control").split(",")}
        assert {"private", "no-store"} <= cache_control, (url, reply.header("Cache-Control"))


def test_cookies_are_host_only_secure_http_only_and_lax_and_no_messages_cookie(topology):
    browser = topology.browser()
    browser.get("/accounts/signup/")
    email = f"cookies-{secrets.token_hex(4)}@example.com"
    reply = browser.post(
        "/accounts/signup/",
        {"email": email, "password1": "topology-password-42", "password2": "topology-password-42", "timezone": "UTC"},
    )
    assert reply.status == 302
    cookies = [value for name, value in reply.headers if name.lower() == "set-cookie"]
    session = next(cookie for cookie in cookies if cookie.startswith("__Host-sessionid="))
    attributes = {part.strip().split("=")[0].lower() for part in session.split(";")[1:]}
    assert {"secure", "httponly", "path"} <= attributes
    assert "samesite=lax" in session.lower() and "domain" not in attributes
    assert not any(cookie.startswith("messages=") for cookie in cookies), "a messages cookie (the runner's email)"
    assert email in browser.get("/").body  # the message still shows, from the session


def test_plain_http_is_redirected_to_https_except_the_health_check(topology):
    reply = fetch(topology.http_url, "GET", "/calendar/?month=1")
    assert reply.status == 301
    target = urllib.parse.urlsplit(reply.location)
    assert target.scheme == "https"
    assert f"{target.hostname}:{target.port}" == urllib.parse.urlsplit(topology.base_url).netloc
    assert target.path == "/calendar/" and target.query == "month=1"
    health = fetch(topology.http_url, "GET", "/healthz")
    assert health.status == 200 and health.body.strip().startswith("{")


def test_a_client_cannot_claim_https_or_another_address_through_the_proxy(topology):
    # nginx overwrites X-Forwarded-For/-Proto; the app sees the real scheme and client.
    reply = fetch(topology.http_url, "GET", "/exercises/", headers={"X-Forwarded-Proto": "https"})
    assert reply.status == 301
    statuses = [
        fetch(
            topology.base_url,
            "POST",
            "/accounts/password/reset/",
            headers={"X-Forwarded-For": f"198.51.100.{number}", "Content-Type": "application/x-www-form-urlencoded"},
            body=f"email=n{number}@example.com",
        ).status
        for number in range(3)
    ]
    assert set(statuses) <= {403}, statuses  # no CSRF token: refused, and nothing else differs


def test_a_bad_host_is_refused_through_the_proxy(topology):
    reply = fetch(topology.base_url, "GET", "/", headers={"Host": "evil.example"})
    assert reply.status == 400


def test_a_body_over_the_cap_is_refused_by_the_proxy(topology):
    browser = topology.browser()
    browser.get("/accounts/login/")
    big = "x" * (5 * 1024 * 1024)
    reply = browser.request("POST", "/accounts/login/", {"login": "a@example.com", "password": big})
    assert reply.status == 413


def test_the_server_header_names_no_version(topology):
    reply = fetch(topology.base_url, "GET", "/")
    assert reply.header("Server") == "nginx"
