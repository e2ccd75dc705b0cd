"""Template helpers for the guided session's estimated times."""

from collections.abc import Iterable
from typing import Any

from django import template

from routines import illustrations, timeline
from routines.models import Exercise

register = template.Library()


@register.filter
def session_minutes(exercises: Iterable[Any]) -> int:
    """About how many minutes the guided session of `exercises` (or of plan items) takes, all together."""
    plan: list[Exercise] = [getattr(item, "exercise", item) for item in exercises]
    return timeline.minutes(sum(exercise.session_seconds for exercise in plan))


@register.inclusion_tag("includes/illustration.html")
def illustration(exercise: Exercise, size: str = "") -> dict:
    """The exercise's uploaded image, or else the drawing made for it, or nothing."""
    return {
        "exercise": exercise,
        "drawing": illustrations.drawn_for(exercise.slug),
        "alt": (exercise.image_alt or exercise.name)
        if exercise.image
        else illustrations.ALT_TEXT.get(exercise.slug, ""),
        "size": size,
    }
