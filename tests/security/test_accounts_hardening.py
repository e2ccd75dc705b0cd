"""Hardened accounts: login throttling, no account enumeration, password rules, the second factor.

Everything goes through the real allauth forms, as a browser would, with allauth's rate
limits on the local-memory cache (cleared before each test by the shared conftest).
"""

import base64
import datetime as dt
import hashlib
import hmac
import re
import struct
import time

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client, override_settings

from accounts.models import User
from tests.dates import NOW
from tests.pages import parse_page
from tests.security.helpers import activation_page, csp_directives

PASSWORD = "correct-horse-42"
TOO_MANY = "Too many failed login attempts"


def login(client: Client, email: str, password: str):
    return client.post("/accounts/login/", {"login": email, "password": password})


def is_signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def visible_text(html: str) -> str:
    """The page's text without tags, CSRF tokens or whitespace differences."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    text = re.sub(r"<[^>]+>", " ", html)
    return " ".join(text.split())


# --- Throttling repeated failed logins --------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_and_even_the_right_password_is_refused(alice):
    client = Client()
    for attempt in range(5):
        response = login(client, alice.email, f"wrong-password-{attempt}")
        assert response.status_code == 200
        assert "not correct" in response.content.decode()
        assert TOO_MANY not in response.content.decode()
    response = login(client, alice.email, PASSWORD)
    # allauth refuses with its form error (HTTP 200 with the message), not a 429 page.
    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert not is_signed_in(client)


def test_the_lock_holds_for_another_browser_and_ip_trying_the_same_account(alice):
    for attempt in range(5):
        login(Client(REMOTE_ADDR=f"203.0.113.{attempt + 1}"), alice.email, f"wrong-{attempt}")
    client = Client(REMOTE_ADDR="198.51.100.7")
    response = login(client, alice.email, PASSWORD)
    assert TOO_MANY in response.content.decode()
    assert not is_signed_in(client)


def test_the_lock_is_per_account_so_other_runners_can_still_sign_in(alice, bob):
    client = Client()
    for attempt in range(5):
        login(client, alice.email, f"wrong-{attempt}")
    response = login(client, bob.email, PASSWORD)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_the_lock_lifts_after_five_minutes(alice):
    with time_machine.travel(NOW, tick=False) as clock:
        client = Client()
        for attempt in range(5):
            login(client, alice.email, f"wrong-{attempt}")
        assert TOO_MANY in login(client, alice.email, PASSWORD).content.decode()
        clock.shift(dt.timedelta(minutes=5, seconds=1))
        response = login(client, alice.email, PASSWORD)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_the_email_case_does_not_give_extra_attempts(alice):
    client = Client()
    for attempt, email in enumerate(["alice@example.com", "ALICE@example.com", "Alice@Example.com"] * 2):
        login(client, email, f"wrong-{attempt}")
    response = login(client, alice.email, PASSWORD)
    assert TOO_MANY in response.content.decode()
    assert not is_signed_in(client)


# --- No account enumeration ---------------------------------------------------------------------


def signup(client: Client, email: str):
    return client.post(
        "/accounts/signup/",
        {"email": email, "password1": "Tendon-Loading-2026", "password2": "Tendon-Loading-2026", "timezone": "UTC"},
    )


def comparable(response) -> tuple:
    """What a visitor can observe: status, where they are sent, and the page they land on."""
    location = response.get("Location", "")
    return response.status_code, location


# Production requires email verification (ACCOUNT_EMAIL_VERIFICATION_REQUIRED=True, see
# the README): only then does sign-up log nobody in, so it can answer a taken address
# exactly as a new one. With the optional default a new runner is signed in at once,
# which by itself tells a new address from a taken one.
@override_settings(ACCOUNT_EMAIL_VERIFICATION="mandatory")
def test_signing_up_with_a_taken_email_looks_the_same_as_with_a_new_one(alice):
    taken_client, new_client = Client(), Client()
    taken = signup(taken_client, alice.email)
    new = signup(new_client, "newcomer@example.com")
    assert comparable(taken) == comparable(new), (
        "sign-up reveals that alice@example.com has an account: "
        f"taken -> {taken.status_code} {taken.get('Location', '')}, new -> {new.status_code} {new.get('Location', '')}"
    )
    assert "already registered" not in taken.content.decode()
    if taken.status_code == 302:
        landed_taken = taken_client.get(taken["Location"])
        landed_new = new_client.get(new["Location"])
        assert landed_taken.status_code == landed_new.status_code
        assert visible_text(landed_taken.content.decode()).replace(alice.email, "EMAIL") == visible_text(
            landed_new.content.decode()
        ).replace("newcomer@example.com", "EMAIL")
    assert User.objects.filter(email__iexact=alice.email).count() == 1


def test_password_reset_for_an_unknown_email_looks_the_same_as_for_a_known_one(alice):
    known = Client().post("/accounts/password/reset/", {"email": alice.email}, follow=True)
    unknown = Client().post("/accounts/password/reset/", {"email": "nobody@example.com"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain
    assert known.status_code == unknown.status_code == 200
    assert visible_text(known.content.decode()).replace(alice.email, "EMAIL") == visible_text(
        unknown.content.decode()
    ).replace("nobody@example.com", "EMAIL")


def test_password_reset_emails_both_addresses_so_the_outbox_reveals_nothing_either(alice):
    Client().post("/accounts/password/reset/", {"email": alice.email})
    Client().post("/accounts/password/reset/", {"email": "nobody@example.com"})
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["alice@example.com", "nobody@example.com"]
    reset_link = re.compile(r"/accounts/password/reset/key/\S+")
    assert reset_link.search(next(m.body for m in mail.outbox if m.to == ["alice@example.com"]))
    assert not reset_link.search(next(m.body for m in mail.outbox if m.to == ["nobody@example.com"]))


def test_a_wrong_password_and_an_unknown_email_get_the_same_login_error(alice):
    wrong_password = login(Client(), alice.email, "not-her-password-1")
    unknown_email = login(Client(), "nobody@example.com", "not-her-password-1")
    assert wrong_password.status_code == unknown_email.status_code == 200
    assert visible_text(wrong_password.content.decode()).replace(alice.email, "EMAIL") == visible_text(
        unknown_email.content.decode()
    ).replace("nobody@example.com", "EMAIL")


# --- Password rules -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("short@example.com", "short", "too short"),
        ("short@example.com", "Ank1e-9", "too short"),
        ("common@example.com", "password123456", "too common"),
        ("common@example.com", "qwertyuiop", "too common"),
        ("kipchoge.eliud@example.com", "kipchoge.eliud", "too similar"),
        ("numbers@example.com", "20261124195533", "entirely numeric"),
    ],
)
def test_sign_up_rejects_weak_passwords(email, password, message):
    response = Client().post(
        "/accounts/signup/", {"email": email, "password1": password, "password2": password, "timezone": "UTC"}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(email=email).exists()


@pytest.mark.django_db
def test_sign_up_accepts_a_long_uncommon_password():
    response = Client().post(
        "/accounts/signup/",
        {"email": "ok@example.com", "password1": "Slow-Lowering-3x15", "password2": "Slow-Lowering-3x15"},
    )
    assert response.status_code == 302
    assert User.objects.filter(email="ok@example.com").exists()


def test_stored_passwords_are_hashed_never_plain(alice):
    alice.refresh_from_db()
    assert PASSWORD not in alice.password
    assert alice.password.startswith(("argon2$", "md5$"))  # the suite uses MD5 for speed; production Argon2


# --- The second factor (allauth MFA) --------------------------------------------------------------


def totp_code(secret: str) -> str:
    """The current 6-digit RFC 6238 code for a base32 secret (30-second steps, SHA-1)."""
    counter = int(time.time() // 30)
    digest = hmac.new(base64.b32decode(secret, casefold=True), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def test_the_settings_page_links_to_two_factor_authentication(alice_client):
    page = parse_page(alice_client.get("/settings/").content.decode())
    assert "/accounts/2fa/" in page.links, "the settings page should link to the two-factor authentication page"


def test_the_two_factor_page_is_reachable_when_signed_in(alice_client):
    response = alice_client.get("/accounts/2fa/")
    assert response.status_code == 200
    assert "Authenticator" in response.content.decode()


def test_totp_activation_shows_a_qr_code_the_csp_allows(alice_client):
    response = activation_page(alice_client)
    assert response.status_code == 200
    page = parse_page(response.content.decode())
    qr_codes = [src for src in page.images if src.startswith("data:image/svg+xml")]
    assert len(qr_codes) == 1, page.images
    image_sources = csp_directives(response["Content-Security-Policy"])["img-src"]
    assert "data:" in image_sources
    assert page.inline_scripts == [] and page.style_attributes == [] and page.style_elements == 0


def test_a_runner_can_turn_on_totp_and_is_then_asked_for_a_code_at_login(alice, alice_client):
    response = activation_page(alice_client)
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', response.content.decode())
    secret = secret or re.search(r'value="([A-Z2-7]{32})"', response.content.decode())
    assert secret, "the activation page should show the secret for manual entry"
    activated = alice_client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret[1])})
    assert activated.status_code == 302
    assert alice.authenticator_set.filter(type="totp").exists()

    # Half a minute later (a code may be used once only), sign in again.
    with time_machine.travel(time.time() + 31):
        client = Client()
        response = login(client, alice.email, PASSWORD)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/2fa/authenticate/")
        assert not is_signed_in(client), "the password alone must not sign in once TOTP is on"
        wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
        assert wrong.status_code == 200 and not is_signed_in(client)
        response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret[1])})
    assert response.status_code == 302
    assert is_signed_in(client)
