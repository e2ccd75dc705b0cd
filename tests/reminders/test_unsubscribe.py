"""One-click unsubscribe: a signed link that turns reminders off without logging in."""

from django.core import signing

from reminders.models import ReminderSettings
from reminders.tokens import unsubscribe_token
from tests.clients import new_client
from tests.reminders.helpers import remind


def url(token: str) -> str:
    return f"/reminders/unsubscribe/{token}/"


def test_get_shows_a_confirm_page_and_changes_nothing(alice):
    remind(alice)
    response = new_client().get(url(unsubscribe_token(alice.pk)))
    assert response.status_code == 200
    assert b"Stop reminders</button>" in response.content
    assert ReminderSettings.objects.get(user=alice).enabled


def test_the_one_click_post_turns_reminders_off_without_login(alice):
    remind(alice)
    client = new_client()
    client.handler.enforce_csrf_checks = True
    try:
        response = client.post(url(unsubscribe_token(alice.pk)), {"List-Unsubscribe": "One-Click"})
    finally:
        client.handler.enforce_csrf_checks = False
    assert response.status_code == 200
    assert b"Reminders stopped" in response.content
    assert not ReminderSettings.objects.get(user=alice).enabled


def test_a_tampered_token_is_a_404_and_changes_nothing(alice, bob):
    remind(alice)
    token = unsubscribe_token(alice.pk)
    value, signature = token.split(":", 1)
    forged = signing.dumps(bob.pk, salt="some.other.purpose")
    for bad in (token[:-2] + "xx", f"{value}x:{signature}", forged, "nonsense"):
        assert new_client().post(url(bad)).status_code == 404
    assert ReminderSettings.objects.get(user=alice).enabled


def test_a_token_turns_off_only_its_own_runner(alice, bob):
    remind(alice)
    remind(bob)
    new_client().post(url(unsubscribe_token(bob.pk)))
    assert ReminderSettings.objects.get(user=alice).enabled
    assert not ReminderSettings.objects.get(user=bob).enabled


def test_a_token_for_a_deleted_runner_is_a_404(alice):
    token = unsubscribe_token(alice.pk)
    alice.delete()
    assert new_client().get(url(token)).status_code == 404
