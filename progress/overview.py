"""What the progress page shows, prepared from the runner's records: pain over the last
weeks, self-test results judged against their measurement error, and their charts."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from accounts.models import User
from progress import charts, rules, selftests
from progress.levels import START_CHOICES, exercise_levels, recent_completions, suggest_all
from progress.models import SelfTest
from progress.selectors import Records, first_shown, records
from routines.selectors import plan_exercises


@dataclass(frozen=True)
class TestRow:
    """One self-test result, with how it compares with the previous one of its kind."""

    result: SelfTest
    left_change: selftests.Change | None
    right_change: selftests.Change | None
    weaker: str | None
    left_degrees: Decimal | None
    right_degrees: Decimal | None


def test_rows(tests: list[SelfTest]) -> list[TestRow]:
    rows = []
    previous: SelfTest | None = None
    for result in tests:
        kind = result.test
        knee = kind == selftests.KNEE_TO_WALL
        rows.append(
            TestRow(
                result,
                selftests.change(kind, previous.left, result.left) if previous else None,
                selftests.change(kind, previous.right, result.right) if previous else None,
                selftests.side_difference(kind, result.left, result.right),
                selftests.degrees(result.left) if knee else None,
                selftests.degrees(result.right) if knee else None,
            )
        )
        previous = result
    return rows


def _test_chart(tests: list[SelfTest], kind: str, today: dt.date) -> charts.Chart:
    first = min((t.tested_on for t in tests), default=today - dt.timedelta(days=28))
    first = min(first, today - dt.timedelta(days=28))
    mdc = float(selftests.MDC[kind])
    bands = []
    if tests:
        start = tests[0]
        for side in ("left", "right"):
            value = float(getattr(start, side))
            bands.append((value - mdc, value + mdc, f"{side} first result ± {mdc:g}"))
    high = 15.0 if kind == selftests.KNEE_TO_WALL else 30.0
    return charts.time_chart(
        [
            ("Left", "series-left", [(t.tested_on, t.left) for t in tests]),
            ("Right", "series-right", [(t.tested_on, t.right) for t in tests]),
        ],
        first=first,
        last=today,
        low=0,
        high=high,
        y_step=5 if kind == selftests.KNEE_TO_WALL else 10,
        bands=bands,
        band_css="chart-band chart-band-error",
    )


def pain_weeks(data: Records, today: dt.date) -> dict[str, Any]:
    """Pain during (the highest of the day's exercises) and mornings over the weeks shown."""
    first = first_shown(today)
    days = [first + dt.timedelta(days=n) for n in range((today - first).days + 1)]
    names = {exercise.pk: exercise.name for exercise in plan_exercises()}
    daily_max: dict[dt.date, int] = {}
    for by_day in data.during.values():
        for day, pain in by_day.items():
            if day >= first:
                daily_max[day] = max(pain, daily_max.get(day, 0))
    mornings = {day: pain for day, pain in data.mornings.items() if day >= first}
    chart = charts.time_chart(
        [
            ("Pain during (highest of the day)", "series-during", sorted(daily_max.items())),
            ("Morning pain and stiffness", "series-morning", sorted(mornings.items())),
        ],
        first=first,
        last=today,
        low=0,
        high=10,
        y_step=5,
        bands=[(rules.ACCEPTABLE_MAX, 10, "too much (above 5)")],
        band_css="chart-band chart-band-too-much",
    )
    table = [
        {
            "day": day,
            "during": [(names.get(eid, "?"), by_day[day]) for eid, by_day in data.during.items() if day in by_day],
            "morning": mornings.get(day),
        }
        for day in reversed(days)
        if day in daily_max or day in mornings
    ]
    return {"pain_chart": chart, "pain_table": table, "first_shown": first}


def overview(user: User, *, today: dt.date) -> dict[str, Any]:
    data = records(user, today=today)
    tests = {}
    for kind, label in SelfTest.Test.choices:
        of_kind = data.tests_of(kind)
        tests[kind] = {
            "label": label,
            "rows": list(reversed(test_rows(of_kind))),
            "chart": _test_chart(of_kind, kind, today),
            "mdc": selftests.MDC[kind],
            "unit": selftests.UNITS[kind],
        }
    levels = suggest_all(exercise_levels(user), data, recent_completions(user, today=today), today=today)
    reference = selftests.heel_rise_reference(data.profile.sex, data.profile.birth_year, year=today.year)
    return {
        **pain_weeks(data, today),
        "tests": tests,
        "reference": reference,
        "records": data,
        "levels": levels,
        "any_chosen": any(item.chosen for item in levels),
        "start_choices": START_CHOICES,
        "suggestions": [
            item for item in levels if item.suggestion and item.suggestion.kind is not rules.Kind.KEEP_GOING
        ],
        "red_flag_signs": data.red_flag_signs,
    }
