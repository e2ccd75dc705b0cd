"""Django's `{% url %}` and `{% static %}` tags and `|date` filter, with their answers kept per process.

A URL or a static file's hashed path is the same for every runner: `reverse()` and the
static manifest cost 15–30 µs a tag, and a page uses a score of them. These tags are
Django's own (same syntax, same output, `{% url ... as var %}` included); they look the
answer up in a bounded per-process table first, keyed by everything the answer depends
on (the view name and arguments, the request's URLconf, script prefix and current app;
the static path). Arguments that cannot be a key (a list, say) are not kept. With DEBUG
on, nothing is kept, so a changed static file shows at once.

The same goes for `|date` on a plain date (not a datetime, which depends on the time
zone): "Tuesday 1 December 2026" is the same for every runner, and Django's filter costs
about as much as a small template to format it (translations, the format's parser).

The template engine loads this module as a builtin (settings.TEMPLATES), so every
template has these `{% url %}` and `{% static %}` without loading anything; a template
that says `{% load static %}` gets Django's own `{% static %}` back (correct, not kept):
the hot pages' layout, base.html, does not.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from django import template
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template import defaultfilters, defaulttags
from django.template.defaulttags import URLNode
from django.templatetags.static import StaticNode
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()


@lru_cache(maxsize=4096)
def _reverse(view_name: str, args: tuple, kwargs: tuple, current_app: str | None, urlconf: Any, prefix: str) -> str:
    return reverse(view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app)


@lru_cache(maxsize=1024)
def _static(path: str) -> str:
    return staticfiles_storage.url(path)


class CachedURLNode(URLNode):
    def render(self, context: template.Context) -> str:
        if settings.DEBUG:
            return super().render(context)
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = tuple(sorted((key, value.resolve(context)) for key, value in self.kwargs.items()))
        view_name = self.view_name.resolve(context)
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", None)
        if current_app is None:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        url = ""
        try:
            url = _reverse(view_name, args, kwargs, current_app, get_urlconf(), get_script_prefix())
        except TypeError:  # an argument that cannot be a key: as Django does it
            return super().render(context)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


class CachedStaticNode(StaticNode):
    @classmethod
    def handle_simple(cls, path: str) -> str:
        if settings.DEBUG:
            return super().handle_simple(path)
        return _static(path)


@register.tag
def url(parser: template.base.Parser, token: template.base.Token) -> CachedURLNode:
    node = defaulttags.url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)


@register.tag("static")
def do_static(parser: template.base.Parser, token: template.base.Token) -> CachedStaticNode:
    return CachedStaticNode.handle_token(parser, token)  # type: ignore[return-value]


@lru_cache(maxsize=4096)
def _date(value: dt.date, arg: str | None, language: str | None) -> str:
    return defaultfilters.date(value, arg)


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    """Django's `|date`; for a plain date, the answer kept per (date, format, language)."""
    if settings.DEBUG or type(value) is not dt.date or not isinstance(arg, (str, type(None))):
        return defaultfilters.date(value, arg)
    return _date(value, arg, get_language())
