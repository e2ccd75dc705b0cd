"""Writes of a runner's preferences."""

import datetime as dt

from django.db import transaction

from accounts.models import User
from accounts.weeks import monday_of


def user_set_weekly_target(*, user: User, days: int, today: dt.date) -> None:
    """Set the days-a-week target from the current week on; earlier weeks keep theirs."""
    if days == user.weekly_target:
        return
    this_week = monday_of(today).isoformat()
    changes = [change for change in user.weekly_target_changes if change[0] < this_week]
    user.weekly_target_changes = [*changes, [this_week, days]]
    user.weekly_target = days
    user.save(update_fields=["weekly_target", "weekly_target_changes"])


def user_save_settings(*, user: User, timezone: str, weekly_target: int, today: dt.date) -> None:
    """Save the settings page: the time zone, and the weekly target from the week of
    `today` (the runner's date in the new zone) on. Both or neither."""
    with transaction.atomic():
        user.timezone = timezone
        user.save(update_fields=["timezone"])
        user_set_weekly_target(user=user, days=weekly_target, today=today)
