"""The reminder settings page, its devices and its calendar address."""

import datetime as dt

from reminders.models import PushSubscription, ReminderSettings
from tests.clients import new_client

PAGE = "/settings/reminders/"


def test_it_requires_login():
    response = new_client().get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_is_linked_from_settings(alice_client):
    assert b'href="/settings/reminders/"' in alice_client.get("/settings/").content


def test_it_saves_the_reminder_settings(alice, alice_client):
    response = alice_client.post(
        PAGE, {"enabled": "on", "remind_at": "06:45", "days": "every", "by_email": "on"}, follow=True
    )
    assert b"Reminder settings saved." in response.content
    found = ReminderSettings.objects.get(user=alice)
    assert (found.enabled, found.remind_at, found.days, found.by_email, found.by_push) == (
        True,
        dt.time(6, 45),
        "every",
        True,
        False,
    )


def test_a_bad_time_is_a_400_and_changes_nothing(alice, alice_client):
    response = alice_client.post(PAGE, {"enabled": "on", "remind_at": "25:99", "days": "every"})
    assert response.status_code == 400
    assert b"Enter a valid time." in response.content
    assert not ReminderSettings.objects.get(user=alice).enabled


def test_push_is_offered_only_when_vapid_is_set(alice_client, settings):
    assert b"data-push-setup" not in alice_client.get(PAGE).content
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY, settings.VAPID_SUBJECT = "BPub", "priv", "mailto:a@b.c"
    page = alice_client.get(PAGE).content
    assert b'data-vapid-key="BPub"' in page and b"Remind me on this device" in page


def subscription(endpoint="https://push.example/abc"):
    return {"endpoint": endpoint, "keys": {"p256dh": "BKey", "auth": "secret"}}


def test_a_device_subscription_is_stored_once_per_endpoint(alice, alice_client, settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY, settings.VAPID_SUBJECT = "BPub", "priv", "mailto:a@b.c"
    for _ in range(2):
        response = alice_client.post(
            f"{PAGE}devices/", subscription(), content_type="application/json", HTTP_USER_AGENT="Firefox on Linux"
        )
        assert response.status_code == 201
    device = PushSubscription.objects.get()
    assert (device.user, device.label) == (alice, "Firefox on Linux")
    assert b"Firefox on Linux" in alice_client.get(PAGE).content


def test_a_bad_subscription_is_a_400(alice_client, settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY, settings.VAPID_SUBJECT = "BPub", "priv", "mailto:a@b.c"
    for body in (
        "not json",
        '{"endpoint": 3}',
        '{"endpoint": "http://insecure/x", "keys": {"p256dh": "a", "auth": "b"}}',
    ):
        assert alice_client.post(f"{PAGE}devices/", body, content_type="application/json").status_code == 400
    assert not PushSubscription.objects.exists()


def test_a_device_is_removed_by_its_runner_only(alice, bob, alice_client):
    mine = PushSubscription.objects.create(user=alice, endpoint="https://push.example/a", p256dh="k", auth="a")
    theirs = PushSubscription.objects.create(user=bob, endpoint="https://push.example/b", p256dh="k", auth="a")
    assert alice_client.post(f"{PAGE}devices/{theirs.pk}/remove/").status_code == 404
    assert alice_client.post(f"{PAGE}devices/{mine.pk}/remove/").status_code == 302
    assert list(PushSubscription.objects.all()) == [theirs]
