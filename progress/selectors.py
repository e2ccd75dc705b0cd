"""Reads of a runner's progress records, in a fixed number of queries whatever their history.

One query each: pain during (the last weeks shown), mornings (the same weeks plus the
baseline's look-back), self-tests (all of them: one every few weeks), the open red flag
and the profile. The plan comes from its cache.
"""

import datetime as dt
from dataclasses import dataclass, field

from accounts.models import User
from ankleapp import sql
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
    latest_test_on: dt.date | None = None  # Today reads only this, not the tests

    def pain_on(self, exercise_id: int, day: dt.date) -> int | None:
        return self.during.get(exercise_id, {}).get(day)

    @property
    def morning_today(self) -> int | None:
        return self.mornings.get(self.today)

    def tests_of(self, test: str) -> list[SelfTest]:
        return [t for t in self.tests if t.test == test]

    @property
    def last_test_on(self) -> dt.date | None:
        return max((t.tested_on for t in self.tests), default=self.latest_test_on)

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


# Today's section: the suggestions look back this many days (progress.rules: the latest
# session within RECENT_DAYS, the trend over two TREND_DAYS weeks), and at the mornings
# BASELINE_LOOKBACK_DAYS before those.
SUGGESTION_DAYS = max(rules.RECENT_DAYS, 2 * rules.TREND_DAYS)

# The ratings the suggestions look at, in one statement: pain during each exercise, then
# the mornings before them (a morning is no exercise's: NULL).
RATINGS_SQL = (
    "SELECT exercise_id, rated_on, pain FROM {during} WHERE user_id = %s AND rated_on >= %s"
    " UNION ALL"
    " SELECT NULL, rated_on, pain FROM {mornings} WHERE user_id = %s AND rated_on >= %s"
)
RATINGS_FIELDS = [None, PainDuring._meta.get_field("rated_on"), None]
# The single values Today needs from three tables, in one statement (one round trip):
# the last self-test's day, the open red flag's signs (at most one is open: a unique
# constraint), and the profile's two dates with whether the profile exists.
SINGLE_VALUES_SQL = (
    "SELECT"
    " (SELECT tested_on FROM {tests} WHERE user_id = %s ORDER BY tested_on DESC LIMIT 1),"
    " (SELECT signs FROM {flags} WHERE user_id = %s AND cleared_at IS NULL LIMIT 1),"
    " (SELECT morning_skipped_on FROM {profiles} WHERE user_id = %s),"
    " (SELECT test_reminder_dismissed_on FROM {profiles} WHERE user_id = %s),"
    " (SELECT COUNT(*) FROM {profiles} WHERE user_id = %s)"
)
SINGLE_VALUES_FIELDS = [
    SelfTest._meta.get_field("tested_on"),
    RedFlag._meta.get_field("signs"),
    ProgressProfile._meta.get_field("morning_skipped_on"),
    ProgressProfile._meta.get_field("test_reminder_dismissed_on"),
    None,
]


def today_records(user: User, *, today: dt.date) -> Records:
    """What Today's section needs of the runner's records, in two plain reads: the
    ratings of the days the suggestions look at with the mornings before them, then the
    date of the last self-test, the open red flag's signs and the profile's two dates."""
    since = today - dt.timedelta(days=SUGGESTION_DAYS - 1)
    morning_since = since - dt.timedelta(days=rules.BASELINE_LOOKBACK_DAYS)
    during: dict[int, dict[dt.date, int]] = {}
    mornings: dict[dt.date, int] = {}
    for exercise_id, day, pain in sql.fetch_rows(
        RATINGS_SQL,
        RATINGS_FIELDS,
        [user.pk, since, user.pk, morning_since],
        during=PainDuring,
        mornings=MorningPain,
    ):
        if exercise_id is None:
            mornings[day] = pain
        else:
            during.setdefault(exercise_id, {})[day] = pain
    row = sql.fetch_row(
        SINGLE_VALUES_SQL,
        SINGLE_VALUES_FIELDS,
        [user.pk] * 5,
        tests=SelfTest,
        flags=RedFlag,
        profiles=ProgressProfile,
    )
    latest_test_on, signs, morning_skipped_on, test_reminder_dismissed_on, profiles = row or (None,) * 5
    return Records(
        today=today,
        during=during,
        mornings=mornings,
        tests=[],
        red_flag=RedFlag(user_id=user.pk, signs=signs) if signs is not None else None,
        profile=ProgressProfile(
            user_id=user.pk,
            morning_skipped_on=morning_skipped_on,
            test_reminder_dismissed_on=test_reminder_dismissed_on,
        ),
        has_profile=bool(profiles),
        latest_test_on=latest_test_on,
    )
