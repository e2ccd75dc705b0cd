"""Fragments kept per process (tracking/fragments.py) are what the templates render, are
the same for every runner only where they should be, and follow a staff edit at once."""

import re

import pytest
from django.template import engines

from routines.models import Exercise
from routines.selectors import plan_exercises
from tests.clients import new_client
from tests.dates import TODAY
from tracking.month import month_cells, month_summary
from tracking.selectors import PlanItem
from tracking.streaks import Facts

pytestmark = pytest.mark.django_db

CARDS = '{% for item in items %}{% include "includes/exercise_card.html" with player=True %}{% endfor %}'


def token_of(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_todays_cards_are_byte_for_byte_what_the_include_renders(alice, clock):
    client = new_client(alice)
    client.post("/track/mark/", {"exercise": plan_exercises()[1].slug})
    for _ in range(2):  # rendered, then kept
        html = client.get("/").content.decode()
        items = [PlanItem(exercise, index == 1) for index, exercise in enumerate(plan_exercises())]
        context = {"items": items, "day": TODAY, "day_url": "", "csrf_token": token_of(html)}
        assert engines["django"].from_string(CARDS).render(context) in html
    # One token for the page, in every form.
    assert len(set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))) == 1


def test_each_runner_sees_their_own_marks(alice, bob, clock):
    alice_client, bob_client = new_client(alice), new_client(bob)
    alice_client.post("/track/mark/", {"exercise": plan_exercises()[0].slug})
    assert alice_client.get("/").content.decode().count("is-done") == 1
    assert bob_client.get("/").content.decode().count("is-done") == 0


def test_a_staff_edit_of_an_exercise_shows_on_today_at_once(alice_client):
    assert "Renamed by staff" not in alice_client.get("/").content.decode()
    exercise = Exercise.objects.get(pk=plan_exercises()[0].pk)
    exercise.name = "Renamed by staff"
    exercise.save()
    assert "Renamed by staff" in alice_client.get("/").content.decode()


def test_calendar_cells_are_what_the_cell_template_renders():
    from tracking.fragments import calendar_rows

    summary = month_summary(
        TODAY.year,
        TODAY.month,
        Facts(planned=3, done={TODAY.replace(day=2): 3}),
        today=TODAY,
        started=TODAY.replace(day=1),
    )
    weeks = month_cells(summary.weeks, today=TODAY, rest_enabled=True)
    cell_template = engines["django"].get_template("tracking/calendar_cell.html")
    for _ in range(2):  # rendered, then kept
        rows = calendar_rows(weeks)
        for week, row in zip(weeks, rows, strict=True):
            expected = "".join(
                cell_template.render({"cell": cell}).strip() if cell else '<td class="day day-outside"></td>'
                for cell in week
            )
            assert row == expected


def test_the_week_strip_days_are_what_the_day_template_renders(alice, alice_client):
    from tests.dates import NOW
    from tracking.selectors import snapshot
    from tracking.week import week_strip

    alice_client.post("/track/mark/", {"exercise": plan_exercises()[0].slug, "on": "2026-11-20"})
    html = alice_client.get("/").content.decode()
    template = engines["django"].get_template("tracking/week_day.html")
    strip = week_strip(snapshot(user=alice, today=TODAY, now=NOW), today=TODAY)
    assert len(strip) == 8
    for day in strip:
        assert template.render({"cell": day}).strip() in html
