"""Staff edit the exercises in the Django admin; runners see the change on Today."""

import pytest

from routines.models import Exercise
from tests.clients import new_client
from tests.pages import find_all, visible_text

CHANGELIST = "/admin/routines/exercise/"


@pytest.fixture
def therapist(make_user):
    return make_user("pt@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(therapist):
    return new_client(therapist)


def change_url(slug: str) -> str:
    return f"{CHANGELIST}{Exercise.objects.get(slug=slug).pk}/change/"


def form_data(exercise: Exercise, **changes) -> dict:
    """The admin change form as a browser would post it, with `changes` applied."""
    data = {}
    for name in [
        "name",
        "slug",
        "position",
        "focus",
        "summary",
        "steps",
        "purpose",
        "cues",
        "equipment",
        "sets",
        "reps",
        "hold_seconds",
        "tempo",
        "up_seconds",
        "up_cue",
        "down_seconds",
        "down_cue",
        "rest_seconds",
        "video_url",
        "video_title",
        "source_url",
        "image_alt",
    ]:
        value = changes.get(name, getattr(exercise, name))
        data[name] = "" if value is None else str(value)
    for name in ["in_plan", "per_side"]:
        if changes.get(name, getattr(exercise, name)):
            data[name] = "on"
    # The ladder's inline forms, left as they are (the management form a browser posts).
    data.update({"levels-TOTAL_FORMS": "0", "levels-INITIAL_FORMS": "0", "levels-MAX_NUM_FORMS": "1000"})
    data["_save"] = "Save"
    return data


def test_a_therapist_opens_the_exercise_list_in_plan_order(admin_client):
    response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    names = [a.text for a in find_all(response, "a") if a.get("href", "").endswith("/change/")]
    assert names == ["Closed-chain dorsiflexion", "Runner's position calf raise", "Eccentric heel raise off a step"]


def test_a_therapist_changes_a_dose(admin_client):
    exercise = Exercise.objects.get(slug="eccentric-heel-raise")
    assert admin_client.get(change_url(exercise.slug)).status_code == 200

    response = admin_client.post(change_url(exercise.slug), form_data(exercise, sets=4, reps=20))

    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == CHANGELIST
    exercise.refresh_from_db()
    assert exercise.dose == "4 × 20 reps, 3 seconds down, each side"


def test_the_changed_dose_shows_on_today_at_once(admin_client, alice_client):
    assert "Dose: 3 × 15 reps, 3 seconds down, each side" in visible_text(alice_client.get("/"))  # plan now cached
    exercise = Exercise.objects.get(slug="eccentric-heel-raise")

    admin_client.post(change_url(exercise.slug), form_data(exercise, sets=4, reps=20, tempo="4 seconds down"))

    text = visible_text(alice_client.get("/"))
    assert "Dose: 4 × 20 reps, 4 seconds down, each side" in text
    assert "3 × 15 reps" not in text


def test_a_therapist_sets_the_rest_between_sets_and_the_estimated_time_follows(admin_client, client):
    exercise = Exercise.objects.get(slug="eccentric-heel-raise")
    assert "about 8 minutes" in visible_text(client.get(exercise.get_absolute_url()))

    response = admin_client.post(change_url(exercise.slug), form_data(exercise, rest_seconds=180))

    assert response.status_code == 302
    exercise.refresh_from_db()
    assert exercise.rest_seconds == 180
    assert "about 12 minutes" in visible_text(client.get(exercise.get_absolute_url()))


def test_taking_an_exercise_out_of_the_plan_shows_on_today_at_once(admin_client, alice_client):
    alice_client.get("/")  # the plan is now cached
    exercise = Exercise.objects.get(slug="runners-position-calf-raise")

    admin_client.post(change_url(exercise.slug), form_data(exercise, in_plan=False))

    response = alice_client.get("/")
    assert "0 of 2 done" in visible_text(response)
    assert find_all(response, "li", id="exercise-runners-position-calf-raise") == []


def test_an_invalid_dose_is_refused_and_changes_nothing(admin_client):
    exercise = Exercise.objects.get(slug="eccentric-heel-raise")
    response = admin_client.post(change_url(exercise.slug), form_data(exercise, sets=0, reps=500))
    assert response.status_code == 200
    exercise.refresh_from_db()
    assert (exercise.sets, exercise.reps) == (3, 15)


def test_a_runner_cannot_reach_the_admin(alice_client):
    for url in ("/admin/", CHANGELIST, change_url("eccentric-heel-raise")):
        response = alice_client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_a_runner_cannot_change_an_exercise_through_the_admin(alice_client):
    exercise = Exercise.objects.get(slug="eccentric-heel-raise")
    alice_client.post(change_url(exercise.slug), form_data(exercise, sets=9))
    exercise.refresh_from_db()
    assert exercise.sets == 3


def test_a_visitor_cannot_reach_the_admin(client, db):
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_without_permission_cannot_open_the_exercises(make_user):
    helper = new_client(make_user("helper@example.com", is_staff=True))
    assert helper.get("/admin/").status_code == 200
    assert helper.get(CHANGELIST).status_code == 403
