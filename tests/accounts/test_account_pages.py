"""allauth's account pages as this site shows them: two-factor, email addresses."""

from allauth.account.models import EmailAddress
from django.core import mail

from tests.pages import elements, find, find_all


def notice(response):
    return find(response, data_testid="mfa-email-notice")


def test_the_two_factor_page_says_first_that_an_unverified_email_must_be_verified(alice, alice_client):
    EmailAddress.objects.create(user=alice, email=alice.email, primary=True, verified=False)
    response = alice_client.get("/accounts/2fa/")
    assert response.status_code == 200
    page = elements(response.content)
    headings = [e.text for e in page if e.tag == "h2"]
    assert headings[0] == "A verified email address comes first"  # before the authenticator app
    assert "verified" in notice(response).text and alice.email in notice(response).text
    (resend,) = [e for e in page if e.tag == "button" and e.get("name") == "action_send"]
    assert resend.text == "Resend the verification email"
    (form,) = [e for e in page if e.tag == "form" and e.get("action") == "/accounts/email/" and resend.is_inside(e)]
    assert form["method"] == "post"
    assert find(response, "a", href="/accounts/email/").text == "Email addresses"


def test_the_resend_button_sends_the_verification_email(alice, alice_client):
    EmailAddress.objects.create(user=alice, email=alice.email, primary=True, verified=False)
    response = alice_client.post("/accounts/email/", {"email": alice.email, "action_send": ""})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [alice.email]


def test_with_a_verified_email_the_two_factor_page_says_so(alice, alice_client):
    EmailAddress.objects.create(user=alice, email=alice.email, primary=True, verified=True)
    response = alice_client.get("/accounts/2fa/")
    assert "Yours is verified" in notice(response).text
    assert find_all(response, "button", name="action_send") == []


def test_the_two_factor_notice_never_shows_another_runners_address(alice, bob, alice_client):
    EmailAddress.objects.create(user=bob, email=bob.email, primary=True, verified=False)
    EmailAddress.objects.create(user=alice, email=alice.email, primary=True, verified=True)
    assert bob.email not in alice_client.get("/accounts/2fa/").content.decode()


def test_the_email_page_shows_each_address_with_a_wrapping_badge(alice, alice_client):
    EmailAddress.objects.create(user=alice, email=alice.email, primary=True, verified=False)
    response = alice_client.get("/accounts/email/")
    assert response.status_code == 200
    assert [badge.text for badge in find_all(response, "span", class_="badge badge-warning")] == ["Unverified"]
    assert find(response, "span", class_="choice-text").text.startswith(alice.email)
