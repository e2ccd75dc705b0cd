import datetime as dt
import re

from routines.models import Exercise
from routines.selectors import plan_changed
from tests.clients import new_client
from tests.dates import NOW


def test_it_requires_login(db):
    response = new_client().get("/plan/print/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_has_the_plan_the_doses_the_safety_note_and_four_weeks_from_the_local_today(make_user):
    # 12:00 UTC on 24 November is already 25 November in Auckland.
    runner = make_user("kiwi@example.com", timezone="Pacific/Auckland")
    html = new_client(runner).get("/plan/print/").content.decode()
    for exercise in Exercise.objects.filter(in_plan=True):
        assert exercise.name.replace("'", "&#x27;") in html
        assert exercise.dose in html
    assert "settles by the next morning" in html and "Stop and see a clinician" in html
    assert html.count("<table>") == 4
    first = NOW.date() + dt.timedelta(days=1)
    assert f"from {first.day} November 2026" in html
    assert "Wed 25 Nov" in html and "Tue 22 Dec" in html and "23 Dec" not in html


def test_it_has_its_own_print_stylesheet_and_no_navigation(alice_client):
    html = alice_client.get("/plan/print/").content.decode()
    assert re.search(r'href="/static/css/print-plan\.[0-9a-f]+\.css"', html)
    assert "<nav" not in html and "app.css" not in html


def test_it_shows_each_exercise_drawing_or_the_image_staff_uploaded_instead(alice_client):
    Exercise.objects.filter(slug="eccentric-heel-raise").update(
        image="exercises/heel-raise.png", image_alt="Lowering slowly on one foot"
    )
    plan_changed()
    html = alice_client.get("/plan/print/").content.decode()
    assert 'src="/media/exercises/heel-raise.png" alt="Lowering slowly on one foot"' in html
    assert html.count("<img") == 1
    assert html.count('<svg class="illustration"') == 2  # the other two keep their drawings
