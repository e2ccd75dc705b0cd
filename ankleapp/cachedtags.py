"""Django's `{% url %}`, `{% static %}` and `{% include %}` tags and `|date` filter, with their
answers kept per process.

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

`{% include "a name" %}` finds its template once for the tag, not on every render.

And `{% keep a b %}…{% endkeep %}` keeps a whole fragment per process, keyed by the values
named (and the URLconf, script prefix and language): for the parts of a page that are
the same for every runner who has those values, such as the layout's header for a given
`nav` (see `KeepNode`).

The template engine loads this module as a builtin (settings.TEMPLATES), so every
template has these `{% url %}`, `{% static %}` and `{% include %}` without loading anything; a template
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
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.template import defaultfilters, defaulttags, loader_tags
from django.template.defaulttags import URLNode
from django.template.loader_tags import BlockNode, IncludeNode
from django.templatetags.static import StaticNode
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()


class Keeping:
    """Whether answers are kept (DEBUG off) and every kept fragment is checked against a
    fresh render (KEPT_FRAGMENTS_VERIFY, the test settings).

    Read from the settings once, and again whenever a setting changes (a test's
    `override_settings`): each read through `django.conf.settings` is a `LazyObject`
    lookup, and a page asks a score of times; a setting that is not defined at all, as
    KEPT_FRAGMENTS_VERIFY in production, raised and caught an AttributeError each time.
    The other modules that keep fragments per process ask here too.
    """

    on = False
    verify = False

    def read(self, **kwargs: Any) -> None:
        self.on = not settings.DEBUG
        self.verify = bool(getattr(settings, "KEPT_FRAGMENTS_VERIFY", False))


keeping = Keeping()
keeping.read()
setting_changed.connect(keeping.read, dispatch_uid="ankleapp.cachedtags.keeping")


@lru_cache(maxsize=4096)
def _reverse(view_name: str, args: tuple, kwargs: tuple, current_app: str | None, urlconf: Any, prefix: str) -> str:
    return reverse(view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app)


def cached_reverse(view_name: str, args: tuple = ()) -> str:
    """`reverse(view_name, args=args)` from the same per-process table as `{% url %}`, for
    the redirects views build (nothing kept with DEBUG on)."""
    if not keeping.on:
        return reverse(view_name, args=args)
    return _reverse(view_name, tuple(args), (), None, get_urlconf(), get_script_prefix())


@lru_cache(maxsize=1024)
def _static(path: str) -> str:
    return staticfiles_storage.url(path)


class CachedURLNode(URLNode):
    def render(self, context: template.Context) -> str:
        if not keeping.on:
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
        if not keeping.on:
            return super().handle_simple(path)
        return _static(path)


class _KeptTemplateName:
    """The template name written in an `{% include %}`: resolves to the template itself,
    found once, while answers are kept; to the name otherwise (Django then looks it up)."""

    def __init__(self, name: template.base.FilterExpression) -> None:
        self.name = name
        self.found: template.base.Template | None = None

    def resolve(self, context: template.Context) -> Any:
        if not keeping.on or context.template is None:
            return self.name.resolve(context)
        if self.found is None:
            self.found = context.template.engine.get_template(self.name.var)
        return self.found

    def __repr__(self) -> str:
        return repr(self.name)


class KeptIncludeNode(IncludeNode):
    """Django's `{% include %}`; with the template's name written in the tag, the template
    found once for the node, not on every render.

    Django looks a constant name up again on every render (the engine, then the cached
    loader's key), about 5 µs an include; Today has five. The cached loader holds the same
    template for the life of the process anyway, so the page is the same. The name (made
    absolute when the tag was parsed) resolves to the template itself, which Django's own
    render then uses as it uses a Template passed in a variable. A name that is a
    variable, and every include with DEBUG on (templates reload), go Django's way.
    """

    def __init__(self, template: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(template.var, str) and not template.filters:
            template = _KeptTemplateName(template)
        super().__init__(template, *args, **kwargs)


@register.tag("include")
def do_include(parser: template.base.Parser, token: template.base.Token) -> KeptIncludeNode:
    node = loader_tags.do_include(parser, token)
    return KeptIncludeNode(node.template, extra_context=node.extra_context, isolated_context=node.isolated_context)


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
    if not keeping.on or type(value) is not dt.date or not isinstance(arg, (str, type(None))):
        return defaultfilters.date(value, arg)
    return _date(value, arg, get_language())


# Stands for the request's CSRF token in a kept fragment (no token or HTML can contain it).
CSRF_PLACEHOLDER = "\x00csrf-token\x00"
KEPT_FRAGMENTS_MAX = 4096

_kept: dict[tuple, tuple[str, ...]] = {}


class KeepNode(template.Node):
    """`{% keep value… %}…{% endkeep %}`: the fragment rendered once per process for each
    distinct set of values, then reused.

    The values must name everything the fragment reads besides URLs, static paths and the
    CSRF token: the fragment is the same for everyone with those values, so nothing about a
    runner is kept but what the key already says (a streak of 12 days, the "today" tab).
    `{% csrf_token %}` inside it is rendered with a placeholder and the request's token is
    joined in on every use, so forms in a kept fragment carry the request's own token.

    With DEBUG on, nothing is kept. With KEPT_FRAGMENTS_VERIFY on (the test settings), every
    use renders afresh too and must equal what was kept: a key that misses something the
    fragment reads fails the test that shows it, instead of serving a stale fragment.
    """

    # Not searched for nodes (no {% block %} inside a kept fragment): `{% extends %}` looks
    # for the parent's blocks on every render, and the layout's kept header is most of it.
    child_nodelists = ()

    def __init__(self, nodelist: template.NodeList, values: list[template.base.FilterExpression]) -> None:
        self.nodelist = nodelist
        self.values = values

    def _render_fresh(self, context: template.Context, csrf_token: Any) -> str:
        with context.push(csrf_token=csrf_token):
            return self.nodelist.render(context)

    def render(self, context: template.Context) -> SafeString | str:
        if not keeping.on:
            return self.nodelist.render(context)
        try:
            key = (
                self,
                tuple(value.resolve(context) for value in self.values),
                get_urlconf(),
                get_script_prefix(),
                get_language(),
                context.autoescape,
            )
            pieces = _kept.get(key)
        except TypeError:  # a value that cannot be a key: not kept
            return self.nodelist.render(context)
        if pieces is None:
            pieces = tuple(self._render_fresh(context, CSRF_PLACEHOLDER).split(CSRF_PLACEHOLDER))
            if len(_kept) >= KEPT_FRAGMENTS_MAX:
                _kept.clear()
            _kept[key] = pieces
        if len(pieces) == 1:
            html = pieces[0]
        else:
            token = context.get("csrf_token")
            if not token or token == "NOTPROVIDED":  # no request token to put in: as Django does it
                return self.nodelist.render(context)
            html = str(token).join(pieces)
        if keeping.verify:
            fresh = self.nodelist.render(context)
            if fresh != html:
                where = f"{getattr(self.origin, 'name', '?')}, line {getattr(self.token, 'lineno', '?')}"
                raise ImproperlyConfigured(
                    f"A kept fragment ({where}) differs from a fresh render: "
                    "its {% keep %} values miss something it reads."
                )
        return mark_safe(html)


@register.tag
def keep(parser: template.base.Parser, token: template.base.Token) -> KeepNode:
    """`{% keep value… %}…{% endkeep %}` (see KeepNode)."""
    values = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endkeep",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError("{% keep %} cannot hold a {% block %}: it would be kept for every child.")
    return KeepNode(nodelist, values)
