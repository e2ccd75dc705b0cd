"""{% url %} and {% static %} kept per process (ankleapp.cachedtags) give Django's answers."""

import datetime as dt

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template import engines
from django.urls import NoReverseMatch, reverse

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
    from ankleapp import cachedtags

    day = dt.date(2031, 7, 4)
    render("{{ day|date:'l j F Y' }}", day=day)
    before = cachedtags._date.cache_info().hits
    assert render("{{ day|date:'l j F Y' }}", day=day) == "Friday 4 July 2031"
    assert cachedtags._date.cache_info().hits == before + 1
