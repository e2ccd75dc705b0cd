"""Self-test results: recorded per runner and day, validated, and judged against their
measurement error on the progress page."""

import pytest

from progress.models import ProgressProfile, SelfTest
from tests.dates import ONE_DAY, TODAY
from tests.pages import by_testid, error_message, visible_text


def results_of(user):
    return sorted(SelfTest.objects.filter(user=user).values_list("tested_on", "test", "left", "right"))


def record(client, test, left, right, on=TODAY):
    return client.post("/progress/tests/record/", {"test": test, "left": left, "right": right, "on": on.isoformat()})


def test_the_self_test_page_shows_the_set_up_the_stop_rules_and_a_picture(alice_client):
    response = alice_client.get("/progress/tests/")
    text = visible_text(response)
    assert "Measure from the tip of the big toe to the wall" in text
    assert "Stop when the heel can no longer lift" in text
    assert "60 beats a minute" in text
    assert response.content.decode().count('<svg class="test-picture"') == 2


def test_a_result_is_stored_and_shown_with_degrees(alice_client, alice):
    response = record(alice_client, "knee-to-wall", "9.5", "10")
    assert response.status_code == 302 and response["Location"] == "/progress/#knee-to-wall"
    assert [(r[0], r[1], str(r[2]), str(r[3])) for r in results_of(alice)] == [(TODAY, "knee-to-wall", "9.5", "10.0")]
    rows = by_testid(alice_client.get("/progress/"), "knee-to-wall-results")
    assert "9.5 cm (≈ 34°)" in rows and "10 cm (≈ 36°)" in rows


def test_the_same_test_twice_on_a_day_keeps_the_later_result(alice_client, alice):
    record(alice_client, "heel-rise", "20", "22")
    record(alice_client, "heel-rise", "21", "23")
    assert [(int(r[2]), int(r[3])) for r in results_of(alice)] == [(21, 23)]


@pytest.mark.parametrize(
    "before, after, left_words, right_words",
    [
        (("8.0", "8.0"), ("9.9", "10.0"), "within measurement error", "real improvement"),
        (("10.0", "10.0"), ("8.1", "8.0"), "within measurement error", "real decline"),
    ],
)
def test_a_second_knee_to_wall_reads_as_real_change_only_beyond_1_9_cm(
    alice_client, before, after, left_words, right_words
):
    record(alice_client, "knee-to-wall", *before, on=TODAY - 7 * ONE_DAY)
    record(alice_client, "knee-to-wall", *after)
    rows = by_testid(alice_client.get("/progress/"), "knee-to-wall-results")
    newest = rows.split("Nov 2026")[1]  # the newest row comes first
    assert newest.index(left_words) < newest.index(right_words)


def test_a_heel_rise_difference_of_6_is_within_error_and_7_is_real(alice_client):
    record(alice_client, "heel-rise", "20", "20", on=TODAY - 7 * ONE_DAY)
    record(alice_client, "heel-rise", "26", "27")
    rows = by_testid(alice_client.get("/progress/"), "heel-rise-results")
    assert "within measurement error" in rows and "real improvement" in rows


def test_a_left_right_difference_is_flagged_only_beyond_the_error(alice_client):
    record(alice_client, "knee-to-wall", "10.0", "8.1")
    assert "the right side is behind" not in visible_text(alice_client.get("/progress/"))
    record(alice_client, "knee-to-wall", "10.0", "8.0")
    assert "the right side is behind" in visible_text(alice_client.get("/progress/"))


@pytest.mark.parametrize(
    "test, left, right, on, message",
    [
        ("knee-to-wall", "-1", "9", TODAY, "from 0 to 30 cm"),
        ("knee-to-wall", "31", "9", TODAY, "from 0 to 30 cm"),
        ("knee-to-wall", "9.25", "9", TODAY, "nearest millimetre"),
        ("heel-rise", "20.5", "20", TODAY, "whole repetitions"),
        ("heel-rise", "", "20", TODAY, "from 0 to 150 reps"),
        ("heel-rise", "20", "20", TODAY + ONE_DAY, "hasn't happened yet"),
        ("heel-rise", "20", "20", TODAY - 8 * ONE_DAY, "up to 7 days back"),
        ("hop-test", "20", "20", TODAY, "knee-to-wall or the heel-rise"),
    ],
)
def test_bad_results_are_refused_and_nothing_is_stored(alice_client, alice, test, left, right, on, message):
    response = record(alice_client, test, left, right, on=on)
    assert response.status_code == 400
    assert message in error_message(response)
    assert results_of(alice) == []


def test_another_runners_results_are_never_shown(alice_client, bob_client, bob):
    record(alice_client, "knee-to-wall", "12.5", "12.5")
    text = visible_text(bob_client.get("/progress/"))
    assert "12.5" not in text and "No results yet" in text
    assert results_of(bob) == []


def test_the_heel_rise_reference_appears_once_sex_is_given(alice_client, alice):
    assert "Add your sex" in visible_text(alice_client.get("/progress/"))
    response = alice_client.post("/progress/about-you/", {"sex": "female", "birth_year": "1985"})
    assert response.status_code == 302
    assert by_testid(alice_client.get("/progress/"), "reference").startswith("Median 21 reps for women")
    profile = ProgressProfile.objects.get(user=alice)
    assert (profile.sex, profile.birth_year) == ("female", 1985)


@pytest.mark.parametrize("fields", [{"sex": "other-value"}, {"sex": "", "birth_year": "1800"}, {"birth_year": "19x5"}])
def test_a_bad_profile_is_refused(alice_client, alice, fields):
    assert alice_client.post("/progress/about-you/", fields).status_code == 400
    assert not ProgressProfile.objects.filter(user=alice).exists()


def test_both_profile_fields_may_be_left_empty(alice_client, alice):
    assert alice_client.post("/progress/about-you/", {"sex": "", "birth_year": ""}).status_code == 302
    profile = ProgressProfile.objects.get(user=alice)
    assert (profile.sex, profile.birth_year) == ("", None)
