import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.core import mail
from django.db import models

from accounts.models import Session, User
from tests.clients import new_client
from tests.dates import TODAY
from tests.security.test_accounts_hardening import totp_code
from tracking.models import Completion, StreakSummary

PASSWORD = "correct-horse-42"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def rows_referencing(user_pk: int) -> dict[str, int]:
    """Every row in any table whose foreign key or one-to-one points at the user `user_pk`."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if isinstance(field, (models.ForeignKey, models.OneToOneField)) and field.related_model is User:
                count = model._default_manager.filter(**{field.name: user_pk}).count()
                if count:
                    found[f"{model.__name__}.{field.name}"] = count
    return found


def sessions_of(user_pk: int) -> int:
    return sum(session.get_decoded().get("_auth_user_id") == str(user_pk) for session in Session.objects.all())


def test_it_requires_login(db):
    response = new_client().get("/settings/delete/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_lists_what_will_be_deleted_and_asks_for_the_password(alice_client):
    page = alice_client.get("/settings/delete/").content.decode()
    assert (
        "alice@example.com" in page and "Every exercise you marked done" in page and "Your rest days and pauses" in page
    )
    assert 'name="password"' in page and 'name="code"' not in page


def test_a_wrong_password_deletes_nothing(alice, alice_client):
    response = alice_client.post("/settings/delete/", {"password": "not-it"})
    assert response.status_code == 400
    assert "That is not your password." in response.content.decode()
    assert User.objects.filter(pk=alice.pk).exists()


def test_it_deletes_every_row_of_the_runner_and_nothing_else(history, bob):
    alice = history
    Completion.objects.create(user=bob, exercise_id=Completion.objects.first().exercise_id, completed_on=TODAY)
    EmailAddress.objects.create(user=alice, email=alice.email, primary=True, verified=True)
    StreakSummary.objects.get_or_create(user=alice)
    alice.groups.add(Group.objects.create(name="testers"))
    LogEntry.objects.create(user=alice, action_flag=1, object_repr="x")
    client, other_device = new_client(alice), new_client(alice)
    new_client(bob)
    assert rows_referencing(alice.pk) and sessions_of(alice.pk) == 2
    pk = alice.pk

    response = client.post("/settings/delete/", {"password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == "/goodbye/"
    assert "Your account is deleted" in response.content.decode()
    assert rows_referencing(pk) == {}
    assert alice.groups.through.objects.filter(user_id=pk).count() == 0
    assert sessions_of(pk) == 0 and sessions_of(bob.pk) == 1
    assert not User.objects.filter(pk=pk).exists()
    assert Completion.objects.filter(user=bob).count() == 1
    # The other device's copied cookie opens nothing any more.
    assert other_device.get("/settings/").status_code == 302
    assert other_device.get("/settings/data/export.json").status_code == 302


def test_a_confirmation_goes_to_the_address_it_had(alice, alice_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post("/settings/delete/", {"password": PASSWORD})
    assert [message.to for message in mail.outbox] == [["alice@example.com"]]
    assert "deleted" in mail.outbox[0].subject


@pytest.fixture
def alice_with_mfa(alice):
    TOTP.activate(alice, SECRET)
    codes = RecoveryCodes.activate(alice)
    return alice, codes.get_unused_codes()


def test_with_a_second_factor_it_asks_for_the_code(alice_with_mfa, alice_client):
    alice, _ = alice_with_mfa
    assert 'name="code"' in alice_client.get("/settings/delete/").content.decode()
    for code in ("", "000000"):
        response = alice_client.post("/settings/delete/", {"password": PASSWORD, "code": code})
        assert response.status_code == 400
        assert User.objects.filter(pk=alice.pk).exists()


def test_with_a_second_factor_the_current_code_deletes_it(alice_with_mfa, alice_client):
    alice, _ = alice_with_mfa
    alice_client.post("/settings/delete/", {"password": PASSWORD, "code": totp_code(SECRET)})
    assert not User.objects.filter(pk=alice.pk).exists()
    assert not Authenticator.objects.filter(user_id=alice.pk).exists()


def test_with_a_second_factor_a_recovery_code_deletes_it(alice_with_mfa, alice_client):
    alice, codes = alice_with_mfa
    alice_client.post("/settings/delete/", {"password": PASSWORD, "code": codes[0]})
    assert not User.objects.filter(pk=alice.pk).exists()


def test_it_is_rate_limited(alice, alice_client):
    statuses = [alice_client.post("/settings/delete/", {"password": "wrong"}).status_code for _ in range(6)]
    assert statuses == [400] * 5 + [429]
    assert "Too many tries" in alice_client.post("/settings/delete/", {"password": PASSWORD}).content.decode()
    assert User.objects.filter(pk=alice.pk).exists()
