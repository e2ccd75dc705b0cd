"""Levels: where a runner starts, suggestions from their own numbers, accepted or declined
(double submits safe), and the history kept."""

import pytest

from progress.models import CurrentLevel, LevelChange, PainDuring
from routines.models import Level
from tests.dates import ONE_DAY, TODAY
from tests.pages import by_testid, error_message, visible_text
from tests.progress.helpers import HEEL, sessions


def ladder(slug: str) -> list[Level]:
    return list(Level.objects.filter(exercise__slug=slug).order_by("position"))


def level_of(user, slug: str) -> str | None:
    row = CurrentLevel.objects.filter(user=user, exercise__slug=slug).select_related("level").first()
    return row.level.name if row else None


def history_of(user, slug: str = HEEL) -> list[tuple]:
    return list(
        LevelChange.objects.filter(user=user, exercise__slug=slug).values_list(
            "decision", "from_level__name", "to_level__name"
        )
    )


def test_each_exercise_has_a_seeded_ladder_with_sources(db):
    assert [level.name for level in ladder(HEEL)] == [
        "Both feet, on the floor",
        "Both feet, off a step",
        "Up on two, down on one",
        "Alfredson: knee straight, then bent",
        "Alfredson +5 kg",
        "Alfredson +10 kg",
    ]
    alfredson = ladder(HEEL)[3]
    assert (alfredson.sets, alfredson.reps, alfredson.per_side, alfredson.down_seconds) == (6, 15, True, 3)
    assert ladder(HEEL)[4].added_load == "+5 kg in a backpack"
    assert [level.name for level in ladder("runners-position-calf-raise")][:2] == [
        "Split stance on the floor",
        "Front foot elevated",
    ]
    assert [level.hold_seconds for level in ladder("closed-chain-dorsiflexion")] == [3, 10, 10]
    assert all(level.source for slug in ("eccentric-heel-raise", "closed-chain-dorsiflexion") for level in ladder(slug))


def test_a_runner_who_has_not_chosen_is_on_the_articles_routine(alice_client):
    text = by_testid(alice_client.get("/progress/"), f"level-{HEEL}")
    assert "Level 3 of 6: Up on two, down on one (the routine as the article gives it)" in text


@pytest.mark.parametrize(
    "choice, heel, calf",
    [
        ("returning", "Both feet, on the floor", "Split stance on the floor"),
        ("new", "Both feet, off a step", "Split stance on the floor"),
        ("strong", "Up on two, down on one", "Front foot elevated"),
    ],
)
def test_a_runner_chooses_where_to_start(alice_client, alice, choice, heel, calf):
    response = alice_client.post("/progress/start/", {"start": choice})
    assert response.status_code == 302
    assert level_of(alice, HEEL) == heel
    assert level_of(alice, "runners-position-calf-raise") == calf
    assert history_of(alice) == [("start", None, heel)]


def test_an_unknown_start_is_refused(alice_client, alice):
    response = alice_client.post("/progress/start/", {"start": "elite"})
    assert response.status_code == 400
    assert "three starting points" in error_message(response)
    assert not CurrentLevel.objects.filter(user=alice).exists()


def start(client, user, choice: str) -> None:
    """Choose where to start, ten days ago (sessions count from the day a level began)."""
    client.post("/progress/start/", {"start": choice})
    CurrentLevel.objects.filter(user=user).update(since=TODAY - 10 * ONE_DAY)


def suggestion_form(client, slug=HEEL):
    """The from/to of the accept form the progress page shows."""
    html = client.get("/progress/").content.decode()
    start = html.index(f'action="/progress/levels/{slug}/accept/"')
    chunk = html[start : start + 400]
    value = lambda name: chunk.split(f'name="{name}" value="')[1].split('"')[0]  # noqa: E731
    return {"from": value("from"), "to": value("to")}


def test_four_easy_sessions_bring_a_suggestion_with_the_runners_own_numbers(alice_client, alice):
    start(alice_client, alice, "returning")
    sessions(alice, [2, 1, 2, 2], [1, 1, 1, 1, 0, 1, 1, 1])
    text = by_testid(alice_client.get("/progress/"), f"suggestion-{HEEL}")
    assert "ready for the next level, “Both feet, off a step”?" in text
    assert "your last 4 sessions: pain 2, 1, 2, 2; mornings 0, 1, 1, 1" in text


def test_accepting_moves_up_once_even_when_sent_twice(alice_client, alice):
    start(alice_client, alice, "returning")
    sessions(alice, [2, 1, 2, 2], [1, 1, 1, 1, 1, 1, 1, 1])
    form = suggestion_form(alice_client)
    for _ in range(2):
        response = alice_client.post(f"/progress/levels/{HEEL}/accept/", form)
        assert response.status_code == 302
    assert level_of(alice, HEEL) == "Both feet, off a step"
    assert history_of(alice) == [
        ("start", None, "Both feet, on the floor"),
        ("accepted", "Both feet, on the floor", "Both feet, off a step"),
    ]
    reason = LevelChange.objects.get(decision="accepted").reason
    assert "pain 2, 1, 2, 2" in reason
    # At the new level the count starts again.
    assert "0 of 4 easy sessions" in by_testid(alice_client.get("/progress/"), f"level-{HEEL}")


def test_accepting_from_the_default_start_stores_the_level(alice_client, alice):
    sessions(alice, [0, 0, 0, 0], [0, 0, 0, 0, 0])
    alice_client.post(f"/progress/levels/{HEEL}/accept/", suggestion_form(alice_client))
    assert level_of(alice, HEEL) == "Alfredson: knee straight, then bent"


def test_declining_keeps_the_level_and_waits_for_four_more_sessions(alice_client, alice):
    start(alice_client, alice, "returning")
    sessions(alice, [2, 1, 2, 2], [1, 1, 1, 1, 1, 1, 1, 1])
    form = suggestion_form(alice_client)
    for _ in range(2):
        assert alice_client.post(f"/progress/levels/{HEEL}/decline/", form).status_code == 302
    assert level_of(alice, HEEL) == "Both feet, on the floor"
    assert [h[0] for h in history_of(alice)] == ["start", "declined"]
    page = alice_client.get("/progress/")
    assert "ready for the next level" not in visible_text(page)
    assert "0 of 4 easy sessions" in by_testid(page, f"level-{HEEL}")


def test_pain_above_5_suggests_one_level_back(alice_client, alice):
    start(alice_client, alice, "strong")
    sessions(alice, [6], [1])
    text = by_testid(alice_client.get("/progress/"), f"suggestion-{HEEL}")
    assert "one level back, to “Both feet, off a step”?" in text
    assert "Pain during was 6 out of 10, above 5" in text
    alice_client.post(f"/progress/levels/{HEEL}/accept/", suggestion_form(alice_client))
    assert level_of(alice, HEEL) == "Both feet, off a step"


def test_a_suggestion_that_no_longer_stands_is_refused(alice_client, alice):
    start(alice_client, alice, "returning")
    sessions(alice, [2, 1, 2, 2], [1, 1, 1, 1, 1, 1, 1, 1])
    form = suggestion_form(alice_client)
    PainDuring.objects.filter(user=alice, rated_on=TODAY - ONE_DAY).update(pain=7)  # rated again since
    response = alice_client.post(f"/progress/levels/{HEEL}/accept/", form)
    assert response.status_code == 400
    assert "no longer stands" in error_message(response)
    assert level_of(alice, HEEL) == "Both feet, on the floor"


@pytest.mark.parametrize("fields", [{}, {"from": "x", "to": "1"}, {"from": "1"}])
def test_a_malformed_decision_is_refused(alice_client, alice, fields):
    assert alice_client.post(f"/progress/levels/{HEEL}/accept/", fields).status_code == 400
    assert not LevelChange.objects.exists()


def test_an_exercise_outside_the_plan_is_a_404(alice_client):
    assert alice_client.post("/progress/levels/cartwheels/accept/", {"from": "1", "to": "2"}).status_code == 404


def test_bob_cannot_move_alices_level_and_never_sees_her_suggestion(alice_client, bob_client, alice, bob):
    start(alice_client, alice, "returning")
    sessions(alice, [2, 1, 2, 2], [1, 1, 1, 1, 1, 1, 1, 1])
    form = suggestion_form(alice_client)
    assert "ready for the next level" not in visible_text(bob_client.get("/progress/"))
    response = bob_client.post(f"/progress/levels/{HEEL}/accept/", form)
    assert response.status_code in (302, 400)
    assert level_of(alice, HEEL) == "Both feet, on the floor"
    assert not LevelChange.objects.filter(user=bob).exists()


def test_a_red_flag_replaces_every_suggestion_with_stop(alice_client, alice):
    sessions(alice, [2, 1, 2, 2], [1, 1, 1, 1, 1, 1, 1, 1])
    alice_client.post("/progress/red-flags/report/", {"sign": ["night-pain"]})
    text = visible_text(alice_client.get("/progress/"))
    assert "Stop and see a clinician" in text and "ready for the next level" not in text
    assert 'action="/progress/levels/' not in alice_client.get("/progress/").content.decode()


def test_the_settings_page_offers_where_to_start(alice_client, alice):
    page = alice_client.get("/settings/")
    assert "Returning from a sore Achilles" in visible_text(page)
    response = alice_client.post("/progress/start/", {"start": "new", "next": "/settings/"})
    assert response["Location"] == "/settings/"
    assert level_of(alice, HEEL) == "Both feet, off a step"
