"""The sending pass: one reminder per runner and local day, skip rules, retries, the email."""

import base64
import datetime as dt
import os
import signal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError
from django.utils.html import escape

from reminders import services
from reminders.management.commands import send_reminders as send_reminders_command
from reminders.models import ReminderClaim, ReminderSettings
from routines.selectors import plan_exercises
from tests.reminders.helpers import complete_day, pause_from, remind, rest_on

# 08:00 in London (BST), 03:00 in New York.
MORNING = dt.datetime(2026, 6, 10, 7, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 6, 10)


@pytest.fixture
def runner(make_user):
    user = make_user("runner@example.com", timezone="Europe/London")
    user.date_joined = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    user.save()
    return user


def test_a_due_runner_gets_one_email(runner):
    remind(runner)
    result = services.send_due_reminders(now=MORNING)
    assert result.sent == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["runner@example.com"]
    assert ReminderClaim.objects.get(user=runner).state == ReminderClaim.State.SENT


def test_a_second_pass_the_same_day_sends_nothing(runner):
    remind(runner)
    services.send_due_reminders(now=MORNING)
    services.send_due_reminders(now=MORNING + dt.timedelta(minutes=1))
    services.send_due_reminders(now=MORNING + dt.timedelta(hours=10))
    assert len(mail.outbox) == 1


def test_the_next_day_gets_its_own_reminder(runner):
    remind(runner)
    services.send_due_reminders(now=MORNING)
    services.send_due_reminders(now=MORNING + dt.timedelta(days=1))
    assert len(mail.outbox) == 2


def test_nothing_before_the_local_time(runner, bob):
    remind(runner, at=dt.time(8, 1))
    remind(bob)  # 07:30 in New York is 11:30 UTC
    assert services.send_due_reminders(now=MORNING).sent == 0
    assert mail.outbox == []
    assert not ReminderClaim.objects.exists()


def test_runners_with_reminders_off_get_nothing(runner):
    remind(runner, enabled=False)
    services.send_due_reminders(now=MORNING)
    assert mail.outbox == []


def test_a_day_complete_by_reminder_time_is_skipped(runner):
    remind(runner)
    complete_day(runner, DAY)
    result = services.send_due_reminders(now=MORNING)
    assert (result.sent, result.skipped) == (0, 1)
    assert mail.outbox == []
    assert ReminderClaim.objects.get(user=runner).state == ReminderClaim.State.SKIPPED


def test_a_planned_rest_day_is_skipped_on_planned_days_only(runner, make_user):
    remind(runner)
    rest_on(runner, DAY)
    every_day = make_user("every@example.com", timezone="Europe/London")
    remind(every_day, days=ReminderSettings.Days.EVERY_DAY)
    rest_on(every_day, DAY)
    services.send_due_reminders(now=MORNING)
    assert [message.to for message in mail.outbox] == [["every@example.com"]]


def test_a_paused_plan_is_skipped(runner):
    remind(runner)
    pause_from(runner, DAY - dt.timedelta(days=3))
    services.send_due_reminders(now=MORNING)
    assert mail.outbox == []


def test_the_email_lists_todays_exercises_the_streak_and_one_link(runner, settings):
    settings.SITE_URL = "https://ankles.example"
    remind(runner)
    for days_ago in (1, 2, 3):
        complete_day(runner, DAY - dt.timedelta(days=days_ago))
    services.send_due_reminders(now=MORNING)
    email = mail.outbox[0]
    html, kind = email.alternatives[0]
    assert kind == "text/html"
    for exercise in plan_exercises():
        assert f"{exercise.name}: {exercise.dose}" in email.body
        assert escape(exercise.name) in html
    assert "Current streak: 3 days" in email.body
    assert "Open Today: https://ankles.example/\n" in email.body
    assert 'href="https://ankles.example/"' in html


def test_the_email_has_one_click_unsubscribe_headers(runner, settings):
    settings.SITE_URL = "https://ankles.example"
    remind(runner)
    services.send_due_reminders(now=MORNING)
    email = mail.outbox[0]
    header = email.extra_headers["List-Unsubscribe"]
    assert header.startswith("<https://ankles.example/reminders/unsubscribe/") and header.endswith("/>")
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = header[1:-1]
    assert f"Stop these reminders: {url}" in email.body
    assert url in email.alternatives[0][0]
    raw = email.message().as_bytes()
    # One plain header line each, not RFC 2047 encoded words (mail apps read them as they are).
    assert f"\nList-Unsubscribe: {header}\n".encode() in raw
    assert b"\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\n" in raw


def test_a_failed_send_is_retried_with_backoff_then_sent_once(runner, monkeypatch):
    remind(runner)
    real_send = services.EmailMultiAlternatives.send

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("SMTP is down")

    monkeypatch.setattr(services.EmailMultiAlternatives, "send", refuse)
    assert services.send_due_reminders(now=MORNING).failed == 1
    claim = ReminderClaim.objects.get(user=runner)
    assert claim.state == ReminderClaim.State.FAILED
    assert claim.retry_after == MORNING + dt.timedelta(minutes=1)
    assert services.send_due_reminders(now=MORNING + dt.timedelta(minutes=1)).failed == 1
    claim.refresh_from_db()
    assert claim.retry_after == MORNING + dt.timedelta(minutes=3)  # waited 2 minutes more
    # Before the retry time nothing is tried.
    assert services.send_due_reminders(now=MORNING + dt.timedelta(minutes=2)).failed == 0

    monkeypatch.setattr(services.EmailMultiAlternatives, "send", real_send)
    assert services.send_due_reminders(now=MORNING + dt.timedelta(minutes=3)).sent == 1
    services.send_due_reminders(now=MORNING + dt.timedelta(minutes=30))
    assert len(mail.outbox) == 1


def test_a_failed_reminder_is_dropped_when_the_runners_day_is_over(runner, monkeypatch):
    remind(runner)
    monkeypatch.setattr(services.EmailMultiAlternatives, "send", lambda self: 1 / 0)
    services.send_due_reminders(now=MORNING)
    monkeypatch.undo()
    # 00:30 in London the next day, before that day's reminder time: yesterday's is not sent.
    services.send_due_reminders(now=dt.datetime(2026, 6, 10, 23, 30, tzinfo=dt.UTC))
    assert mail.outbox == []
    assert ReminderClaim.objects.get(user=runner, local_day=DAY).state == ReminderClaim.State.FAILED


def test_a_claim_is_won_once(runner):
    assert services.claim(user=runner, day=DAY, now=MORNING) is not None
    assert services.claim(user=runner, day=DAY, now=MORNING) is None
    assert ReminderClaim.objects.count() == 1


def test_a_failed_claim_is_taken_back_by_one_sender_only(runner):
    first = services.claim(user=runner, day=DAY, now=MORNING)
    ReminderClaim.objects.filter(pk=first.pk).update(state=ReminderClaim.State.FAILED, retry_after=MORNING)
    assert services.claim(user=runner, day=DAY, now=MORNING) is not None
    assert services.claim(user=runner, day=DAY, now=MORNING) is None


def test_a_sender_that_died_mid_send_is_taken_over_after_a_while(runner):
    services.claim(user=runner, day=DAY, now=MORNING)
    assert services.claim(user=runner, day=DAY, now=MORNING + dt.timedelta(minutes=5)) is None
    assert services.claim(user=runner, day=DAY, now=MORNING + dt.timedelta(minutes=10)) is not None


def test_the_command_makes_one_pass(runner, time_machine, capsys):
    remind(runner)
    time_machine.move_to(MORNING, tick=False)
    call_command("send_reminders")
    call_command("send_reminders")
    assert len(mail.outbox) == 1
    assert "1 sent" in capsys.readouterr().out


def test_vapid_keys_prints_a_usable_pair(capsys):
    call_command("vapid_keys")
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.split())

    def raw(value):
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))

    assert len(raw(lines["VAPID_PUBLIC_KEY"])) == 65 and raw(lines["VAPID_PUBLIC_KEY"])[0] == 4
    assert len(raw(lines["VAPID_PRIVATE_KEY"])) == 32


def test_a_repeated_local_time_sends_once(make_user):
    # 25 October 2026 in Berlin: 02:30 happens at 00:30 UTC and again at 01:30 UTC.
    runner = make_user("berlin@example.com", timezone="Europe/Berlin")
    remind(runner, at=dt.time(2, 30), days=ReminderSettings.Days.EVERY_DAY)
    services.send_due_reminders(now=dt.datetime(2026, 10, 25, 0, 29, tzinfo=dt.UTC))
    assert mail.outbox == []
    services.send_due_reminders(now=dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC))
    services.send_due_reminders(now=dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC))
    assert len(mail.outbox) == 1


def test_a_local_time_that_does_not_exist_goes_at_the_next_minute(make_user):
    # 29 March 2026 in Berlin: 02:00 jumps to 03:00 (01:00 UTC); 02:30 goes at 03:00.
    runner = make_user("berlin@example.com", timezone="Europe/Berlin")
    remind(runner, at=dt.time(2, 30), days=ReminderSettings.Days.EVERY_DAY)
    services.send_due_reminders(now=dt.datetime(2026, 3, 29, 0, 59, tzinfo=dt.UTC))
    assert mail.outbox == []
    services.send_due_reminders(now=dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC))
    assert len(mail.outbox) == 1


def test_the_loop_survives_a_database_outage_and_stops_on_a_signal(runner, monkeypatch):
    calls = []

    def flaky(*, now):
        calls.append(now)
        if len(calls) == 1:
            raise OperationalError("the database is restarting")
        os.kill(os.getpid(), signal.SIGTERM)  # the process manager stops the loop
        return services.PassResult(sent=1)

    monkeypatch.setattr(send_reminders_command, "send_due_reminders", flaky)
    handlers = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        call_command("send_reminders", "--loop", "--interval", "0.01")
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    assert len(calls) == 2
