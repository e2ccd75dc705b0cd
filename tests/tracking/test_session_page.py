"""The guided player's page (/session/ and /session/<slug>/) and Today's week strip.

The page hands the server-built timeline to the player script as JSON; without the
script it still shows each exercise's dose, steps and "Mark done".
"""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from routines import timeline
from routines.models import Exercise
from tests.dates import TODAY
from tests.factories import add_history, joined_on
from tests.pages import buttons, elements, find, find_all, visible_text

NAMES = ["Closed-chain dorsiflexion", "Runner's position calf raise", "Eccentric heel raise off a step"]
SLUGS = ["closed-chain-dorsiflexion", "runners-position-calf-raise", "eccentric-heel-raise"]


def player_data(response) -> list[dict]:
    return json.loads(find(response, "script", id="player-data").text)


def test_it_requires_login(client, db):
    for url in ("/session/", f"/session/{SLUGS[0]}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_it_rejects_post(alice_client):
    assert alice_client.post("/session/").status_code == 405


def test_the_session_plays_the_whole_plan_in_order_with_the_server_built_timeline(alice_client):
    response = alice_client.get("/session/")
    assert response.status_code == 200
    data = player_data(response)
    assert [d["slug"] for d in data] == SLUGS
    for d, slug in zip(data, SLUGS, strict=True):
        exercise = Exercise.objects.get(slug=slug)
        assert d["seconds"] == timeline.total_seconds(exercise)
        assert len(d["steps"]) == len(timeline.build(exercise))
        assert d["done"] is False
    assert find(response, "article", data_player=True)["data-day"] == TODAY.isoformat()
    assert "about 21 minutes" in visible_text(response)


def test_the_session_leaves_out_what_is_already_done_today(alice, alice_client):
    add_history(alice, [TODAY], exercises=list(Exercise.objects.filter(slug=SLUGS[0])))
    assert [d["slug"] for d in player_data(alice_client.get("/session/"))] == SLUGS[1:]


def test_one_exercise_plays_alone_and_says_whether_it_is_done(alice, alice_client):
    add_history(alice, [TODAY], exercises=list(Exercise.objects.filter(slug=SLUGS[2])))
    response = alice_client.get(f"/session/{SLUGS[2]}/")
    assert [(d["slug"], d["done"]) for d in player_data(response)] == [(SLUGS[2], True)]
    assert find(response, "h1").text == NAMES[2]


def test_an_exercise_outside_the_plan_is_a_404(alice_client):
    Exercise.objects.filter(slug=SLUGS[1]).update(in_plan=False)
    assert alice_client.get("/session/no-such-exercise/").status_code == 404
    assert alice_client.get(f"/session/{SLUGS[1]}/").status_code == 404


def test_without_the_script_the_page_still_offers_the_steps_and_mark_done(alice_client):
    response = alice_client.get("/session/")
    text = visible_text(response)
    assert "The timer needs JavaScript" in text
    assert [b for b in buttons(response) if b.startswith("Mark done")] == [f"Mark done: {n}" for n in NAMES]
    # The player's own controls are hidden until the script reveals them.
    assert "hidden" in find(response, "div", data_player_intro=True).attrs
    assert "hidden" in find(response, "section", data_player_stage=True).attrs


def test_the_mark_form_posts_for_the_day_the_page_was_opened(alice_client):
    page = elements(alice_client.get("/session/").content)
    form = next(e for e in page if e.tag == "form" and "data-mark-form" in e.attrs)
    assert form["action"] == "/track/mark/"
    day = [e["value"] for e in page if e.tag == "input" and e.get("name") == "on" and e.is_inside(form)]
    assert day == [TODAY.isoformat()]


def test_the_player_page_runs_as_few_queries_as_today(alice_client):
    alice_client.get("/")  # the plan is cached, the streak summary made
    with CaptureQueriesContext(connection) as today:
        alice_client.get("/")
    with CaptureQueriesContext(connection) as session:
        alice_client.get("/session/")
    # The same reads and the runner's level doses; Today also shows the progress section.
    assert len(session) <= len(today)


# --- Today's start buttons and week strip -------------------------------------------


def test_today_offers_start_session_and_a_start_per_exercise_revealed_by_the_script(alice_client):
    response = alice_client.get("/")
    start = find(response, "a", href="/session/")
    assert start.text == "Start session" and "hidden" in start.attrs
    starts = [a for a in find_all(response, "a") if a.get("href", "").startswith("/session/") and a.text == "Start"]
    assert [a["aria-label"] for a in starts] == [f"Start {n}" for n in NAMES]


def test_today_says_how_long_the_session_takes(alice_client):
    text = visible_text(alice_client.get("/"))
    assert "0 of 3 done · about 21 min" in text
    assert "about 6 min" in text and "about 7 min" in text and "about 8 min" in text


def week_strip(response) -> list[tuple[str, str, str | None]]:
    """(mark, the words a screen reader says, link) of each day in the strip, oldest first."""
    page = elements(response.content)
    strip = next(e for e in page if e.get("class") == "week-strip")
    days = []
    for item in [e for e in page if e.tag == "li" and e.is_inside(strip)]:
        inside = [e for e in page if e.is_inside(item)]
        label = next(e for e in inside if "data-day-label" in e.attrs)
        mark = next(e for e in inside if e.get("class") == "week-mark")
        links = [e for e in inside if e.tag == "a"]
        days.append((mark.text, label.text, links[0]["href"] if links else None))
    return days


def test_the_week_strip_shows_the_last_seven_days_and_today_with_marks_and_links(alice, alice_client, plan):
    joined_on(alice, TODAY - dt.timedelta(days=30))
    add_history(alice, [TODAY - dt.timedelta(days=1)])
    add_history(alice, [TODAY - dt.timedelta(days=2)], exercises=plan[:1])

    strip = week_strip(alice_client.get("/"))

    assert len(strip) == 8
    assert strip[-1] == ("·", "Tuesday 24 November 2026: today, not done yet", None)
    assert strip[-2] == (
        "✓",
        "Monday 23 November 2026: complete, 3 of 3 exercises done. Mark or undo",
        "/calendar/day/2026-11-23/",
    )
    assert strip[-3] == (
        "1/3",
        "Sunday 22 November 2026: 1 of 3 exercises done. Mark or undo",
        "/calendar/day/2026-11-22/",
    )
    assert strip[0][0] == "✕" and strip[0][1].startswith("Tuesday 17 November 2026: missed")


def test_with_a_weekly_target_below_seven_the_coming_rest_days_show(alice, alice_client):
    User.objects.filter(pk=alice.pk).update(weekly_target=5)
    alice_client.post("/track/rest/", {"on": "2026-11-27"})
    text = visible_text(alice_client.get("/"))
    assert "Rest days planned in the coming week: Friday 27 Nov." in text


def test_the_week_strip_shows_only_alices_days_to_alice(alice, bob_client):
    add_history(alice, [TODAY - dt.timedelta(days=1)])
    marks = [mark for mark, _, _ in week_strip(bob_client.get("/"))]
    assert "✓" not in marks


@pytest.mark.parametrize("url", ["/", "/session/"])
def test_pages_the_runner_starts_from_carry_the_safety_note(alice_client, url):
    text = visible_text(alice_client.get(url))
    assert "Mild discomfort that settles by the next morning is expected." in text
    assert "Sharp pain, a pop, swelling, or pain that builds from day to day: stop and see a clinician." in text
