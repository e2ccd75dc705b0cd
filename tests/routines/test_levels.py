"""A level's dose has the same fields as an exercise's, so the session's timeline plays either."""

import importlib

import pytest
from django.apps import apps

from routines.models import DOSE_FIELDS, Exercise, Level, with_level


@pytest.fixture(autouse=True)
def ladders(request):
    # A browser test run earlier flushes every table; the plan is re-seeded, the ladders here.
    if "db" in request.fixturenames:
        request.getfixturevalue("db")
        importlib.import_module("routines.migrations.0006_seed_levels").forwards(apps, schema_editor=None)


def field_signature(model, name):
    field = model._meta.get_field(name)
    validators = sorted((type(v).__name__, getattr(v, "limit_value", None)) for v in field.validators)
    return (type(field).__name__, field.null, field.blank, field.default, field.max_length, validators)


@pytest.mark.parametrize("name", DOSE_FIELDS)
def test_a_levels_dose_field_is_the_exercises(name):
    assert field_signature(Level, name) == field_signature(Exercise, name)


def test_with_level_puts_the_levels_dose_on_a_copy(db):
    exercise = Exercise.objects.get(slug="eccentric-heel-raise")
    level = Level.objects.get(exercise=exercise, position=4)
    dosed = with_level(exercise, level)
    assert (dosed.sets, dosed.reps, dosed.per_side, dosed.name) == (6, 15, True, exercise.name)
    assert dosed.dose.startswith("6 × 15 reps")
    assert Exercise.objects.get(pk=exercise.pk).sets == 3  # the exercise itself is unchanged
    assert with_level(exercise, None) is exercise


def test_staff_see_and_edit_the_ladder_under_its_exercise(make_user):
    from tests.clients import new_client

    therapist = make_user("therapist@example.com", is_staff=True, is_superuser=True)
    exercise = Exercise.objects.get(slug="eccentric-heel-raise")
    html = new_client(therapist).get(f"/admin/routines/exercise/{exercise.pk}/change/").content.decode()
    assert 'name="levels-TOTAL_FORMS" value="6"' in html
    assert "Alfredson +5 kg" in html


def test_a_staff_edit_of_a_level_shows_at_once_though_the_ladders_are_cached(db, django_assert_num_queries):
    from progress.levels import plan_ladders

    exercise = Exercise.objects.get(slug="eccentric-heel-raise")
    plan_ladders()  # warm this process's ladders
    with django_assert_num_queries(0):
        _, ladders = plan_ladders()
    assert [level.position for level in ladders[exercise.pk]][:2] == [1, 2]

    level = Level.objects.get(exercise=exercise, position=4)
    level.sets = 7
    level.save()
    _, ladders = plan_ladders()
    assert next(lv for lv in ladders[exercise.pk] if lv.pk == level.pk).sets == 7

    level.delete()
    _, ladders = plan_ladders()
    assert level.pk not in [lv.pk for lv in ladders[exercise.pk]]
