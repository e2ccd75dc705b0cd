"""Writes of the reminders app: settings, devices, the feed token, and the sending pass.

The pass claims a runner's day with an INSERT that a unique constraint lets only one
sender win, then checks the skip rules, then sends on every channel the runner chose.
"""

import datetime as dt
import email.policy
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import User
from accounts.timezones import zone_for
from reminders import push, rules
from reminders.models import FEED_LOOKUP_CHARS, PushSubscription, ReminderClaim, ReminderSettings, new_feed_token
from reminders.tokens import unsubscribe_token
from tracking.rules import DayStatus
from tracking.selectors import snapshot

log = logging.getLogger(__name__)

# Claims older than this are deleted by the pass: they only ever guard one day.
CLAIM_KEEP_DAYS = 14


def settings_for(user: User) -> ReminderSettings:
    found, _ = ReminderSettings.objects.get_or_create(user=user)
    return found


def reminders_turn_off(*, user: User, now: dt.datetime) -> None:
    ReminderSettings.objects.update_or_create(user=user, defaults={"enabled": False, "changed_at": now})


def feed_token_regenerate(*, user: User) -> ReminderSettings:
    found = settings_for(user)
    found.feed_token = new_feed_token()
    found.save()
    return found


def feed_settings_for_token(token: str) -> ReminderSettings | None:
    if not token:
        return None
    found = ReminderSettings.objects.select_related("user").filter(feed_lookup=token[:FEED_LOOKUP_CHARS]).first()
    if found is None or not found.feed_token_matches(token):
        return None
    return found


def push_subscription_save(*, user: User, endpoint: str, p256dh: str, auth: str, label: str) -> PushSubscription:
    """Store this device for `user`; a device that signed in as someone else moves over."""
    subscription, _ = PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"user": user, "p256dh": p256dh, "auth": auth, "label": label[:120]}
    )
    return subscription


def push_subscription_remove(*, user: User, pk: int) -> bool:
    deleted, _ = PushSubscription.objects.filter(user=user, pk=pk).delete()
    return deleted > 0


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# ---- the sending pass ---------------------------------------------------------------


def claim(*, user: User, day: dt.date, now: dt.datetime) -> ReminderClaim | None:
    """Take the runner's `day` for this sender, or None when another has it (or had it)."""
    try:
        with transaction.atomic():
            return ReminderClaim.objects.create(user=user, local_day=day, claimed_at=now)
    except IntegrityError:
        pass
    retryable = Q(state=ReminderClaim.State.FAILED, retry_after__lte=now) | Q(
        state=ReminderClaim.State.SENDING, claimed_at__lte=now - rules.SENDING_TIMEOUT
    )
    # A conditional UPDATE: of two senders retrying at once, one changes the row.
    taken = ReminderClaim.objects.filter(Q(user=user, local_day=day) & retryable).update(
        state=ReminderClaim.State.SENDING, claimed_at=now
    )
    return ReminderClaim.objects.get(user=user, local_day=day) if taken else None


@dataclass
class PassResult:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    notes: list[str] = field(default_factory=list)


def send_due_reminders(*, now: dt.datetime) -> PassResult:
    """One pass: every runner whose reminder is due now and not yet claimed today."""
    result = PassResult()
    utc_day = now.astimezone(dt.UTC).date()
    ReminderClaim.objects.filter(local_day__lt=utc_day - dt.timedelta(days=CLAIM_KEEP_DAYS)).delete()
    # Claims that settle a day for good: no need to try those runners again this pass.
    settled = set(
        ReminderClaim.objects.filter(local_day__gte=utc_day - dt.timedelta(days=1))
        .exclude(state=ReminderClaim.State.FAILED)
        .exclude(state=ReminderClaim.State.SENDING, claimed_at__lte=now - rules.SENDING_TIMEOUT)
        .values_list("user_id", "local_day")
    )
    for found in ReminderSettings.objects.filter(enabled=True).select_related("user").order_by("pk"):
        zone = zone_for(found.user.timezone)
        if not rules.is_due(now=now, at=found.remind_at, zone=zone, changed_at=found.changed_at):
            continue
        day = rules.local_day(now, zone)
        if (found.user.pk, day) in settled:
            continue
        taken = claim(user=found.user, day=day, now=now)
        if taken is None:
            continue
        outcome = deliver(taken, found, now=now)
        if outcome == ReminderClaim.State.SENT:
            result.sent += 1
        elif outcome == ReminderClaim.State.SKIPPED:
            result.skipped += 1
        else:
            result.failed += 1
        result.notes.append(f"{found.user.pk} {day}: {outcome} {taken.note}".rstrip())
    return result


def deliver(taken: ReminderClaim, found: ReminderSettings, *, now: dt.datetime) -> str:
    """Check the skip rules for the claimed day, then send on every channel still to do."""
    user, day = found.user, taken.local_day
    snap = snapshot(user=user, today=day, now=now)
    devices = list(user.push_subscriptions.all()) if found.by_push and push.push_configured() else []
    reason = rules.skip_reason(
        enabled=found.enabled,
        planned_only=found.days == ReminderSettings.Days.PLANNED,
        complete=snap.status(day) is DayStatus.COMPLETE,
        rest=day in snap.facts.rest,
        paused=snap.facts.paused(day),
        channels=int(found.by_email) + len(devices),
    )
    if reason is not None:
        taken.state, taken.note = ReminderClaim.State.SKIPPED, str(reason)
        taken.save(update_fields=["state", "note"])
        return taken.state

    message = reminder_message(user, snap)
    errors = []
    if found.by_email and not taken.email_sent:
        try:
            email_for(user, message).send()
            taken.email_sent = True
        except Exception as error:  # SMTP down or refusing: retried on a later pass
            log.warning("Reminder email to runner %s failed: %s", user.pk, error)
            errors.append(f"email: {error}")
    for device in devices:
        if device.pk in taken.pushed_to:
            continue
        outcome = push.send(device, push_payload(message))
        if outcome is push.Outcome.GONE:
            device.delete()
        elif outcome is push.Outcome.DELIVERED:
            taken.pushed_to.append(device.pk)
        else:
            errors.append(f"push to device {device.pk} failed")
    taken.attempts += 1
    if errors:
        taken.state = ReminderClaim.State.FAILED
        taken.retry_after = now + rules.retry_delay(taken.attempts)
        taken.note = "; ".join(errors)[:200]
    else:
        taken.state, taken.note = ReminderClaim.State.SENT, ""
    taken.save()
    return taken.state


# ---- what the reminder says -----------------------------------------------------------


@dataclass(frozen=True)
class ReminderMessage:
    day: dt.date
    exercises: list[tuple[str, str]]  # (name, dose)
    streak: int
    today_url: str
    unsubscribe_url: str
    settings_url: str


def reminder_message(user: User, snap) -> ReminderMessage:
    return ReminderMessage(
        day=snap.today,
        exercises=[(exercise.name, exercise.dose) for exercise in snap.plan],
        streak=snap.streaks.current,
        today_url=site_url(reverse("home")),
        unsubscribe_url=site_url(reverse("reminders:unsubscribe", args=[unsubscribe_token(user.pk)])),
        settings_url=site_url(reverse("reminders:settings")),
    )


# Header lines up to RFC 5322's 998 characters: folded at 78, a long List-Unsubscribe URL
# (it has no spaces) would be turned into RFC 2047 encoded words that mail apps don't read.
LONG_HEADER_POLICY = email.policy.default.clone(max_line_length=998)


class ReminderEmail(EmailMultiAlternatives):
    def message(self, *, policy=LONG_HEADER_POLICY):
        return super().message(policy=policy)


def email_for(user: User, message: ReminderMessage) -> EmailMultiAlternatives:
    context = {"message": message}
    email = ReminderEmail(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Your three ankle exercises for today",
        body=render_to_string("reminders/email.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{message.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    email.attach_alternative(render_to_string("reminders/email.html", context), "text/html")
    return email


def push_payload(message: ReminderMessage) -> dict:
    names = ", ".join(name for name, _ in message.exercises)
    streak = f" Streak: {message.streak} day{'s' if message.streak != 1 else ''}." if message.streak else ""
    return {
        "title": "Time for your ankles",
        "body": f"Today: {names}.{streak}",
        "url": reverse("home"),
        "icon": staticfiles_storage.url("icons/icon-192.png"),
        "tag": f"reminder-{message.day.isoformat()}",
    }
