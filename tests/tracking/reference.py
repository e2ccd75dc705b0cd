"""The streak rules (README, "How it is built"; tracking/rules.py) written as plainly as
possible, to check the app against.

Deliberately naive (walks day by day, no fold, no persisted state): if the app's fold
and this disagree, one of them has misread the rules.
"""

import datetime as dt
from collections.abc import Collection

from tests.dates import ONE_DAY


def run_ending(complete: Collection[dt.date], day: dt.date) -> int:
    """Complete days in a row ending on `day` (0 if `day` is not complete)."""
    length = 0
    while day - dt.timedelta(days=length) in complete:
        length += 1
    return length


def longest_run(complete: Collection[dt.date], until: dt.date) -> int:
    """The longest run of complete days on or before `until`."""
    days = {day for day in complete if day <= until}
    longest = 0
    for first in days:
        if first - ONE_DAY in days:
            continue  # not the first day of its run
        length = 0
        while first + dt.timedelta(days=length) in days:
            length += 1
        longest = max(longest, length)
    return longest


def day_streaks(complete: Collection[dt.date], today: dt.date) -> tuple[int, int]:
    """(current, longest): the current run ends today, or yesterday while today is open."""
    days = {day for day in complete if day <= today}
    current = run_ending(days, today) if today in days else run_ending(days, today - ONE_DAY)
    return current, longest_run(days, today)
