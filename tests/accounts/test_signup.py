"""Sign-up, log-in, log-out and password reset through the real allauth views."""

import re

import pytest
from django.core import mail

from accounts.models import User
from tests.pages import find, find_all

PASSWORD = "correct-horse-42"
NEW_PASSWORD = "battery-staple-77"


def signup(client, **fields):
    data = {"email": "new@example.com", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD} | fields
    return client.post("/accounts/signup/", {k: v for k, v in data.items() if v is not None})


def errors(response) -> list[str]:
    return [alert.text for alert in find_all(response, role="alert")]


def signed_in_as(client) -> str | None:
    response = client.get("/settings/")
    return find(response, "strong").text if response.status_code == 200 else None


# --- Sign-up ------------------------------------------------------------------------


def test_the_signup_form_asks_for_email_password_and_a_searchable_time_zone(client, db):
    response = client.get("/accounts/signup/")
    assert response.status_code == 200
    assert find(response, "input", name="email")["type"] == "email"
    assert find(response, "input", name="password1")["type"] == "password"
    assert find(response, "input", name="password2")["type"] == "password"
    zone = find(response, "input", name="timezone")
    assert zone["type"] == "text"
    assert "data-timezone-input" in zone.attrs  # filled in from the device by static/js/timezone.js
    assert find(response, "label", for_=zone["id"]).text == "Time zone"
    options = find_all(response, "option")
    assert find(response, "datalist", id=zone["list"])
    assert {"Europe/London", "Asia/Kolkata", "UTC"} <= {o["value"] for o in options}
    assert "Asia/Calcutta" not in {o["value"] for o in options}
    assert "UTC" in find(response, id=zone["aria-describedby"]).text
    assert any("timezone" in script["src"] for script in find_all(response, "script", src=True))


def test_signing_up_creates_the_runner_in_their_time_zone_and_signs_them_in(client, db):
    response = signup(client, timezone="Pacific/Auckland")
    assert response.status_code == 302
    assert response["Location"] == "/"
    runner = User.objects.get(email="new@example.com")
    assert runner.timezone == "Pacific/Auckland"
    assert runner.check_password(NEW_PASSWORD)
    assert signed_in_as(client) == "new@example.com"


def test_the_email_is_stored_with_its_domain_lower_cased(client, db):
    signup(client, email="Runner@Example.COM", timezone="UTC")
    assert User.objects.filter(email__iexact="runner@example.com").count() == 1
    assert User.objects.get(email__iexact="runner@example.com").email.endswith("@example.com")


@pytest.mark.parametrize("zone", [None, "", "   "], ids=["missing", "empty", "blank"])
def test_no_time_zone_means_utc(client, db, zone):
    response = signup(client, timezone=zone)
    assert response.status_code == 302
    assert User.objects.get(email="new@example.com").timezone == "UTC"


def test_a_zone_typed_in_another_letter_case_is_stored_by_its_real_name(client, db):
    assert signup(client, timezone="europe/london").status_code == 302
    assert User.objects.get(email="new@example.com").timezone == "Europe/London"


@pytest.mark.parametrize(
    "zone",
    [
        "Mars/Olympus_Mons",
        "<script>alert(1)</script>",
        "../../../../etc/passwd",
        "Europe/London\x00",
        "UTC' OR '1'='1",
        "A" * 5000,
    ],
    ids=["unknown", "markup", "path", "nul byte", "sql", "very long"],
)
def test_an_unknown_or_hostile_time_zone_is_refused_with_a_message_and_creates_nobody(client, db, zone):
    response = signup(client, timezone=zone)
    assert response.status_code == 200
    assert any("time zone" in message for message in errors(response))
    assert b"<script>alert(1)" not in response.content
    assert not User.objects.filter(email="new@example.com").exists()


def test_a_duplicate_email_is_refused(client, alice):
    response = signup(client, email="alice@example.com", timezone="Asia/Tokyo")
    assert response.status_code == 200
    assert "A user is already registered with this email address." in errors(response)
    assert User.objects.filter(email__iexact="alice@example.com").count() == 1
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
    assert alice.timezone == "Europe/London"


def test_a_duplicate_email_in_other_case_is_refused(client, alice):
    signup(client, email="ALICE@example.com")
    assert User.objects.filter(email__iexact="alice@example.com").count() == 1


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("horse-42a", "This password is too short. It must contain at least 10 characters."),
        ("password123", "This password is too common."),
        ("8264951037", "This password is entirely numeric."),
    ],
)
def test_a_weak_password_is_refused(client, db, password, message):
    response = signup(client, password1=password, password2=password)
    assert response.status_code == 200
    assert any(message in error for error in errors(response))
    assert not User.objects.filter(email="new@example.com").exists()


def test_a_ten_character_password_is_long_enough(client, db):
    assert signup(client, password1="horse-42ab", password2="horse-42ab").status_code == 302


def test_mismatched_passwords_are_refused(client, db):
    response = signup(client, password2="battery-staple-78")
    assert response.status_code == 200
    assert not User.objects.filter(email="new@example.com").exists()


def test_signing_up_sends_an_address_confirmation_email(client, db):
    signup(client)
    assert [message.to for message in mail.outbox] == [["new@example.com"]]
    assert mail.outbox[0].subject.startswith("[Stronger Ankles] ")


# --- Log in and log out -------------------------------------------------------------


def test_a_runner_logs_in_with_their_email(client, alice):
    response = client.post("/accounts/login/", {"login": "alice@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_as(client) == "alice@example.com"


def test_keep_me_signed_in_is_ticked_by_default(client, db):
    response = client.get("/accounts/login/")
    remember = find(response, "input", name="remember")
    assert remember["type"] == "checkbox"
    assert "checked" in remember.attrs
    assert "Keep me signed in" in find(response, "label", class_="checkbox").text


def test_a_remembered_sign_in_lasts_thirty_days(client, alice, settings):
    response = client.post("/accounts/login/", {"login": "alice@example.com", "password": PASSWORD, "remember": "on"})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 30 * 24 * 60 * 60 == settings.SESSION_COOKIE_AGE
    assert client.session.get_expiry_age() == 30 * 24 * 60 * 60


def test_a_sign_in_not_remembered_ends_with_the_browser(client, alice, settings):
    response = client.post("/accounts/login/", {"login": "alice@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == ""
    assert client.session.get_expire_at_browser_close()


def test_a_new_runner_stays_signed_in_for_thirty_days(client, db, settings):
    response = signup(client, timezone="UTC")
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 30 * 24 * 60 * 60


def test_the_session_age_is_fixed_not_renewed_by_each_page(client, alice, settings):
    client.post("/accounts/login/", {"login": "alice@example.com", "password": PASSWORD, "remember": "on"})
    # The first page shows (and so takes out of the session) the "signed in" message.
    assert client.get("/").status_code == 200
    response = client.get("/")
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_the_login_form_asks_for_an_email_named_login(client, db):
    response = client.get("/accounts/login/")
    assert find(response, "input", name="login")["type"] == "email"
    assert find_all(response, "input", name="username") == []


def test_a_wrong_password_does_not_log_in(client, alice):
    response = client.post("/accounts/login/", {"login": "alice@example.com", "password": "not-the-password"})
    assert response.status_code == 200
    assert errors(response)
    assert signed_in_as(client) is None


def test_login_goes_on_to_the_page_that_asked_for_it(client, alice):
    response = client.post(
        "/accounts/login/?next=/calendar/", {"login": "alice@example.com", "password": PASSWORD, "next": "/calendar/"}
    )
    assert response["Location"] == "/calendar/"


def test_login_ignores_a_next_that_leaves_the_site(client, alice):
    response = client.post(
        "/accounts/login/", {"login": "alice@example.com", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_logout_by_get_only_asks_for_confirmation(alice_client):
    response = alice_client.get("/accounts/logout/")
    assert response.status_code == 200
    assert find_all(response, "form", action="/accounts/logout/", method="post")
    assert signed_in_as(alice_client) == "alice@example.com"


def test_logout_by_post_signs_out(alice_client):
    response = alice_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_as(alice_client) is None


# --- Password reset -----------------------------------------------------------------


def reset_link(message) -> str:
    match = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_password_reset_sends_an_email_with_a_working_link(client, alice):
    response = client.post("/accounts/password/reset/", {"email": "alice@example.com"})
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["alice@example.com"]]

    form_page = client.get(reset_link(mail.outbox[0]), follow=True)
    assert form_page.status_code == 200
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else reset_link(mail.outbox[0])
    done = client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302

    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert client.post("/accounts/login/", {"login": "alice@example.com", "password": NEW_PASSWORD}).status_code == 302


def test_a_reset_link_works_only_once(client, alice):
    client.post("/accounts/password/reset/", {"email": "alice@example.com"})
    link = reset_link(mail.outbox[0])
    form_page = client.get(link, follow=True)
    action = form_page.redirect_chain[-1][0]
    client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    again = client.get(link, follow=True)
    assert find_all(again, "input", name="password1") == []


def test_a_reset_for_an_unknown_email_reveals_nothing(client, db):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    assert all("nobody@example.com" not in message.to or "reset" not in message.body for message in mail.outbox)
