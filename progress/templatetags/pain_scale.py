"""`{% pain_scale legend current %}`: the one-tap 0–10 scale, kept per process.

The scale's HTML depends only on its legend (a fixed question, or "Pain during" and an
exercise's name) and the rating already given, never on whose page it is; Today shows up
to four of them (the morning question and one for each exercise done), each of eleven
buttons. Each distinct scale is rendered once from `progress/_scale.html` and kept;
with DEBUG on, nothing is kept, so a template edit shows at once.
"""

from functools import lru_cache

from django import template
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from ankleapp.cachedtags import keeping
from progress import rules

register = template.Library()

SCALE = range(rules.PAIN_MIN, rules.PAIN_MAX + 1)


def _render(legend: str, current: int | None) -> SafeString:
    return mark_safe(
        get_template("progress/_scale.html").render({"legend": legend, "current": current, "scale": SCALE})
    )


_kept = lru_cache(maxsize=512)(_render)  # a few legends × twelve ratings (none, 0–10)


@register.simple_tag
def pain_scale(legend: str, current: int | None = None) -> SafeString:
    return _kept(str(legend), current) if keeping.on else _render(legend, current)
