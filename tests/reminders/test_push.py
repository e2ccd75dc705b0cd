"""Web Push without a network: a fake push service on loopback receives the reminder,
and the test decrypts it with the subscription's own keys, as the browser would."""

import base64
import datetime as dt
import json
import threading
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.core import mail

from reminders import services
from reminders.models import PushSubscription, ReminderClaim
from reminders.push import new_vapid_keys
from routines.selectors import plan_exercises
from tests.reminders.helpers import remind

MORNING = dt.datetime(2026, 6, 10, 7, 0, tzinfo=dt.UTC)


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class FakePushService:
    """Answers every POST with `status` and keeps what it received."""

    def __init__(self):
        self.status = 201
        self.received: list[tuple[str, Message, bytes]] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                service.received.append((self.path, self.headers, body))
                self.send_response(service.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def push_service():
    service = FakePushService()
    service.thread.start()
    yield service
    service.server.shutdown()
    service.server.server_close()


@pytest.fixture
def vapid(settings):
    public, private = new_vapid_keys()
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = public, private
    settings.VAPID_SUBJECT = "mailto:reminders@example.com"
    return public


def device(user, push_service, name="phone"):
    """A subscription as a browser makes one: a P-256 key pair and a 16-byte auth secret."""
    private_key = ec.generate_private_key(ec.SECP256R1())
    auth = b"0123456789abcdef"
    subscription = PushSubscription.objects.create(
        user=user,
        endpoint=f"{push_service.url}/push/{name}",
        p256dh=b64(private_key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)),
        auth=b64(auth),
        label=name,
    )
    return subscription, private_key, auth


def test_the_push_service_receives_a_reminder_only_the_device_can_read(alice, push_service, vapid):
    remind(alice, by_email=False)
    subscription, private_key, auth = device(alice, push_service)
    assert services.send_due_reminders(now=MORNING).sent == 1

    [(path, headers, body)] = push_service.received
    assert path == "/push/phone"
    assert headers["Content-Encoding"] == "aes128gcm"
    assert int(headers["TTL"]) > 0
    scheme, _, params = headers["Authorization"].partition(" ")
    assert scheme == "vapid"
    fields = dict(part.strip().split("=", 1) for part in params.split(","))
    assert fields["k"] == vapid
    claims = json.loads(unb64(fields["t"].split(".")[1]))
    assert claims["aud"] == push_service.url and claims["sub"] == "mailto:reminders@example.com"

    payload = json.loads(http_ece.decrypt(body, private_key=private_key, auth_secret=auth, version="aes128gcm"))
    assert payload["title"] == "Time for your ankles"
    assert payload["url"] == "/"
    for exercise in plan_exercises():
        assert exercise.name in payload["body"]
    assert payload["icon"].startswith("/static/icons/icon-192.")
    assert mail.outbox == []


def test_every_channel_gets_it_once(alice, push_service, vapid):
    remind(alice)
    device(alice, push_service, "phone")
    device(alice, push_service, "laptop")
    services.send_due_reminders(now=MORNING)
    services.send_due_reminders(now=MORNING + dt.timedelta(minutes=5))
    assert sorted(path for path, _, _ in push_service.received) == ["/push/laptop", "/push/phone"]
    assert len(mail.outbox) == 1


def test_a_410_answer_removes_the_subscription(alice, push_service, vapid):
    remind(alice)
    subscription, _, _ = device(alice, push_service)
    push_service.status = 410
    services.send_due_reminders(now=MORNING)
    assert not PushSubscription.objects.filter(pk=subscription.pk).exists()
    assert ReminderClaim.objects.get(user=alice).state == ReminderClaim.State.SENT
    assert len(mail.outbox) == 1


def test_a_404_answer_removes_the_subscription_too(alice, push_service, vapid):
    remind(alice, by_email=False)
    device(alice, push_service)
    push_service.status = 404
    services.send_due_reminders(now=MORNING)
    assert not PushSubscription.objects.exists()


def test_a_failing_push_service_is_retried_for_the_failed_device_only(alice, push_service, vapid):
    remind(alice)
    device(alice, push_service, "phone")
    push_service.status = 500
    assert services.send_due_reminders(now=MORNING).failed == 1
    assert len(mail.outbox) == 1  # the email went; only the push is retried
    push_service.status = 201
    assert services.send_due_reminders(now=MORNING + dt.timedelta(minutes=1)).sent == 1
    assert [path for path, _, _ in push_service.received] == ["/push/phone", "/push/phone"]
    assert len(mail.outbox) == 1


def test_no_push_without_vapid_keys(alice, push_service):
    remind(alice, by_email=False)
    device(alice, push_service)
    assert services.send_due_reminders(now=MORNING).skipped == 1
    assert push_service.received == []
