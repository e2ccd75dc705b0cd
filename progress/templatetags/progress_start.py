"""The "where do you start" form, for pages outside the progress app (the settings page)."""

from typing import Any

from django import template

from progress.levels import START_CHOICES

register = template.Library()


@register.inclusion_tag("progress/_start.html", takes_context=True)
def progress_start_form(context: template.Context, next: str) -> dict[str, Any]:
    return {"start_choices": START_CHOICES, "next": next, "csrf_token": context.get("csrf_token")}
