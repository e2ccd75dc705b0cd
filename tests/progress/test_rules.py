"""The pain-monitoring rules and the level suggestions, table-driven, thresholds at their edges."""

import datetime as dt

import pytest

from progress import rules
from progress.rules import Kind, PainZone, ProgressError, Session
from tests.dates import TODAY

DAY = dt.timedelta(days=1)


def back(n: int) -> dt.date:
    return TODAY - n * DAY


def sessions(*pains: int, until: dt.date = TODAY - DAY) -> list[Session]:
    """One rated session a day, the last on `until` (yesterday by default, so its morning is today)."""
    return [Session(until - (len(pains) - 1 - i) * DAY, pain) for i, pain in enumerate(pains)]


def mornings(*values: int, until: dt.date = TODAY) -> dict[dt.date, int]:
    return {until - (len(values) - 1 - i) * DAY: value for i, value in enumerate(values)}


@pytest.mark.parametrize(
    "pain, zone",
    [
        (0, PainZone.SAFE),
        (3, PainZone.SAFE),
        (4, PainZone.ACCEPTABLE),
        (5, PainZone.ACCEPTABLE),
        (6, PainZone.TOO_MUCH),
        (10, PainZone.TOO_MUCH),
    ],
)
def test_pain_zones_follow_the_model(pain, zone):
    assert rules.pain_zone(pain) is zone


@pytest.mark.parametrize("value, expected", [("0", 0), ("10", 10), (" 7 ", 7), (3, 3)])
def test_a_rating_from_0_to_10_is_accepted(value, expected):
    assert rules.check_pain(value) == expected


@pytest.mark.parametrize("value", ["-1", "11", "", None, "2.5", "five", "1e1", "٣"])
def test_a_rating_outside_0_to_10_is_refused(value):
    with pytest.raises(ProgressError):
        rules.check_pain(value)


@pytest.mark.parametrize(
    "history, expected",
    [
        ({}, 0.0),  # no mornings: the cautious default
        (mornings(2, until=back(1)), 2.0),  # one: itself
        (mornings(2, 3, until=back(1)), 2.5),  # two: their mean
        (mornings(2, 2, 3, until=back(1)), 2.0),  # three: their median
        (mornings(1, 1, 1, 1, 1, 1, 1, 9, until=back(1)), 1.0),  # the latest seven only: 1,1,1,1,1,1,9
        (mornings(4, 0, 0, 0, 0, 0, 0, 0, until=back(1)), 0.0),  # the eighth back is left out
        (mornings(1, 2, 3, 4, until=back(1)), 2.5),  # an even count: the middle two's mean
        (mornings(3, 3, 3, until=back(29)), 0.0),  # more than 28 days back: not counted
        (mornings(3, 3, 3, until=back(26)), 3.0),  # 28 days back: counted
        ({**mornings(3, 3, 3, until=back(1)), TODAY: 9}, 3.0),  # the day itself is not part of its baseline
    ],
)
def test_the_baseline_is_the_median_of_the_last_seven_mornings(history, expected):
    assert rules.baseline(history, before=TODAY) == expected


def test_a_morning_above_baseline_is_worse_and_at_it_is_not():
    history = mornings(1, 1, 1, until=back(1))
    assert not rules.is_worse_than_baseline({**history, TODAY: 1}, TODAY)
    assert rules.is_worse_than_baseline({**history, TODAY: 2}, TODAY)
    assert not rules.is_worse_than_baseline(history, TODAY)  # not rated: not worse


SETTLED = mornings(1, 1, 1, 1, 1, 1, 1, 1)  # the last eight mornings, usual 1
RED = ["a sudden pop or snap"]

CASES = [
    # (name, sessions, mornings, red flags, expected kind, words in the reason)
    (
        "four easy settled sessions: up",
        sessions(2, 1, 2, 2),
        SETTLED,
        [],
        Kind.UP,
        "your last 4 sessions: pain 2, 1, 2, 2; mornings 1, 1, 1, 1",
    ),
    ("three are not enough", sessions(2, 1, 2), SETTLED, [], Kind.KEEP_GOING, "3 of 4"),
    ("pain 3 is still safe", sessions(3, 3, 3, 3), SETTLED, [], Kind.UP, "pain 3, 3, 3, 3"),
    ("pain 4 holds", sessions(2, 2, 2, 4), SETTLED, [], Kind.HOLD, "Pain 4 out of 10 is acceptable"),
    ("pain 5 holds", sessions(2, 2, 2, 5), SETTLED, [], Kind.HOLD, "Pain 5 out of 10"),
    ("pain 6 steps back", sessions(2, 2, 2, 6), SETTLED, [], Kind.DOWN, "Pain during was 6 out of 10, above 5"),
    ("a 4 earlier breaks the run", sessions(4, 2, 2, 2), SETTLED, [], Kind.KEEP_GOING, "3 of 4"),
    (
        "a morning not back to usual breaks the run",
        sessions(2, 2, 2, 2),
        {**SETTLED, back(2): 2},
        [],
        Kind.KEEP_GOING,
        "2 of 4",
    ),
    (
        "an unrated morning breaks the run",
        sessions(2, 2, 2, 2),
        {d: v for d, v in SETTLED.items() if d != back(1)},
        [],
        Kind.KEEP_GOING,
        "1 of 4",
    ),
    (
        "the last session's morning not yet come",
        sessions(2, 2, 2, 2, until=TODAY),
        SETTLED,
        [],
        Kind.KEEP_GOING,
        "3 of 4",
    ),
    ("one morning worse: not yet a step back", sessions(2, 2), {**SETTLED, TODAY: 3}, [], Kind.KEEP_GOING, "0 of 4"),
    (
        "two mornings in a row worse: back",
        sessions(2, 2),
        {**SETTLED, back(1): 3, TODAY: 3},
        [],
        Kind.DOWN,
        "Two mornings in a row worse than your usual 1: 3 and 3",
    ),
    (
        "two bad mornings not in a row",
        sessions(2, 2),
        {**SETTLED, back(2): 3, back(1): 1, TODAY: 3},
        [],
        Kind.KEEP_GOING,
        "",
    ),
    (
        "two bad mornings that ended two days ago",
        sessions(2, 2, until=back(3)),
        {**mornings(1, 1, 1, 1, 1, until=back(4)), back(3): 3, back(2): 3},
        [],
        Kind.KEEP_GOING,
        "",
    ),
    ("a red flag overrides everything", sessions(2, 1, 2, 2), SETTLED, RED, Kind.STOP, "a sudden pop or snap"),
    ("no sessions", [], {}, [], Kind.KEEP_GOING, "0 of 4"),
    (
        "a too-much session more than two weeks back is old news",
        sessions(6, until=back(14)),
        {},
        [],
        Kind.KEEP_GOING,
        "0 of 4",
    ),
    ("a too-much session 13 days back is the latest recent one", sessions(6, until=back(13)), {}, [], Kind.DOWN, ""),
]


@pytest.mark.parametrize("name, history, morning_history, red_flags, kind, words", CASES, ids=[c[0] for c in CASES])
def test_suggestions(name, history, morning_history, red_flags, kind, words):
    suggestion = rules.suggest(today=TODAY, sessions=history, mornings=morning_history, red_flags=red_flags)
    assert suggestion.kind is kind
    assert words in suggestion.reason


def week_of_pains(this_week: list[int], week_before: list[int]) -> list[Session]:
    return [Session(back(i), p) for i, p in enumerate(this_week)] + [
        Session(back(7 + i), p) for i, p in enumerate(week_before)
    ]


@pytest.mark.parametrize(
    "this_week, week_before, rising",
    [
        ([3, 3, 3], [2, 2, 2], True),  # exactly one point higher: a trend
        ([3, 3, 2], [2, 2, 2], False),  # two thirds of a point: not
        ([3, 3], [1, 1, 1], False),  # too few ratings this week
        ([3, 3, 3], [1, 1], False),  # too few the week before
        ([1, 1, 1], [3, 3, 3], False),  # falling
    ],
)
def test_pain_trending_up_over_a_week(this_week, week_before, rising):
    history = week_of_pains(this_week, week_before)
    assert (rules.pain_trend(history, today=TODAY) is not None) is rising
    suggestion = rules.suggest(today=TODAY, sessions=history, mornings={})
    assert (suggestion.kind is Kind.DOWN) is rising
    if rising:
        assert "this week's average 3.0, the week before 2.0" in suggestion.reason


def test_the_trend_window_ends_today_and_starts_six_days_back():
    history = [Session(back(6), 3), Session(back(3), 3), Session(TODAY, 3)] + [
        Session(back(7), 2),
        Session(back(10), 2),
        Session(back(13), 2),
    ]
    assert rules.pain_trend(history, today=TODAY) == (3.0, 2.0)
    shifted = [Session(s.day - 7 * DAY, s.pain) if s.day == back(13) else s for s in history]  # 20 days back
    assert rules.pain_trend(shifted, today=TODAY) is None


def test_at_the_top_of_the_ladder_a_good_run_holds():
    suggestion = rules.suggest(today=TODAY, sessions=sessions(1, 1, 1, 1), mornings=SETTLED, has_next=False)
    assert suggestion.kind is Kind.HOLD
    assert "top of the ladder" in suggestion.reason


def test_at_the_first_level_too_much_pain_holds_with_advice():
    suggestion = rules.suggest(today=TODAY, sessions=sessions(7), mornings={}, has_previous=False)
    assert suggestion.kind is Kind.HOLD
    assert "first level" in suggestion.reason


def test_future_sessions_are_ignored():
    assert rules.suggest(today=TODAY, sessions=sessions(9, until=TODAY + DAY), mornings={}).kind is Kind.KEEP_GOING


def test_a_suggestion_keeps_the_numbers_it_was_based_on():
    suggestion = rules.suggest(today=TODAY, sessions=sessions(2, 1, 2, 2, 0), mornings=SETTLED)
    assert [s.pain for s in suggestion.sessions] == [1, 2, 2, 0]
    assert suggestion.mornings == (1, 1, 1, 1)
    assert suggestion.counted == 5


@pytest.mark.parametrize("values, expected", [(["swelling", "pop"], ["pop", "swelling"]), ([], [])])
def test_red_flags_are_read_in_order(values, expected):
    assert rules.check_red_flags(values) == expected


def test_an_unknown_red_flag_is_refused():
    with pytest.raises(ProgressError):
        rules.check_red_flags(["pop", "<script>"])
