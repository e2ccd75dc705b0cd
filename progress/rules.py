"""The progress rules: pain monitoring, level suggestions and red flags. Pure functions.

No ORM and no clock: `today` is a parameter, as in tracking.rules. The model is the
Silbernagel pain-monitoring model (Silbernagel et al. 2007, Am J Sports Med, PMID 17307888):

- Pain during an exercise, 0–10: 0–3 is safe, 4–5 acceptable, above 5 too much.
- The next morning's pain and stiffness must settle back to the runner's usual level.

What the model leaves open, the app defines here, once:

- **Baseline** (the runner's usual morning): the median of the last BASELINE_MORNINGS
  morning ratings before the day judged (as many as there are, looking back at most
  BASELINE_LOOKBACK_DAYS); with none, 0 (no stiffness). A runner's first morning, rated
  before their first rated session, is their stiffness before training: what the model
  asks the mornings to settle back to. A morning is *worse than baseline* when its
  rating is above it.
- **A session** is a day the exercise was marked done at the current level (the mark
  means every set was done) and given a pain-during rating. Unrated sessions neither
  help nor hurt: the app cannot judge what it was not told.
- **Move up** after SESSIONS_TO_PROGRESS sessions in a row (the latest ones, each within
  RECENT_DAYS) with pain during ≤ 3 and the morning after each at or below baseline.
  Four, not three: four next-morning checks, so one easy day or a lucky morning cannot
  move a runner up; with a daily plan it is about half a week, the span over which the
  model is applied week by week.
- **Hold** (no suggestion) while the latest session was 4–5: acceptable, keep the load.
- **Step back** one level when the latest session (within RECENT_DAYS) was above 5, or
  the two latest mornings, on consecutive days up to yesterday, were both worse than
  baseline, or pain during *trends up over a week*: the mean of the last 7 days' ratings
  (today included) is at least TREND_RISE points above the mean of the 7 days before,
  each week with at least TREND_MIN_RATINGS ratings. ("Pain must not increase week to
  week" is widely quoted; no primary source was found, so the threshold is the app's.)
- **Red flags** (a sudden pop or snap, unable to do a single-leg heel raise, swelling,
  pain at night) override everything: stop and see a clinician.
"""

import datetime as dt
import re
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

ONE_DAY = dt.timedelta(days=1)

PAIN_MIN, PAIN_MAX = 0, 10
PAIN_DIGITS = re.compile(r"[0-9]{1,2}")
SAFE_MAX = 3  # 0–3: safe
ACCEPTABLE_MAX = 5  # 4–5: acceptable; above: too much

BASELINE_MORNINGS = 7
BASELINE_MIN_MORNINGS = 1
BASELINE_LOOKBACK_DAYS = 28
DEFAULT_BASELINE = 0.0

SESSIONS_TO_PROGRESS = 4
RECENT_DAYS = 14
TREND_DAYS = 7
TREND_MIN_RATINGS = 3
TREND_RISE = 1.0


class PainZone(StrEnum):
    SAFE = "safe"
    ACCEPTABLE = "acceptable"
    TOO_MUCH = "too much"


class ProgressError(ValueError):
    """A request the runner can correct; the message is shown to them as it is."""


def check_pain(value: object) -> int:
    """A pain rating from a form value: a whole number from 0 to 10."""
    text = str(value).strip() if value is not None else ""
    if not PAIN_DIGITS.fullmatch(text) or not PAIN_MIN <= int(text) <= PAIN_MAX:
        raise ProgressError("Pain is rated with a whole number from 0 (none) to 10 (the worst imaginable).")
    return int(text)


def pain_zone(pain: int) -> PainZone:
    if pain <= SAFE_MAX:
        return PainZone.SAFE
    if pain <= ACCEPTABLE_MAX:
        return PainZone.ACCEPTABLE
    return PainZone.TOO_MUCH


def baseline(mornings: Mapping[dt.date, int], *, before: dt.date) -> float:
    """The runner's usual morning before `before` (see the module's docstring)."""
    start = before - dt.timedelta(days=BASELINE_LOOKBACK_DAYS)
    recent = [mornings[day] for day in sorted(mornings, reverse=True) if start <= day < before]
    recent = recent[:BASELINE_MORNINGS]
    if len(recent) < BASELINE_MIN_MORNINGS:
        return DEFAULT_BASELINE
    return float(statistics.median(recent))


def is_worse_than_baseline(mornings: Mapping[dt.date, int], day: dt.date) -> bool:
    return day in mornings and mornings[day] > baseline(mornings, before=day)


def settled(mornings: Mapping[dt.date, int], session_day: dt.date) -> bool | None:
    """Whether the morning after a session settled back to baseline (None: not rated)."""
    morning = session_day + ONE_DAY
    if morning not in mornings:
        return None
    return not is_worse_than_baseline(mornings, morning)


# --- Suggestions ----------------------------------------------------------------------


class Kind(StrEnum):
    UP = "up"
    HOLD = "hold"
    DOWN = "down"
    STOP = "stop"
    KEEP_GOING = "keep going"


@dataclass(frozen=True)
class Session:
    day: dt.date
    pain: int


@dataclass(frozen=True)
class Suggestion:
    kind: Kind
    reason: str
    sessions: tuple[Session, ...] = ()
    mornings: tuple[int | None, ...] = ()
    counted: int = 0  # sessions that count towards moving up so far

    @property
    def changes_level(self) -> bool:
        return self.kind in (Kind.UP, Kind.DOWN)


def _fmt(value: float) -> str:
    return f"{value:g}"


def _numbers(sessions: Sequence[Session], mornings: Mapping[dt.date, int]) -> tuple[str, tuple[int | None, ...]]:
    after = tuple(mornings.get(s.day + ONE_DAY) for s in sessions)
    pains = ", ".join(str(s.pain) for s in sessions)
    morning_words = ", ".join("–" if m is None else str(m) for m in after)
    count = len(sessions)
    noun = "session" if count == 1 else f"{count} sessions"
    return f"your last {noun}: pain {pains}; mornings {morning_words}", after


def _week_mean(sessions: Sequence[Session], first: dt.date, last: dt.date) -> float | None:
    pains = [s.pain for s in sessions if first <= s.day <= last]
    return statistics.fmean(pains) if len(pains) >= TREND_MIN_RATINGS else None


def pain_trend(sessions: Sequence[Session], *, today: dt.date) -> tuple[float, float] | None:
    """(last week's mean, the week before's mean) when pain rose by TREND_RISE or more."""
    this_week = _week_mean(sessions, today - dt.timedelta(days=TREND_DAYS - 1), today)
    week_before = _week_mean(
        sessions, today - dt.timedelta(days=2 * TREND_DAYS - 1), today - dt.timedelta(days=TREND_DAYS)
    )
    if this_week is None or week_before is None or this_week - week_before < TREND_RISE:
        return None
    return this_week, week_before


def two_bad_mornings(mornings: Mapping[dt.date, int], *, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The two latest mornings, when they are consecutive days, the later one today or
    yesterday, and both worse than baseline."""
    latest = max((day for day in mornings if day <= today), default=None)
    if latest is None or latest < today - ONE_DAY:
        return None
    previous = latest - ONE_DAY
    if is_worse_than_baseline(mornings, latest) and is_worse_than_baseline(mornings, previous):
        return previous, latest
    return None


def suggest(
    *,
    today: dt.date,
    sessions: Sequence[Session],
    mornings: Mapping[dt.date, int],
    red_flags: Sequence[str] = (),
    has_next: bool = True,
    has_previous: bool = True,
) -> Suggestion:
    """What to do with one exercise's level.

    `sessions`: the rated sessions at the current level that count (since the level began
    or the last suggestion the runner declined), any order; `mornings`: morning ratings by
    day (the last few weeks are enough). `has_next`/`has_previous`: whether the ladder goes
    on. A step back at the first level, or a step up at the last, is given as HOLD with
    its reason."""
    sessions = sorted((s for s in sessions if s.day <= today), key=lambda s: s.day)
    if red_flags:
        return Suggestion(
            Kind.STOP, "You reported: " + ", ".join(red_flags) + ". Stop the exercises and see a clinician."
        )
    recent = [s for s in sessions if s.day > today - dt.timedelta(days=RECENT_DAYS)]
    latest = recent[-1] if recent else None

    def back(reason: str, shown: Sequence[Session]) -> Suggestion:
        numbers, after = _numbers(shown, mornings)
        text = f"{reason} ({numbers})."
        if not has_previous:
            return Suggestion(
                Kind.HOLD,
                text + " This is the first level: do fewer sets or reps until it settles.",
                tuple(shown),
                after,
            )
        return Suggestion(Kind.DOWN, text, tuple(shown), after)

    if latest is not None and pain_zone(latest.pain) is PainZone.TOO_MUCH:
        return back(f"Pain during was {latest.pain} out of 10, above 5: too much", [latest])
    bad = two_bad_mornings(mornings, today=today)
    if bad is not None:
        usual = baseline(mornings, before=bad[0])
        return back(
            f"Two mornings in a row worse than your usual {_fmt(usual)}: {mornings[bad[0]]} and {mornings[bad[1]]}",
            recent[-2:],
        )
    trend = pain_trend(sessions, today=today)
    if trend is not None:
        week = [s for s in sessions if s.day > today - dt.timedelta(days=TREND_DAYS)]
        return back(f"Pain during is rising: this week's average {trend[0]:.1f}, the week before {trend[1]:.1f}", week)
    if latest is not None and pain_zone(latest.pain) is PainZone.ACCEPTABLE:
        numbers, after = _numbers([latest], mornings)
        return Suggestion(
            Kind.HOLD,
            f"Pain {latest.pain} out of 10 is acceptable (4–5) as long as it settles by the next morning: "
            f"stay at this level ({numbers}).",
            (latest,),
            after,
        )
    # A run of good sessions, counted back from the latest.
    run: list[Session] = []
    for session in reversed(recent):
        if session.day == today:  # its morning is tomorrow: not judged yet
            continue
        if pain_zone(session.pain) is not PainZone.SAFE or settled(mornings, session.day) is not True:
            break
        run.append(session)
    run.reverse()
    if len(run) >= SESSIONS_TO_PROGRESS:
        shown = run[-SESSIONS_TO_PROGRESS:]
        numbers, after = _numbers(shown, mornings)
        if not has_next:
            return Suggestion(Kind.HOLD, f"Well done ({numbers}): this is the top of the ladder.", tuple(shown), after)
        return Suggestion(
            Kind.UP,
            f"All safe and settled: {numbers} (pain 0–3 is safe; each morning back to your usual).",
            tuple(shown),
            after,
            len(run),
        )
    return Suggestion(
        Kind.KEEP_GOING,
        f"{len(run)} of {SESSIONS_TO_PROGRESS} easy sessions (pain 0–3, settled by the next morning) "
        "before the next level.",
        counted=len(run),
    )


# --- Red flags ------------------------------------------------------------------------

RED_FLAGS = {
    "pop": "a sudden pop or snap",
    "no-heel-raise": "unable to do a single-leg heel raise",
    "swelling": "swelling",
    "night-pain": "pain at night",
}


def check_red_flags(values: Sequence[str]) -> list[str]:
    """The red flags a form named, in their order; an unknown value is refused."""
    unknown = [value for value in values if value not in RED_FLAGS]
    if unknown:
        raise ProgressError("Choose from the signs listed.")
    return [key for key in RED_FLAGS if key in values]
