"""Writes of a runner's preferences."""

import datetime as dt

from accounts.models import User


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def user_set_weekly_target(*, user: User, days: int, today: dt.date) -> None:
    """Set the days-a-week target from the current week on; earlier weeks keep theirs."""
    if days == user.weekly_target:
        return
    this_week = monday_of(today).isoformat()
    changes = [change for change in user.weekly_target_changes if change[0] < this_week]
    user.weekly_target_changes = [*changes, [this_week, days]]
    user.weekly_target = days
    user.save(update_fields=["weekly_target", "weekly_target_changes"])
