"""What the progress app adds to Today and the player, through tracking.hooks: the
runner's level doses, and one section with the morning question (once a day,
skippable), the standing suggestions, a self-test reminder every four weeks
(dismissible) and a one-tap pain rating for each exercise done today."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from accounts.models import User
from progress import rules
from progress.levels import (
    current_levels,
    exercise_levels,
    plan_ladders,
    recent_completions,
    remember_current_levels,
    suggest_all,
)
from progress.selectors import TEST_EVERY_DAYS, today_records
from routines.models import Exercise, Level, with_level
from tracking.hooks import Panel
from tracking.selectors import user_joined_on


def level_doses(user: User, exercises: list[Exercise]) -> list[Exercise]:
    """The exercises with the doses of the runner's chosen levels (one query; the ladders
    come from this process's cache). An exercise with no chosen level keeps its own dose:
    the routine as the article gives it."""
    rows = current_levels(user)
    remember_current_levels(user, rows)  # Today's section reads them again
    _, ladders = plan_ladders()
    by_id = {level.pk: level for ladder in ladders.values() for level in ladder}
    missing = [level_id for _, level_id, _ in rows if level_id not in by_id]
    if missing:  # a level of an exercise outside the plan
        by_id.update(Level.objects.in_bulk(missing))
    chosen = {exercise_id: by_id.get(level_id) for exercise_id, level_id, _ in rows}
    return [with_level(exercise, chosen.get(exercise.pk)) for exercise in exercises]


def test_due(last_test_on: dt.date | None, dismissed_on: dt.date | None, *, today: dt.date, started: dt.date) -> bool:
    """A self-test is suggested every four weeks: when the last one (or, with none, the
    runner's first day) is four weeks back or more, and it was not dismissed in the last
    four weeks."""
    since = last_test_on or started
    if (today - since).days < TEST_EVERY_DAYS:
        return False
    return dismissed_on is None or (today - dismissed_on).days >= TEST_EVERY_DAYS


def today_panel(user: User, today: dt.date, items: Sequence[Any]) -> list[Panel]:
    data = today_records(user, today=today)
    levels = suggest_all(
        # Declined suggestions and completions only matter to sessions with a rating.
        exercise_levels(user, with_history=bool(data.during), declined_only=True),
        data,
        recent_completions(user, today=today, during=data.during),
        today=today,
    )
    profile = data.profile
    started = user_joined_on(user)
    done_today = [item.exercise for item in items if item.done]
    ask_morning = data.morning_today is None and profile.morning_skipped_on != today
    due = test_due(data.last_test_on, profile.test_reminder_dismissed_on, today=today, started=started)
    to_rate = [(exercise, data.pain_on(exercise.pk, today)) for exercise in done_today]
    context = {
        "ask_morning": ask_morning,
        "morning_today": data.morning_today,
        "suggestions": [
            item for item in levels if item.suggestion and item.suggestion.kind is not rules.Kind.KEEP_GOING
        ],
        "test_due": due,
        "to_rate": to_rate,
        "today": today,
        # Everything _today_after.html reads: its HTML is kept per process for each such key
        # ({% keep %}), the same for every runner in the same place.
        "after_key": (ask_morning, tuple((e.slug, e.name, pain) for e, pain in to_rate), today, due),
    }
    after = Panel("after_plan", "progress/_today_after.html", context)
    # The section under the heading shows only standing suggestions: without one, no panel.
    return [Panel("top", "progress/_today_top.html", context), after] if context["suggestions"] else [after]
