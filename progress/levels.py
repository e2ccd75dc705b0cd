"""Each runner's level on each exercise's ladder: where they start, what the rules suggest
for each exercise, and the runner's decision (accept or decline) with its history.

Reads run a fixed number of queries (the ladders, the runner's levels, their history and
their recent completions: one each); the suggestion itself is progress.rules.suggest.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone as django_timezone

from accounts.models import User
from ankleapp import sql
from progress import rules
from progress.models import CurrentLevel, LevelChange
from progress.rules import Kind, ProgressError, Session, Suggestion
from progress.selectors import Records
from routines.models import Exercise, Level, with_level
from routines.selectors import current_plan
from tracking.models import Completion

# Where a runner starts on each ladder (level positions; an exercise not named: its first
# level). A runner who has not chosen is on the routine as the article gives it.
START_CHOICES = {
    "new": "New to this",
    "returning": "Returning from a sore Achilles",
    "strong": "Already strong: the routine as the article gives it",
}
START_POSITIONS = {
    "new": {"eccentric-heel-raise": 2, "runners-position-calf-raise": 1, "closed-chain-dorsiflexion": 1},
    "returning": {"eccentric-heel-raise": 1, "runners-position-calf-raise": 1, "closed-chain-dorsiflexion": 1},
    "strong": {"eccentric-heel-raise": 3, "runners-position-calf-raise": 2, "closed-chain-dorsiflexion": 1},
}
DEFAULT_START = "strong"


def start_level(ladder: list[Level], slug: str, choice: str) -> Level | None:
    if not ladder:
        return None
    position = START_POSITIONS[choice].get(slug, 1)
    return next((level for level in ladder if level.position >= position), ladder[-1])


@dataclass
class ExerciseLevel:
    """One exercise for one runner: its ladder, the runner's level, history and suggestion."""

    exercise: Exercise
    ladder: list[Level]
    level: Level | None
    since: dt.date | None
    chosen: bool  # False: the default start, not stored yet
    history: list[LevelChange]
    suggestion: Suggestion | None = None

    @property
    def dosed(self) -> Exercise:
        return with_level(self.exercise, self.level)

    @property
    def index(self) -> int | None:
        """The level's place on the ladder, the lowest 0 (None: no level, or not on it). By
        primary key, as models compare, without a model comparison for each rung (Today
        asks six times a page)."""
        pk = None if self.level is None else self.level.pk
        if pk is None:
            return None
        return next((index for index, rung in enumerate(self.ladder) if rung.pk == pk), None)

    @property
    def number(self) -> int:
        index = self.index
        return 0 if index is None else index + 1

    def neighbour(self, step: int) -> Level | None:
        index = self.index
        if index is None:
            return None
        index += step
        return self.ladder[index] if 0 <= index < len(self.ladder) else None

    @property
    def target(self) -> Level | None:
        """The level the suggestion points at, if it changes the level."""
        if self.suggestion is None or not self.suggestion.changes_level:
            return None
        return self.neighbour(1 if self.suggestion.kind is Kind.UP else -1)


# The plan's ladders stay in this process's memory with the plan's generation: a staff
# edit of a level or an exercise bumps it (routines.signals), like the plan itself.
_ladders: tuple[int, dict[int, list[Level]]] = (0, {})


def plan_ladders() -> tuple[list[Exercise], dict[int, list[Level]]]:
    """The plan's exercises and each one's ladder, lowest first (shared by this process's
    requests: read them, never change them)."""
    global _ladders
    generation, plan = current_plan()
    cached = _ladders
    if cached[0] != generation:
        ladders: dict[int, list[Level]] = {exercise.pk: [] for exercise in plan}
        for level in Level.objects.filter(exercise__in=[e.pk for e in plan]).order_by("position", "pk"):
            ladders[level.exercise_id].append(level)
        cached = _ladders = (generation, ladders)
    return plan, cached[1]


# (exercise id, level id, since) of each of the runner's chosen levels.
type CurrentRows = list[tuple[int, int, dt.date]]

_MEMO = "_progress_current_levels"


def current_levels(user: User) -> CurrentRows:
    """The runner's chosen levels (one query). Today reads them twice (its doses through
    tracking.hooks, then its section): the first read stays on this request's user object
    and the second takes it from there, so it is never kept beyond the request."""
    memo: CurrentRows | None = user.__dict__.pop(_MEMO, None)
    if memo is not None:
        return memo
    return sql.fetch(CurrentLevel, CURRENT_SQL, ["exercise_id", "level_id", "since"], [user.pk])


CURRENT_SQL = "SELECT {columns} FROM {table} WHERE user_id = %s"
DECLINED_SQL = "SELECT {columns} FROM {table} WHERE user_id = %s AND decision = %s"
COMPLETIONS_SQL = "SELECT {columns} FROM {table} WHERE user_id = %s AND completed_on >= %s"


def declined_changes(user: User) -> list[LevelChange]:
    """The suggestions the runner declined (all counting_since needs of the history), one
    plain read: unsaved LevelChange objects with their ids, decision and day only."""
    rows = sql.fetch(
        LevelChange,
        DECLINED_SQL,
        ["exercise_id", "from_level_id", "to_level_id", "decided_on"],
        [user.pk, LevelChange.Decision.DECLINED.value],
    )
    return [
        LevelChange(
            exercise_id=exercise_id,
            from_level_id=from_level_id,
            to_level_id=to_level_id,
            decision=LevelChange.Decision.DECLINED,
            decided_on=decided_on,
        )
        for exercise_id, from_level_id, to_level_id, decided_on in rows
    ]


def remember_current_levels(user: User, rows: CurrentRows) -> None:
    """Keep `rows` for the next current_levels(user) of this request (which takes them)."""
    user.__dict__[_MEMO] = rows


def exercise_levels(user: User, *, with_history: bool = True, declined_only: bool = False) -> list[ExerciseLevel]:
    """The plan's exercises with the runner's levels: one query (two with the history;
    `declined_only`: only the declined suggestions of it, enough for the suggestions)."""
    plan, ladders = plan_ladders()
    current = {exercise_id: (level_id, since) for exercise_id, level_id, since in current_levels(user)}
    history: dict[int, list[LevelChange]] = {exercise.pk: [] for exercise in plan}
    if with_history and declined_only:
        for change in declined_changes(user):
            history.setdefault(change.exercise_id, []).append(change)
    elif with_history:
        for change in LevelChange.objects.filter(user=user).select_related("from_level", "to_level"):
            history.setdefault(change.exercise_id, []).append(change)
    result = []
    for exercise in plan:
        ladder = ladders[exercise.pk]
        row = current.get(exercise.pk)
        stored = next((lv for lv in ladder if row and lv.pk == row[0]), None)
        chosen = stored is not None
        current_level = stored if stored is not None else start_level(ladder, exercise.slug, DEFAULT_START)
        result.append(
            ExerciseLevel(exercise, ladder, current_level, row[1] if row else None, chosen, history[exercise.pk])
        )
    return result


def recent_completions(
    user: User, *, today: dt.date, during: dict[int, dict[dt.date, int]] | None = None
) -> set[tuple[int, dt.date]]:
    """The (exercise, day) pairs marked done in the days the suggestions look at.

    A session counts only when it was both done and rated (suggest_all), so given the
    runner's pain-during ratings (`during`, by exercise and day) only the days from the
    first rating on are read, and nothing at all without a rating: Today's usual case."""
    since = today - dt.timedelta(days=2 * rules.RECENT_DAYS)
    if during is not None:
        rated = [day for days in during.values() for day in days]
        if not rated:
            return set()
        since = max(since, min(rated))
    return set(sql.fetch(Completion, COMPLETIONS_SQL, ["exercise_id", "completed_on"], [user.pk, since]))


def counting_since(item: ExerciseLevel) -> dt.date | None:
    """Sessions count from the day the level began, and after the last declined suggestion."""
    start = item.since
    for change in item.history:
        if change.decision == LevelChange.Decision.DECLINED and change.from_level_id == getattr(item.level, "pk", None):
            after = change.decided_on + dt.timedelta(days=1)
            start = after if start is None or after > start else start
    return start


def suggest_all(
    items: list[ExerciseLevel], data: Records, done: set[tuple[int, dt.date]], *, today: dt.date
) -> list[ExerciseLevel]:
    """Each exercise's suggestion from the runner's own numbers (see progress.rules)."""
    flags = data.red_flag_signs
    for item in items:
        start = counting_since(item)
        sessions = [
            Session(day, pain)
            for day, pain in data.during.get(item.exercise.pk, {}).items()
            if (item.exercise.pk, day) in done and (start is None or day >= start)
        ]
        item.suggestion = rules.suggest(
            today=today,
            sessions=sessions,
            mornings=data.mornings,
            red_flags=flags,
            has_next=item.neighbour(1) is not None,
            has_previous=item.neighbour(-1) is not None,
        )
    return items


# --- Writes ---------------------------------------------------------------------------


def level_start(*, user: User, choice: str, today: dt.date) -> None:
    """Put the runner at the start of each ladder that fits `choice` (kept in the history)."""
    if choice not in START_CHOICES:
        raise ProgressError("Choose one of the three starting points.")
    with transaction.atomic():
        for item in exercise_levels(user, with_history=False):
            target = start_level(item.ladder, item.exercise.slug, choice)
            if target is None or (item.chosen and target == item.level):
                continue
            CurrentLevel.objects.update_or_create(
                user=user, exercise=item.exercise, defaults={"level": target, "since": today}
            )
            LevelChange.objects.create(
                user=user,
                exercise=item.exercise,
                from_level=item.level if item.chosen else None,
                to_level=target,
                decision=LevelChange.Decision.START,
                reason=START_CHOICES[choice],
                decided_on=today,
            )


def level_decide(
    *, user: User, item: ExerciseLevel, from_level_id: int, to_level_id: int, accept: bool, today: dt.date
) -> bool:
    """Accept or decline the standing suggestion for one exercise. Says whether anything
    changed: a second identical submit finds the level already moved (or the decline
    already kept) and changes nothing."""
    target = item.target
    if item.level is None or item.level.pk != from_level_id:
        return False  # already decided: the level has moved since the page was shown
    already_declined = any(
        change.decision == LevelChange.Decision.DECLINED
        and (change.from_level_id, change.to_level_id, change.decided_on) == (from_level_id, to_level_id, today)
        for change in item.history
    )
    if not accept and already_declined:
        return False  # the same decline sent twice
    if target is None or target.pk != to_level_id or item.suggestion is None:
        raise ProgressError("That suggestion no longer stands: your latest ratings changed it.")
    reason = item.suggestion.reason
    if not accept:
        created = LevelChange.objects.bulk_create(
            [
                LevelChange(
                    user=user,
                    exercise=item.exercise,
                    from_level=item.level,
                    to_level=target,
                    decision=LevelChange.Decision.DECLINED,
                    reason=reason,
                    decided_on=today,
                )
            ],
            ignore_conflicts=True,
        )
        return bool(created)
    with transaction.atomic():
        if not item.chosen:  # on the default start: store it first, so one UPDATE decides
            CurrentLevel.objects.bulk_create(
                [CurrentLevel(user=user, exercise=item.exercise, level=item.level, since=item.since or today)],
                ignore_conflicts=True,
            )
        # Conditional on the level shown: of two identical submits, one moves it.
        moved = CurrentLevel.objects.filter(user=user, exercise=item.exercise, level=item.level).update(
            level=target, since=today
        )
        if not moved:
            return False
        LevelChange.objects.create(
            user=user,
            exercise=item.exercise,
            from_level=item.level,
            to_level=target,
            decision=LevelChange.Decision.ACCEPTED,
            reason=reason,
            decided_on=today,
            decided_at=django_timezone.now(),
        )
    return True
