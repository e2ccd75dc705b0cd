"""The guided session's timeline: every seeded dose, step by step, and the totals printed everywhere."""

from dataclasses import dataclass

import pytest

from routines import timeline
from routines.models import Exercise
from routines.selectors import plan_exercises


@dataclass
class Dose:
    slug: str = "made-up"
    name: str = "Made-up exercise"
    sets: int = 2
    reps: int | None = 3
    hold_seconds: int | None = None
    per_side: bool = False
    up_seconds: int = 1
    down_seconds: int = 2
    up_cue: str = "Up"
    down_cue: str = "Down"
    rest_seconds: int = 20


def shape(steps):
    """Each step as (kind, seconds, side, set, rep)."""
    return [(s.kind, s.seconds, s.side, s.set, s.rep) for s in steps]


def reps_of(kinds_and_seconds, side, set_number, reps):
    return [(kind, seconds, side, set_number, rep) for rep in range(1, reps + 1) for kind, seconds in kinds_and_seconds]


# --- The seeded doses ------------------------------------------------------------------


def test_closed_chain_dorsiflexion_runs_two_sets_left_then_right_with_a_hold_each_rep(db):
    steps = timeline.build(Exercise.objects.get(slug="closed-chain-dorsiflexion"))
    rep = [("up", 2), ("hold", 3), ("down", 2)]
    assert shape(steps) == [
        ("ready", 10, "left", 1, 0),
        *reps_of(rep, "left", 1, 10),
        ("switch", 5, "right", 1, 0),
        *reps_of(rep, "right", 1, 10),
        ("rest", 30, "left", 2, 0),
        *reps_of(rep, "left", 2, 10),
        ("switch", 5, "right", 2, 0),
        *reps_of(rep, "right", 2, 10),
    ]
    assert timeline.total_seconds(Exercise.objects.get(slug="closed-chain-dorsiflexion")) == 10 + 2 * (70 + 5 + 70) + 30


def test_runners_position_calf_raise_rises_in_one_second_and_lowers_in_three(db):
    exercise = Exercise.objects.get(slug="runners-position-calf-raise")
    steps = timeline.build(exercise)
    rep = [("up", 1), ("down", 3)]
    expected = [("ready", 10, "left", 1, 0)]
    for set_number in (1, 2, 3):
        if set_number > 1:
            expected.append(("rest", 45, "left", set_number, 0))
        expected += reps_of(rep, "left", set_number, 12)
        expected.append(("switch", 5, "right", set_number, 0))
        expected += reps_of(rep, "right", set_number, 12)
    assert shape(steps) == expected
    assert steps[1].cue == "Rise onto your front toe"
    assert steps[2].cue == "Lower slowly"
    assert timeline.total_seconds(exercise) == 10 + 3 * (48 + 5 + 48) + 2 * 45 == 403


def test_eccentric_heel_raise_takes_three_seconds_down_on_every_rep_of_every_set(db):
    exercise = Exercise.objects.get(slug="eccentric-heel-raise")
    steps = timeline.build(exercise)
    downs = [s for s in steps if s.kind == "down"]
    assert len(downs) == 3 * 15 * 2
    assert {s.seconds for s in downs} == {3}
    assert [s.side for s in steps if s.kind == "switch"] == ["right"] * 3
    assert [(s.seconds, s.set) for s in steps if s.kind == "rest"] == [(60, 2), (60, 3)]
    assert timeline.total_seconds(exercise) == 10 + 3 * (60 + 5 + 60) + 2 * 60 == 505


def test_the_whole_plan_takes_about_21_minutes(db):
    plan = plan_exercises()
    assert [timeline.minutes(e.session_seconds) for e in plan] == [6, 7, 8]
    assert timeline.minutes(sum(e.session_seconds for e in plan)) == 21


def test_each_rep_says_its_cue_once_then_counts(db):
    steps = timeline.build(Exercise.objects.get(slug="eccentric-heel-raise"))
    ups = [s for s in steps if s.kind == "up" and s.side == "left" and s.set == 1]
    assert [s.say for s in ups[:3]] == ["Up on both feet", "2", "3"]
    assert steps[0].say == "Get ready. Eccentric heel raise off a step. Left side first."


# --- Other doses staff may enter -------------------------------------------------------


def test_a_dose_for_both_feet_has_no_switch_and_no_side():
    steps = timeline.build(Dose())
    assert shape(steps) == [
        ("ready", 10, "", 1, 0),
        *reps_of([("up", 1), ("down", 2)], "", 1, 3),
        ("rest", 20, "", 2, 0),
        *reps_of([("up", 1), ("down", 2)], "", 2, 3),
    ]


def test_a_timed_hold_is_one_step_per_set_and_side():
    steps = timeline.build(Dose(sets=1, reps=None, hold_seconds=45, per_side=True))
    assert shape(steps) == [
        ("ready", 10, "left", 1, 0),
        ("hold", 45, "left", 1, 0),
        ("switch", 5, "right", 1, 0),
        ("hold", 45, "right", 1, 0),
    ]


def test_a_dose_with_neither_reps_nor_hold_still_gets_a_timed_block():
    assert shape(timeline.build(Dose(sets=1, reps=None)))[1] == ("work", 30, "", 1, 0)


def test_phases_of_zero_seconds_and_no_rest_are_left_out():
    steps = timeline.build(Dose(sets=2, reps=2, up_seconds=0, rest_seconds=0))
    assert [s.kind for s in steps] == ["ready", "down", "down", "down", "down"]


@pytest.mark.parametrize(("seconds", "expected"), [(1, 1), (89, 1), (90, 2), (330, 6), (1238, 21)])
def test_minutes_round_half_up_and_never_say_zero(seconds, expected):
    assert timeline.minutes(seconds) == expected


def test_the_player_data_lists_each_exercise_with_its_steps_and_total():
    data = timeline.as_data([Dose(slug="a", sets=1, reps=1), Dose(slug="b", sets=1, reps=1)])
    assert [(d["slug"], d["seconds"]) for d in data] == [("a", 13), ("b", 13)]
    assert data[0]["steps"][1] == {
        "kind": "up",
        "seconds": 1,
        "cue": "Up",
        "say": "Up",
        "exercise": "a",
        "side": "",
        "set": 1,
        "sets": 1,
        "rep": 1,
        "reps": 1,
    }
