"""Writes of a runner's progress records. Each checks its day against the late-logging
window of tracking.rules (one home for the window) and is idempotent: the same rating or
result sent twice stores one row, the later value winning (an upsert on the unique key)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone as django_timezone

from accounts.models import User
from progress import rules, selftests
from progress.models import MorningPain, PainDuring, ProgressProfile, RedFlag, SelfTest
from progress.rules import ProgressError
from routines.models import Exercise
from tracking import rules as day_rules


def check_day(day: dt.date, *, today: dt.date) -> None:
    """A rating or a result can be given for today or a day of the late-logging window."""
    if day > today:
        raise ProgressError("That day hasn't happened yet.")
    if not day_rules.is_loggable(day, today=today):
        raise ProgressError(
            f"Ratings and results can be given or changed up to {day_rules.LATE_LOGGING_DAYS} days back "
            f"(from {day_rules.earliest_loggable(today):%-d %B %Y}); that day is closed."
        )


def pain_during_rate(*, user: User, exercise: Exercise, on: dt.date, pain: int, today: dt.date) -> None:
    check_day(on, today=today)
    rules.pain_zone(pain)  # (a programming error outside 0–10 fails here, before the database)
    PainDuring.objects.bulk_create(
        [PainDuring(user=user, exercise=exercise, rated_on=on, pain=pain, rated_at=django_timezone.now())],
        update_conflicts=True,
        unique_fields=["user", "rated_on", "exercise"],
        update_fields=["pain", "rated_at"],
    )


def morning_rate(*, user: User, on: dt.date, pain: int, today: dt.date) -> None:
    check_day(on, today=today)
    MorningPain.objects.bulk_create(
        [MorningPain(user=user, rated_on=on, pain=pain, rated_at=django_timezone.now())],
        update_conflicts=True,
        unique_fields=["user", "rated_on"],
        update_fields=["pain", "rated_at"],
    )


def self_test_record(*, user: User, test: str, on: dt.date, left: Decimal, right: Decimal, today: dt.date) -> None:
    check_day(on, today=today)
    selftests.check_result(test, left)
    selftests.check_result(test, right)
    SelfTest.objects.bulk_create(
        [SelfTest(user=user, test=test, tested_on=on, left=left, right=right, tested_at=django_timezone.now())],
        update_conflicts=True,
        unique_fields=["user", "tested_on", "test"],
        update_fields=["left", "right", "tested_at"],
    )


def profile_save(*, user: User, **fields: object) -> None:
    """Store the runner's optional profile fields (birth_year, sex) or what they dismissed."""
    ProgressProfile.objects.update_or_create(user=user, defaults=fields)


def red_flag_report(*, user: User, signs: list[str], today: dt.date) -> None:
    """Keep the signs the runner reported; one open report at a time (a second adds to it)."""
    open_report = RedFlag.objects.filter(user=user, cleared_at__isnull=True).first()
    if open_report is None:
        RedFlag.objects.bulk_create([RedFlag(user=user, reported_on=today, signs=signs)], ignore_conflicts=True)
        return
    open_report.signs = [key for key in rules.RED_FLAGS if key in {*open_report.signs, *signs}]
    open_report.save(update_fields=["signs"])


def red_flag_clear(*, user: User) -> None:
    RedFlag.objects.filter(user=user, cleared_at__isnull=True).update(cleared_at=django_timezone.now())
