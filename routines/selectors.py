"""Reads of the catalogue. The daily plan is cached: it changes only when staff edit it."""

import time

from routines.models import Exercise

# Each process keeps the plan; an edit clears this process's copy at once and the others
# reload it within this many seconds.
PLAN_CACHE_SECONDS = 60

# The plan's exercises stay in this process's memory as (generation, exercises, reload at),
# the reload time on the monotonic clock. (Django's local-memory cache pickles what it
# keeps, and even asking it for a number costs about 6 µs: four times on every Today.)
_current: tuple[int, list[Exercise], float] = (0, [], 0.0)


def current_plan() -> tuple[int, list[Exercise]]:
    """(generation, exercises of the plan in order). The generation is new after each reload:
    every PLAN_CACHE_SECONDS, and at once after an edit in this process."""
    global _current
    generation, plan, reload_at = _current
    if time.monotonic() >= reload_at:
        plan = list(Exercise.objects.filter(in_plan=True).order_by("position", "pk"))
        generation += 1
        _current = (generation, plan, time.monotonic() + PLAN_CACHE_SECONDS)
    return generation, plan


def plan_exercises() -> list[Exercise]:
    """The exercises of the daily plan, in order (shared by this process's requests: read
    them, never change them)."""
    return current_plan()[1]


def plan_changed() -> None:
    """Reload the plan on its next read (after a staff edit, in this process; the others
    reload within PLAN_CACHE_SECONDS)."""
    global _current
    generation, plan, _ = _current
    _current = (generation, plan, 0.0)


def library_exercises() -> list[Exercise]:
    return list(Exercise.objects.order_by("position", "pk"))
