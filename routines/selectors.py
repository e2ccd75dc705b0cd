"""Reads of the catalogue. The daily plan is cached: it changes only when staff edit it."""

from django.core.cache import caches

from routines.models import Exercise

PLAN_CACHE_KEY = "routines:plan:v2"
# Each process caches the plan; an edit clears this process's copy at once and the others
# within this many seconds.
PLAN_CACHE_SECONDS = 60

# The plan's exercises stay in this process's memory as (generation, exercises); the "local"
# cache holds only the current generation's number, with its expiry. (LocMemCache pickles
# what it keeps: unpickling three exercises on every page cost more than the page's queries.)
_current: tuple[int, list[Exercise]] = (0, [])


def current_plan() -> tuple[int, list[Exercise]]:
    """(generation, exercises of the plan in order). The generation is new after each reload:
    every PLAN_CACHE_SECONDS, and at once after an edit in this process."""
    global _current
    current = _current
    if caches["local"].get(PLAN_CACHE_KEY) != current[0]:
        plan = list(Exercise.objects.filter(in_plan=True).order_by("position", "pk"))
        current = _current = (current[0] + 1, plan)
        caches["local"].set(PLAN_CACHE_KEY, current[0], PLAN_CACHE_SECONDS)
    return current


def plan_exercises() -> list[Exercise]:
    """The exercises of the daily plan, in order (shared by this process's requests: read
    them, never change them)."""
    return current_plan()[1]


def plan_changed() -> None:
    caches["local"].delete(PLAN_CACHE_KEY)


def library_exercises() -> list[Exercise]:
    return list(Exercise.objects.order_by("position", "pk"))
