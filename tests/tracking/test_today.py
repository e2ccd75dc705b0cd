"""The Today page (`/` for a signed-in runner): the plan, progress and streaks."""

from routines.models import Exercise
from tests.dates import ONE_DAY, TODAY
from tests.factories import PLAN_SLUGS, add_history
from tests.pages import buttons, by_testid, find, find_all, visible_text

NAMES = ["Closed-chain dorsiflexion", "Runner's position calf raise", "Eccentric heel raise off a step"]


def test_it_shows_the_landing_page_not_today_to_a_visitor(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert find_all(response, data_testid="progress") == []
    assert find_all(response, "a", href="/accounts/signup/")


def test_it_rejects_post(alice_client):
    assert alice_client.post("/").status_code == 405


def test_it_shows_the_runners_date(alice_client):
    response = alice_client.get("/")
    assert find(response, "time")["datetime"] == "2026-11-24"
    assert find(response, "h1").text == "Tuesday 24 November 2026"


def test_it_lists_the_three_exercises_in_plan_order_with_doses(alice_client):
    response = alice_client.get("/")
    cards = find_all(response, "li", id=True)
    assert [card["id"] for card in cards if card["id"].startswith("exercise-")] == [f"exercise-{s}" for s in PLAN_SLUGS]
    assert [h.text for h in find_all(response, "h2") if h.text in NAMES] == NAMES
    text = visible_text(response)
    assert "Dose: 2 × 10 reps, hold 3 s, slow, controlled range, each side" in text
    assert "Dose: 3 × 12 reps, slow lowering, each side" in text
    assert "Dose: 3 × 15 reps, 3 seconds down, each side" in text


def test_each_exercise_shows_its_steps_purpose_cues_and_video_link(alice_client):
    text = visible_text(alice_client.get("/"))
    assert "Keeping the heel down, drive the knee forward over the toes." in text
    assert "The slow lowering (eccentric) phase builds tendon strength" in text
    assert "Take about three seconds to lower." in text
    assert "Find the video “Healthy Ankles for Running” on YouTube" in text


def test_with_nothing_done_it_shows_none_of_three_and_mark_buttons(alice_client):
    response = alice_client.get("/")
    assert by_testid(response, "progress") == "0 of 3 done"
    assert [b for b in buttons(response) if b.startswith(("Mark", "Undo"))] == [f"Mark done: {n}" for n in NAMES]
    assert find(response, "progress")["value"] == "0"


def test_each_form_posts_the_exercise_and_the_day(alice_client):
    response = alice_client.get("/")
    forms = find_all(response, "form", data_enhance=True)
    assert [form["action"] for form in forms] == ["/track/mark/"] * 3
    assert [i["value"] for i in find_all(response, "input", name="exercise")] == PLAN_SLUGS
    assert [i["value"] for i in find_all(response, "input", name="on")] == ["2026-11-24"] * 3


def test_marking_one_shows_one_of_three_and_an_undo_button(alice_client):
    alice_client.post("/track/mark/", {"exercise": "runners-position-calf-raise"})
    response = alice_client.get("/")
    assert by_testid(response, "progress") == "1 of 3 done"
    assert [b for b in buttons(response) if b.startswith(("Mark", "Undo"))] == [
        "Mark done: Closed-chain dorsiflexion",
        "Undo Runner's position calf raise",
        "Mark done: Eccentric heel raise off a step",
    ]
    assert "is-done" in find(response, "li", id="exercise-runners-position-calf-raise")["class"]


def test_marking_all_three_says_session_complete_and_starts_a_streak(alice_client):
    for slug in PLAN_SLUGS:
        alice_client.post("/track/mark/", {"exercise": slug})
    response = alice_client.get("/")
    assert by_testid(response, "progress").startswith("Session complete")
    assert find(response, "h2", id="complete-heading").text.endswith("Session complete")
    assert by_testid(response, "current-streak") == "1"
    assert by_testid(response, "longest-streak") == "1"


def test_the_streak_from_yesterday_is_still_shown_while_today_is_open(alice, alice_client):
    add_history(alice, [TODAY - n * ONE_DAY for n in range(1, 5)])
    response = alice_client.get("/")
    assert by_testid(response, "progress") == "0 of 3 done"
    assert by_testid(response, "current-streak") == "4"
    assert "Current streak 4 days" in visible_text(response)


def test_a_streak_that_ended_two_days_ago_shows_zero_but_keeps_the_longest(alice, alice_client):
    add_history(alice, [TODAY - n * ONE_DAY for n in range(2, 12)])
    response = alice_client.get("/")
    assert by_testid(response, "current-streak") == "0"
    assert by_testid(response, "longest-streak") == "10"


def test_a_partial_day_yesterday_breaks_the_streak(alice, alice_client, plan):
    add_history(alice, [TODAY - n * ONE_DAY for n in range(2, 6)])
    add_history(alice, [TODAY - ONE_DAY], plan[:2])
    response = alice_client.get("/")
    assert (by_testid(response, "current-streak"), by_testid(response, "longest-streak")) == ("0", "4")


def test_a_one_day_streak_is_singular(alice, alice_client):
    add_history(alice, [TODAY - ONE_DAY])
    assert "Current streak 1 day Longest streak 1 day" in visible_text(alice_client.get("/"))


def test_bob_sees_only_his_own_day(alice, bob_client):
    add_history(alice, [TODAY - n * ONE_DAY for n in range(0, 30)])
    response = bob_client.get("/")
    assert by_testid(response, "progress") == "0 of 3 done"
    assert (by_testid(response, "current-streak"), by_testid(response, "longest-streak")) == ("0", "0")
    assert "alice@example.com" not in response.content.decode()


def test_an_exercise_taken_out_of_the_plan_disappears_from_today(alice_client):
    retired = Exercise.objects.get(slug="runners-position-calf-raise")
    retired.in_plan = False
    retired.save()
    response = alice_client.get("/")
    assert by_testid(response, "progress") == "0 of 2 done"
    assert find_all(response, "li", id="exercise-runners-position-calf-raise") == []
