"""Template helpers for the guided session's estimated times."""

from collections.abc import Iterable

from django import template

from routines import timeline
from routines.models import Exercise

register = template.Library()


@register.filter
def session_minutes(exercises: Iterable[Exercise]) -> int:
    """About how many minutes the guided session of `exercises` takes, all together."""
    return timeline.minutes(sum(exercise.session_seconds for exercise in exercises))
