"""The guided session's timeline: a dose turned into ordered, timed steps with cue texts.

Pure: it reads a dose's numbers and returns data. The server builds the timeline and the
player script only plays it, and every "about N minutes" the app prints comes from the
same total, so what the runner is told and what the player does never disagree.

A per-side exercise runs each set on the left, a short switch, then the right; sets are
separated by the dose's rest. A rep is the way up, the hold (if any) and the way down.
"""

import functools
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Protocol

GET_READY_SECONDS = 10
SWITCH_SIDE_SECONDS = 5
# A dose with neither reps nor a hold (a staff entry left incomplete) still gets a timed block.
UNTIMED_WORK_SECONDS = 30


class Dose(Protocol):
    """What the timeline reads from an exercise (routines.models.Exercise has all of it)."""

    slug: str
    name: str
    sets: int
    reps: int | None
    hold_seconds: int | None
    per_side: bool
    up_seconds: int
    down_seconds: int
    up_cue: str
    down_cue: str
    rest_seconds: int


@dataclass(frozen=True)
class Step:
    kind: str  # ready, up, hold, down, work, switch, rest
    seconds: int
    cue: str  # shown on screen
    say: str  # spoken; short, so it fits the step
    exercise: str  # the exercise's slug
    side: str  # "left", "right" or "" for both
    set: int
    sets: int
    rep: int  # 0 outside a rep
    reps: int


def _sides(dose: Dose) -> list[str]:
    return ["left", "right"] if dose.per_side else [""]


def _side_words(side: str) -> str:
    return f"{side.capitalize()} side" if side else "Both sides"


def _work(dose: Dose, side: str, set_number: int) -> Iterable[Step]:
    """One side of one set: every rep's phases, or a single timed hold."""

    def step(kind: str, seconds: int, cue: str, say: str, rep: int = 0) -> Step:
        reps = dose.reps or 0
        return Step(kind, seconds, cue, say, dose.slug, side, set_number, dose.sets, rep, reps)

    if not dose.reps:
        seconds = dose.hold_seconds or UNTIMED_WORK_SECONDS
        yield step("hold" if dose.hold_seconds else "work", seconds, f"Hold for {seconds} seconds", "Hold")
        return
    for rep in range(1, dose.reps + 1):
        first = rep == 1
        if dose.up_seconds:
            yield step("up", dose.up_seconds, dose.up_cue, dose.up_cue if first else str(rep), rep)
        if dose.hold_seconds:
            yield step("hold", dose.hold_seconds, f"Hold {dose.hold_seconds} s", "Hold" if first else "", rep)
        if dose.down_seconds:
            yield step("down", dose.down_seconds, dose.down_cue, dose.down_cue if first else "", rep)


def build(dose: Dose) -> list[Step]:
    """The ordered steps of one exercise, from its get-ready countdown to its last rep."""
    sides = _sides(dose)
    steps = [
        Step(
            "ready",
            GET_READY_SECONDS,
            f"Get ready: {dose.name}",
            f"Get ready. {dose.name}. {_side_words(sides[0])} first." if dose.per_side else f"Get ready. {dose.name}.",
            dose.slug,
            sides[0],
            1,
            dose.sets,
            0,
            dose.reps or 0,
        )
    ]
    for set_number in range(1, dose.sets + 1):
        for index, side in enumerate(sides):
            if index:
                steps.append(
                    Step(
                        "switch",
                        SWITCH_SIDE_SECONDS,
                        f"Switch to the {side} side",
                        f"Switch to the {side} side.",
                        dose.slug,
                        side,
                        set_number,
                        dose.sets,
                        0,
                        dose.reps or 0,
                    )
                )
            steps.extend(_work(dose, side, set_number))
        if set_number < dose.sets and dose.rest_seconds:
            following = f"Set {set_number + 1} of {dose.sets} next"
            steps.append(
                Step(
                    "rest",
                    dose.rest_seconds,
                    f"Rest. {following}",
                    f"Rest {dose.rest_seconds} seconds.",
                    dose.slug,
                    sides[0],
                    set_number + 1,
                    dose.sets,
                    0,
                    dose.reps or 0,
                )
            )
    return steps


@dataclass(unsafe_hash=True)  # a cache key; never changed after it is made
class _Timing:
    """The numbers of a dose, all a total depends on."""

    sets: int
    reps: int | None
    hold_seconds: int | None
    per_side: bool
    up_seconds: int
    down_seconds: int
    rest_seconds: int
    slug: str = ""
    name: str = ""
    up_cue: str = ""
    down_cue: str = ""


@functools.lru_cache(maxsize=256)
def _total(timing: _Timing) -> int:
    return sum(step.seconds for step in build(timing))


def total_seconds(dose: Dose) -> int:
    """The whole timeline's length. Pages print it for every card, so it is remembered per set of numbers."""
    timing = _Timing(
        dose.sets, dose.reps, dose.hold_seconds, dose.per_side, dose.up_seconds, dose.down_seconds, dose.rest_seconds
    )
    return _total(timing)


def minutes(seconds: int) -> int:
    """Whole minutes for "about N minutes": rounded half up, and never less than one."""
    return max(1, math.floor(seconds / 60 + 0.5))


def as_data(doses: Iterable[Dose]) -> list[dict]:
    """The timelines of `doses` in order, as the player script reads them (via json_script)."""
    return [
        {
            "slug": dose.slug,
            "name": dose.name,
            "seconds": total_seconds(dose),
            "steps": [asdict(step) for step in build(dose)],
        }
        for dose in doses
    ]
