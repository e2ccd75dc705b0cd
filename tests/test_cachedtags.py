"""{% url %} and {% static %} kept per process (ankleapp.cachedtags) give Django's answers."""

import datetime as dt
import re

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template import engines
from django.test import Client
from django.urls import NoReverseMatch, reverse

from ankleapp import cachedtags
from ankleapp.cachedtags import CachedStaticNode, CachedURLNode


def render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


def test_the_engine_uses_the_kept_tags():
    template = engines["django"].from_string("{% url 'home' %}{% static 'css/app.css' %}")
    kinds = {type(node) for node in template.template.nodelist}
    assert {CachedURLNode, CachedStaticNode} <= kinds


def test_each_url_is_the_one_reverse_gives_for_its_own_arguments():
    source = "{% url 'tracking:day' day %} {% url 'tracking:calendar_month' year=y month=m %}"
    for day, (y, m) in [(dt.date(2026, 11, 20), (2026, 3)), (dt.date(2026, 11, 21), (2025, 12))]:
        month = reverse("tracking:calendar_month", kwargs={"year": y, "month": m})
        expected = f"{reverse('tracking:day', args=[day])} {month}"
        assert render(source, day=day, y=y, m=m) == expected
        assert render(source, day=day, y=y, m=m) == expected  # kept: the same again


def test_url_as_a_variable_and_a_missing_url():
    assert render("{% url 'home' as home %}[{{ home }}]") == f"[{reverse('home')}]"
    assert render("{% url 'no-such-page' as nothing %}[{{ nothing }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        render("{% url 'no-such-page' %}")


def test_a_views_redirect_url_is_reverses_answer_kept_per_script_prefix():
    from django.urls import set_script_prefix

    day = dt.date(2031, 7, 4)
    plain = reverse("tracking:day", args=[day])
    assert cachedtags.cached_reverse("home") == reverse("home")
    before = cachedtags._reverse.cache_info().hits
    assert cachedtags.cached_reverse("tracking:day", (day,)) == plain
    assert cachedtags.cached_reverse("tracking:day", (day,)) == plain
    assert cachedtags._reverse.cache_info().hits == before + 1
    try:
        set_script_prefix("/ankles/")  # an app mounted under a path: its own answer, not the kept one
        assert cachedtags.cached_reverse("tracking:day", (day,)) == f"/ankles{plain}"
    finally:
        set_script_prefix("/")


def test_static_is_the_hashed_path_from_the_manifest():
    expected = staticfiles_storage.url("css/app.css")
    assert ".css" in expected and expected != "/static/css/app.css"
    assert render("{% static 'css/app.css' %}") == expected
    assert render("{% static 'css/app.css' as css %}{{ css }}") == expected
    assert render("{% load static %}{% static 'css/app.css' %}") == expected  # Django's own, loaded


def test_date_is_djangos_answer_for_dates_and_datetimes():
    from django.template.defaultfilters import date as django_date
    from django.utils import timezone

    source = "{{ day|date:'l j F Y' }}|{{ day|date:'Y-m-d' }}|{{ day|date }}|{{ moment|date:'j M H:i' }}"
    for day in (dt.date(2026, 12, 1), dt.date(2027, 2, 28), dt.date(2026, 12, 1)):
        moment = dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC)
        with timezone.override("America/New_York"):  # a datetime is shown in the current zone
            expected = "|".join(
                [django_date(day, "l j F Y"), django_date(day, "Y-m-d"), django_date(day), "1 Dec 18:30"]
            )
            assert render(source, day=day, moment=moment) == expected
    assert render("{{ nothing|date:'Y' }}", nothing=None) == ""


def test_a_plain_dates_answer_is_kept():
    day = dt.date(2031, 7, 4)
    render("{{ day|date:'l j F Y' }}", day=day)
    before = cachedtags._date.cache_info().hits
    assert render("{{ day|date:'l j F Y' }}", day=day) == "Friday 4 July 2031"
    assert cachedtags._date.cache_info().hits == before + 1


# --- {% keep %} ---------------------------------------------------------------------------------


def test_a_kept_fragment_is_rendered_once_for_each_key_and_reused(settings):
    settings.KEPT_FRAGMENTS_VERIFY = False  # show what is served from the kept copy alone
    template = engines["django"].from_string("{% keep tab %}<p>{{ tab }} {{ other }}</p>{% endkeep %}")
    assert template.render({"tab": "today", "other": "first"}) == "<p>today first</p>"
    # Same key: the kept HTML, even though a value outside the key changed.
    assert template.render({"tab": "today", "other": "second"}) == "<p>today first</p>"
    assert template.render({"tab": "calendar", "other": "second"}) == "<p>calendar second</p>"


def test_with_debug_on_nothing_is_kept_and_the_switch_follows_the_settings(settings):
    # cachedtags.keeping reads DEBUG and KEPT_FRAGMENTS_VERIFY once, and again on every
    # setting change: an override takes effect at once, and ends with the override.
    settings.KEPT_FRAGMENTS_VERIFY = False
    template = engines["django"].from_string("{% keep tab %}<p>{{ tab }} {{ other }}</p>{% endkeep %}")
    settings.DEBUG = True
    assert (cachedtags.keeping.on, cachedtags.keeping.verify) == (False, False)
    assert template.render({"tab": "debug", "other": "first"}) == "<p>debug first</p>"
    assert template.render({"tab": "debug", "other": "second"}) == "<p>debug second</p>"
    settings.DEBUG = False
    assert cachedtags.keeping.on
    assert template.render({"tab": "debug", "other": "third"}) == "<p>debug third</p>"
    assert template.render({"tab": "debug", "other": "fourth"}) == "<p>debug third</p>"


def test_with_verification_on_a_key_that_misses_a_value_fails_loudly():
    from django.core.exceptions import ImproperlyConfigured

    template = engines["django"].from_string("{% keep tab %}<p>{{ tab }} {{ other }}</p>{% endkeep %}")
    assert template.render({"tab": "today", "other": "first"}) == "<p>today first</p>"
    with pytest.raises(ImproperlyConfigured, match="values miss something"):
        template.render({"tab": "today", "other": "second"})


def test_each_request_gets_its_own_csrf_token_in_a_kept_form(rf):
    from django.middleware.csrf import get_token

    template = engines["django"].from_string(
        '{% keep %}<form method="post">{% csrf_token %}<button>Log out</button></form>{% endkeep %}'
    )
    tokens = set()
    for _ in range(3):
        request = rf.get("/")
        html = template.render({}, request)
        token = request.META["CSRF_COOKIE"] and html.split('value="')[1].split('"')[0]
        assert html == (
            f'<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
            "<button>Log out</button></form>"
        )
        assert len(token) == 64
        tokens.add(token)
        assert get_token(request)  # the request's own secret, which the token masks
    assert len(tokens) == 3
    # No request, no token: the form renders as Django renders it, without the hidden input.
    assert template.render({}) == '<form method="post"><button>Log out</button></form>'


def test_the_kept_header_marks_each_pages_own_tab_and_signs_out_with_the_pages_token(alice, client):
    strict = Client(enforce_csrf_checks=True)  # as a browser: the token must match the cookie
    strict.force_login(alice)
    for url, tab in [("/", "Today"), ("/calendar/", "Calendar"), ("/settings/", "Settings"), ("/", "Today")]:
        html = strict.get(url).content.decode()
        assert re.findall(r'<a href="[^"]*" aria-current="page">([^<]*)</a>', html) == [tab], url
        assert "Log out" in html and "Sign up" not in html
    visitor = client.get("/exercises/").content.decode()
    assert "Sign up" in visitor and "Log out" not in visitor

    form = re.search(r'action="/accounts/logout/"[^>]*>(<input[^>]+>)', strict.get("/calendar/").content.decode())
    assert form, "no logout form in the header"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(1))
    assert token
    assert strict.post("/accounts/logout/", {"csrfmiddlewaretoken": token.group(1)}).status_code == 302
    assert "Log out" not in strict.get("/").content.decode()


def test_a_block_cannot_be_kept():
    from django.template import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError, match="cannot hold a"):
        engines["django"].from_string("{% keep %}{% block title %}x{% endblock %}{% endkeep %}")


# --- {% include %} with a name in the tag: the template found once for the tag ---------------------

INCLUDES = (
    '{% include "includes/streaks.html" %}|{% include "includes/streaks.html" with streaks=other only %}|'
    "{% include name %}"
)


def test_an_include_renders_what_djangos_renders(settings):
    context = {
        "streaks": {"current": 3, "longest": 9},
        "other": {"current": 12, "longest": 40},
        "name": "includes/streaks.html",
    }
    ours = engines["django"].from_string(INCLUDES)
    assert sum(type(node) is cachedtags.KeptIncludeNode for node in ours.template.nodelist) == 3
    settings.DEBUG = True  # Django's own way, for comparison
    djangos = engines["django"].from_string(INCLUDES).render(context)
    settings.DEBUG = False
    assert ours.render(context) == ours.render(context) == djangos
    first, second, third = djangos.split("|")
    assert 'data-testid="current-streak">3<' in first and 'data-testid="current-streak">12<' in second
    assert third == first


def test_the_template_of_a_named_include_is_found_once_but_with_debug_on_every_time(settings, monkeypatch):
    engine = engines["django"].engine
    found = []
    get_template = engine.get_template
    monkeypatch.setattr(engine, "get_template", lambda name: found.append(name) or get_template(name))
    page = engines["django"].from_string('{% include "includes/streaks.html" %}')
    context = {"streaks": {"current": 3, "longest": 9}}

    for _ in range(3):
        page.render(context)
    assert found == ["includes/streaks.html"]

    settings.DEBUG = True  # templates may change on disk: looked up on every render, as Django does
    found.clear()
    page.render(context)
    page.render(context)
    assert found == ["includes/streaks.html"] * 2
