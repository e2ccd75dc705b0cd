"""Reads of a runner's progress records, in a fixed number of queries whatever their history.

One query each: pain during (the last weeks shown), mornings (the same weeks plus the
baseline's look-back), self-tests (all of them: one every few weeks), the open red flag
and the profile. The plan comes from its cache.
"""

import datetime as dt
from dataclasses import dataclass, field

from accounts.models import User
from progress import rules
from progress.models import MorningPain, PainDuring, ProgressProfile, RedFlag, SelfTest

WEEKS_SHOWN = 8
TEST_EVERY_DAYS = 28  # Today suggests a self-test every four weeks


def first_shown(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=7 * WEEKS_SHOWN - 1)


@dataclass
class Records:
    today: dt.date
    during: dict[int, dict[dt.date, int]]  # exercise id -> day -> pain
    mornings: dict[dt.date, int]
    tests: list[SelfTest]
    red_flag: RedFlag | None
    profile: ProgressProfile
    has_profile: bool = field(default=False)

    def pain_on(self, exercise_id: int, day: dt.date) -> int | None:
        return self.during.get(exercise_id, {}).get(day)

    @property
    def morning_today(self) -> int | None:
        return self.mornings.get(self.today)

    def tests_of(self, test: str) -> list[SelfTest]:
        return [t for t in self.tests if t.test == test]

    @property
    def last_test_on(self) -> dt.date | None:
        return max((t.tested_on for t in self.tests), default=None)

    @property
    def red_flag_signs(self) -> list[str]:
        return [rules.RED_FLAGS[key] for key in self.red_flag.signs] if self.red_flag else []


def records(user: User, *, today: dt.date, since: dt.date | None = None) -> Records:
    """The runner's ratings since `since` (default: the weeks the progress page shows)."""
    since = since or first_shown(today)
    during: dict[int, dict[dt.date, int]] = {}
    for exercise_id, day, pain in PainDuring.objects.filter(user=user, rated_on__gte=since).values_list(
        "exercise_id", "rated_on", "pain"
    ):
        during.setdefault(exercise_id, {})[day] = pain
    morning_since = since - dt.timedelta(days=rules.BASELINE_LOOKBACK_DAYS)
    mornings = dict(MorningPain.objects.filter(user=user, rated_on__gte=morning_since).values_list("rated_on", "pain"))
    tests = list(SelfTest.objects.filter(user=user).order_by("tested_on"))
    red_flag = RedFlag.objects.filter(user=user, cleared_at__isnull=True).first()
    profile = ProgressProfile.objects.filter(user=user).first()
    return Records(
        today=today,
        during=during,
        mornings=mornings,
        tests=tests,
        red_flag=red_flag,
        profile=profile or ProgressProfile(user=user),
        has_profile=profile is not None,
    )
