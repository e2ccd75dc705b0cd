"""Reads of the catalogue. The daily plan is cached: it changes only when staff edit it."""

from django.core.cache import caches

from routines.models import Exercise

PLAN_CACHE_KEY = "routines:plan:v1"
# Each process caches the plan in its "local" cache; an edit clears this process's copy at
# once and the others within this many seconds.
PLAN_CACHE_SECONDS = 60


def plan_exercises() -> list[Exercise]:
    """The exercises of the daily plan, in order."""
    cache = caches["local"]
    plan = cache.get(PLAN_CACHE_KEY)
    if plan is None:
        plan = list(Exercise.objects.filter(in_plan=True).order_by("position", "pk"))
        cache.set(PLAN_CACHE_KEY, plan, PLAN_CACHE_SECONDS)
    return plan


def plan_changed() -> None:
    caches["local"].delete(PLAN_CACHE_KEY)


def library_exercises() -> list[Exercise]:
    return list(Exercise.objects.order_by("position", "pk"))
