"""Small factories for the reminder tests."""

import datetime as dt

from reminders.models import ReminderSettings
from routines.selectors import plan_exercises
from tracking.models import Completion, PlanBreak


def remind(user, *, at=dt.time(7, 30), days=ReminderSettings.Days.PLANNED, by_email=True, by_push=True, enabled=True):
    found, _ = ReminderSettings.objects.update_or_create(
        user=user,
        defaults={
            "enabled": enabled,
            "remind_at": at,
            "days": days,
            "by_email": by_email,
            "by_push": by_push,
            "changed_at": dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        },
    )
    return found


def complete_day(user, day: dt.date) -> None:
    for exercise in plan_exercises():
        Completion.objects.create(user=user, exercise=exercise, completed_on=day)


def rest_on(user, day: dt.date) -> None:
    PlanBreak.objects.create(user=user, kind=PlanBreak.Kind.REST, starts_on=day, ends_on=day)


def pause_from(user, day: dt.date, until: dt.date | None = None) -> None:
    PlanBreak.objects.create(user=user, kind=PlanBreak.Kind.PAUSE, starts_on=day, ends_on=until)
