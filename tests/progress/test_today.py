"""Today and the player with the progress app: the runner's level doses, the morning
question once a day, the suggestion banner, a pain rating for each exercise done, and the
self-test reminder every four weeks."""

import json

from progress.models import CurrentLevel, MorningPain, PainDuring, SelfTest
from routines import timeline
from routines.models import Exercise, Level, with_level
from tests.dates import ONE_DAY, TODAY
from tests.factories import add_history, days_back, joined_on
from tests.pages import by_testid, find_all, visible_text
from tests.progress.helpers import HEEL, sessions


def put_on_level(user, slug: str, position: int) -> Level:
    level = Level.objects.get(exercise__slug=slug, position=position)
    CurrentLevel.objects.create(user=user, exercise=level.exercise, level=level, since=TODAY - 10 * ONE_DAY)
    return level


def test_today_shows_the_runners_level_dose(alice_client, alice):
    put_on_level(alice, HEEL, 4)  # Alfredson: 6 × 15 each side
    text = visible_text(alice_client.get("/"))
    assert "6 × 15 each side, 3 s down" in text
    assert "Your level: Alfredson: knee straight, then bent." in text


def test_a_recent_days_page_shows_the_runners_level_dose_too(alice_client, alice):
    put_on_level(alice, HEEL, 4)
    yesterday = TODAY - ONE_DAY
    text = visible_text(alice_client.get(f"/calendar/day/{yesterday:%Y-%m-%d}/"))
    assert "6 × 15 each side, 3 s down" in text and "3 × 15 each side" not in text


def test_runners_on_different_levels_each_see_their_own_dose(alice_client, alice, bob_client, bob):
    # Today's cards are kept per process (tracking/fragments.py): the dose must be in the key.
    put_on_level(alice, HEEL, 4)  # Alfredson: 6 × 15 each side
    for _ in range(2):  # rendered, then kept
        bob_text = visible_text(bob_client.get("/"))
        alice_text = visible_text(alice_client.get("/"))
        assert "6 × 15 each side, 3 s down" in alice_text and "Your level: Alfredson" in alice_text
        assert "6 × 15" not in bob_text and "Your level" not in bob_text
        assert "3 × 15 each side, 3 s down" in bob_text


def test_without_a_chosen_level_today_shows_the_plans_dose(alice_client):
    text = visible_text(alice_client.get("/"))
    assert "3 × 15 each side, 3 s down" in text and "The app's starting suggestion." in text


def test_the_player_plays_the_levels_dose(alice_client, alice):
    level = put_on_level(alice, HEEL, 5)
    response = alice_client.get(f"/session/{HEEL}/")
    data = json.loads(
        response.content.decode().split('id="player-data" type="application/json">')[1].split("</script>")[0]
    )
    dosed = with_level(Exercise.objects.get(slug=HEEL), level)
    assert data[0]["seconds"] == timeline.total_seconds(dosed)
    assert data[0]["seconds"] > timeline.total_seconds(Exercise.objects.get(slug=HEEL))
    sets = {step["set"] for step in data[0]["steps"]}
    assert sets == set(range(1, 7))  # six sets, as the level says


def test_the_morning_question_is_asked_once_a_day(alice_client, alice):
    assert by_testid(alice_client.get("/"), "morning-question")
    alice_client.post("/progress/rate/morning/", {"pain": "2", "next": "/"})
    assert not find_all(alice_client.get("/"), data_testid="morning-question")
    assert list(MorningPain.objects.filter(user=alice).values_list("rated_on", "pain")) == [(TODAY, 2)]


def test_the_morning_question_can_be_skipped(alice_client):
    alice_client.post("/progress/rate/morning/skip/", {"next": "/"})
    assert not find_all(alice_client.get("/"), data_testid="morning-question")


def test_after_marking_an_exercise_done_today_offers_a_one_tap_rating(alice_client, alice):
    assert not find_all(alice_client.get("/"), data_testid=f"rate-{HEEL}")
    alice_client.post("/track/mark/", {"exercise": HEEL})
    card = by_testid(alice_client.get("/"), f"rate-{HEEL}")
    assert "Pain during Eccentric heel raise off a step (optional)" in card
    response = alice_client.post("/progress/rate/during/", {"exercise": HEEL, "pain": "3", "next": "/"})
    assert response["Location"] == "/"
    assert list(PainDuring.objects.filter(user=alice).values_list("pain", flat=True)) == [3]


def test_each_runner_sees_their_own_rating_pressed(alice_client, alice, bob_client, bob):
    # The scales are kept per process (progress/templatetags/pain_scale.py): the rating is in the key.
    for client, pain in ((alice_client, "3"), (bob_client, "7")):
        client.post("/track/mark/", {"exercise": HEEL})
        client.post("/progress/rate/during/", {"exercise": HEEL, "pain": pain, "next": "/"})
    for _ in range(2):  # rendered, then kept
        for client, pain in ((alice_client, "3"), (bob_client, "7")):
            response = client.get("/")
            assert "Pain during Eccentric heel raise" in by_testid(response, f"rate-{HEEL}")
            pressed = [button.text for button in find_all(response, "button", aria_pressed="true")]
            assert pressed == [pain]  # the only rating on the page


def four_easy_sessions_on_the_first_level(runner) -> tuple[Level, Level]:
    """Four sessions done with pain 1 and quiet mornings: a step up stands. (Its from, to.)"""
    level = put_on_level(runner, HEEL, 1)
    sessions(runner, [1, 1, 1, 1], [0, 0, 0, 0, 0, 0])
    return level, Level.objects.get(exercise=level.exercise, position=2)


def test_today_shows_a_standing_suggestion(alice_client, alice):
    four_easy_sessions_on_the_first_level(alice)
    text = by_testid(alice_client.get("/"), f"suggestion-{HEEL}")
    assert "ready for the next level, “Both feet, off a step”?" in text
    assert "pain 1, 1, 1, 1; mornings 0, 0, 0, 0" in text


def test_a_declined_suggestion_is_not_offered_again_on_today(alice_client, alice):
    current, target = four_easy_sessions_on_the_first_level(alice)
    assert by_testid(alice_client.get("/"), f"suggestion-{HEEL}")
    response = alice_client.post(
        f"/progress/levels/{HEEL}/decline/", {"from": current.pk, "to": target.pk, "next": "/"}
    )
    assert response.status_code == 302
    assert not find_all(alice_client.get("/"), data_testid=f"suggestion-{HEEL}")


def test_a_self_test_is_suggested_four_weeks_in_and_can_be_dismissed(alice_client, alice):
    assert not find_all(alice_client.get("/"), data_testid="test-reminder")
    joined_on(alice, TODAY - 28 * ONE_DAY)
    assert "Time for a self-test?" in by_testid(alice_client.get("/"), "test-reminder")
    alice_client.post("/progress/tests/remind-later/", {"next": "/"})
    assert not find_all(alice_client.get("/"), data_testid="test-reminder")


def test_a_recent_self_test_means_no_reminder(alice_client, alice):
    joined_on(alice, TODAY - 100 * ONE_DAY)
    SelfTest.objects.create(user=alice, test="heel-rise", tested_on=TODAY - 27 * ONE_DAY, left=20, right=20)
    assert not find_all(alice_client.get("/"), data_testid="test-reminder")


def test_bob_sees_none_of_alices_progress_on_today(alice_client, bob_client, alice):
    put_on_level(alice, HEEL, 4)
    alice_client.post("/track/mark/", {"exercise": HEEL})
    alice_client.post("/progress/rate/during/", {"exercise": HEEL, "pain": "9"})
    text = visible_text(bob_client.get("/"))
    assert "6 × 15" not in text and "Your level" not in text
    assert not find_all(bob_client.get("/"), data_testid=f"rate-{HEEL}")


def test_no_template_comment_leaks_into_the_pages(alice_client, alice):
    put_on_level(alice, HEEL, 1)
    alice_client.post("/track/mark/", {"exercise": HEEL})
    for url in ("/", "/progress/", "/progress/rate/", "/progress/tests/", "/progress/red-flags/", "/settings/"):
        html = alice_client.get(url).content.decode()
        assert "{#" not in html and "#}" not in html, url


def test_the_printable_plan_has_the_runners_level_dose(alice_client, alice):
    put_on_level(alice, HEEL, 4)
    text = visible_text(alice_client.get("/plan/print/"))
    assert "6 × 15 reps" in text


def test_todays_lean_reads_give_the_progress_pages_suggestions_and_dates(alice):
    # Today reads only the weeks the rules look at, the last self-test's date and the
    # declined suggestions; the progress page reads everything: the same answers, over a
    # long history with bad mornings, painful sessions and a declined step up.
    from progress.levels import exercise_levels, recent_completions, suggest_all
    from progress.models import LevelChange
    from progress.selectors import records, today_records

    joined_on(alice, TODAY - 200 * ONE_DAY)
    level = put_on_level(alice, HEEL, 2)
    heel = level.exercise
    add_history(alice, days_back(120))
    for back in range(120):
        day = TODAY - back * ONE_DAY
        PainDuring.objects.create(user=alice, exercise=heel, rated_on=day, pain=back % 3)
        MorningPain.objects.create(user=alice, rated_on=day, pain=1 if back < 30 else 2)
    for back in (100, 60, 35):
        SelfTest.objects.create(user=alice, test="heel-rise", tested_on=TODAY - back * ONE_DAY, left=10, right=11)
    LevelChange.objects.create(
        user=alice,
        exercise=heel,
        from_level=level,
        to_level=Level.objects.get(exercise=heel, position=3),
        decision=LevelChange.Decision.DECLINED,
        decided_on=TODAY - 5 * ONE_DAY,
    )
    done = recent_completions(alice, today=TODAY)

    full = records(alice, today=TODAY)
    lean = today_records(alice, today=TODAY)
    by_full = suggest_all(exercise_levels(alice), full, done, today=TODAY)
    lean_done = recent_completions(alice, today=TODAY, during=lean.during)
    by_lean = suggest_all(exercise_levels(alice, declined_only=True), lean, lean_done, today=TODAY)

    assert [item.suggestion for item in by_lean] == [item.suggestion for item in by_full]
    assert "up" in [item.suggestion.kind for item in by_full if item.suggestion]  # the rules had work to do
    assert (lean.last_test_on, lean.morning_today) == (full.last_test_on, full.morning_today)
    assert lean.last_test_on == TODAY - 35 * ONE_DAY
    assert lean.pain_on(heel.pk, TODAY) == full.pain_on(heel.pk, TODAY)
