"""Reminder settings, the devices a runner allowed push on, and the once-a-day send claims."""

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone as django_timezone

FEED_TOKEN_BYTES = 32
# The first characters of a feed token find its row (indexed); the whole token is then
# compared in constant time, so response times say nothing about the rest of it.
FEED_LOOKUP_CHARS = 12


def new_feed_token() -> str:
    return secrets.token_urlsafe(FEED_TOKEN_BYTES)


def default_remind_at() -> dt.time:
    """7:30 in the morning, the runner's local time.

    A callable rather than a fixed `dt.time`: Django's system check takes a fixed time
    default for a mistaken "now" when the check happens to run within ten seconds of
    that time of day (fields.W161), and `check --deploy` then fails at 07:30 UTC."""
    return dt.time(7, 30)


class ReminderSettings(models.Model):
    class Days(models.TextChoices):
        EVERY_DAY = "every", "Every day"
        PLANNED = "planned", "Only planned days (not on a rest day or while paused)"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="reminder_settings"
    )
    enabled = models.BooleanField("send me a daily reminder", default=False)
    remind_at = models.TimeField("at", default=default_remind_at, help_text="Your local time, in your time zone.")
    days = models.CharField("on", max_length=8, choices=Days.choices, default=Days.PLANNED)
    by_email = models.BooleanField("by email", default=True)
    by_push = models.BooleanField("on the devices I allowed below", default=True)
    changed_at = models.DateTimeField(default=django_timezone.now)
    feed_token = models.CharField(max_length=64, default=new_feed_token)
    feed_lookup = models.CharField(max_length=FEED_LOOKUP_CHARS, unique=True, editable=False)

    class Meta:
        verbose_name_plural = "reminder settings"

    def __str__(self) -> str:
        return f"{self.user}: {'on' if self.enabled else 'off'} at {self.remind_at:%H:%M}"

    def save(self, *args, **kwargs) -> None:
        self.feed_lookup = self.feed_token[:FEED_LOOKUP_CHARS]
        super().save(*args, **kwargs)

    def feed_token_matches(self, token: str) -> bool:
        return hmac.compare_digest(
            hashlib.sha256(self.feed_token.encode()).digest(), hashlib.sha256(token.encode()).digest()
        )


class PushSubscription(models.Model):
    """One browser on one device that allowed notifications (Web Push)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    label = models.CharField(max_length=120, blank=True, help_text="The browser and system it came from.")
    created_at = models.DateTimeField(default=django_timezone.now)

    def __str__(self) -> str:
        return f"{self.user} · {self.label or 'a device'}"


class ReminderClaim(models.Model):
    """One row per runner and local day: whoever inserts it sends that day's reminder.

    The unique constraint is the whole of "exactly once": two senders racing for the same
    runner both try the INSERT and only one succeeds. A failed send stays FAILED with a
    retry time; a later pass takes it back with a conditional UPDATE (again one winner).
    """

    class State(models.TextChoices):
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed, will retry"
        SKIPPED = "skipped", "Skipped"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_claims")
    local_day = models.DateField(help_text="The runner's day the reminder is for.")
    state = models.CharField(max_length=8, choices=State.choices, default=State.SENDING)
    claimed_at = models.DateTimeField(default=django_timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    retry_after = models.DateTimeField(null=True, blank=True)
    email_sent = models.BooleanField(default=False)
    # Subscriptions already reached today, so a retry only tries the devices that failed.
    pushed_to = models.JSONField(default=list, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "local_day"], name="one_reminder_per_runner_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.local_day} · {self.state}"
