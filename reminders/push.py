"""Web Push: VAPID keys from the settings, one message to one subscribed device.

pywebpush and py_vapid are imported where they are used: pywebpush brings aiohttp and
requests, which every process that loads the URLconf (each gunicorn worker, each
manage.py command) paid for with about 12 MB and 0.15 s, and only the reminder sender
and `manage.py vapid_keys` ever need them.
"""

import base64
import json
import logging
from enum import Enum

from django.conf import settings

from reminders.models import PushSubscription

log = logging.getLogger(__name__)

# Seconds a push service keeps an undelivered reminder: it is stale after a few hours.
PUSH_TTL = 6 * 60 * 60
PUSH_TIMEOUT = 10


class Outcome(Enum):
    DELIVERED = "delivered"
    GONE = "gone"  # 404 or 410: the browser dropped the subscription; delete it
    FAILED = "failed"


def push_configured() -> bool:
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY and settings.VAPID_SUBJECT)


def new_vapid_keys() -> tuple[str, str]:
    """A fresh (public, private) pair, both base64url without padding, as the settings take them."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    from py_vapid import Vapid02

    vapid = Vapid02()
    vapid.generate_keys()
    numbers = vapid.private_key.private_numbers()
    private = numbers.private_value.to_bytes(32, "big")
    public = vapid.public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return _b64(public), _b64(private)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def send(subscription: PushSubscription, payload: dict) -> Outcome:
    from pywebpush import WebPushException, webpush

    try:
        webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=json.dumps(payload),
            vapid_private_key=settings.VAPID_PRIVATE_KEY,
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            ttl=PUSH_TTL,
            timeout=PUSH_TIMEOUT,
        )
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else None
        if status in (404, 410):
            return Outcome.GONE
        log.warning("Push to subscription %s failed: %s", subscription.pk, status or error)
        return Outcome.FAILED
    except Exception as error:  # network errors, bad keys: retried on a later pass
        log.warning("Push to subscription %s failed: %s", subscription.pk, error)
        return Outcome.FAILED
    return Outcome.DELIVERED
