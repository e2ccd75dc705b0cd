"""The sections of the export, in one registry, and how each is read back on import.

An export is `{"format": FORMAT, "version": VERSION, "exported_at": …, <section>: …}`
with one key per registered section, in registration order. A feature that stores
something for a runner adds its section here with `@section("name")`: a function that
returns the section's JSON value for a runner (or, with `streamed=True`, yields the items
of a JSON array, read with `.iterator()` so memory stays flat), and optionally a `load`
that checks the section's value from a file and returns the function that writes it.
Sections without a `load` are exported only, and ignored on import.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from accounts.models import User
from accounts.timezones import is_valid_timezone
from progress.models import (
    CurrentLevel,
    LevelChange,
    MorningPain,
    PainDuring,
    ProgressProfile,
    RedFlag,
    SelfTest,
)
from reminders.models import PushSubscription, ReminderSettings
from routines.models import Exercise
from tracking.models import Completion, PlanBreak

FORMAT = "stronger-ankles-export"
VERSION = 1

# No one logged an ankle exercise here before this day; an earlier date is a broken file.
EARLIEST_DAY = dt.date(2000, 1, 1)
# Rest days and pauses may be planned ahead; a file planning further ahead than this is broken.
MAX_DAYS_AHEAD = 366
BATCH = 500


class ImportProblem(ValueError):
    """What is wrong with an uploaded file, in words the runner can act on."""


Writer = Callable[[User], int]  # writes a checked section for a runner; returns the rows it added
Loader = Callable[[Any, User, dt.date], Writer]


@dataclass(frozen=True)
class Section:
    name: str
    export: Callable[[User], Any]
    streamed: bool = False
    load: Loader | None = None


SECTIONS: dict[str, Section] = {}


def section(name: str, *, streamed: bool = False, load: Loader | None = None):
    def register(export: Callable[[User], Any]) -> Callable[[User], Any]:
        SECTIONS[name] = Section(name=name, export=export, streamed=streamed, load=load)
        return export

    return register


# --- Checking values from a file ---------------------------------------------------


def a_list(value: Any, what: str) -> list:
    if not isinstance(value, list):
        raise ImportProblem(f"“{what}” must be a list.")
    return value


def a_day(value: Any, what: str, *, latest: dt.date) -> dt.date:
    if not isinstance(value, str) or len(value) != 10:
        raise ImportProblem(f"{what}: “{str(value)[:40]}” is not a date like 2026-11-24.")
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise ImportProblem(f"{what}: {value} is not a real date.") from None
    if day < EARLIEST_DAY:
        raise ImportProblem(f"{what}: {value} is before {EARLIEST_DAY.year}.")
    if day > latest:
        raise ImportProblem(f"{what}: {value} is in the future.")
    return day


def a_moment(value: Any, what: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ImportProblem(f"{what}: “{str(value)[:40]}” is not a moment like 2026-11-24T07:30:00+00:00.")
    if moment.year < EARLIEST_DAY.year:
        raise ImportProblem(f"{what}: {value} is before {EARLIEST_DAY.year}.")
    return moment


def a_target(value: Any, what: str) -> int:
    if type(value) is not int or not 3 <= value <= 7:
        raise ImportProblem(f"{what} must be a whole number of days from 3 to 7.")
    return value


def an_object(value: Any, what: str, keys: set[str]) -> dict:
    if not isinstance(value, dict):
        raise ImportProblem(f"{what} must be an object.")
    missing = keys - value.keys()
    if missing:
        raise ImportProblem(f"{what} has no “{sorted(missing)[0]}”.")
    return value


# --- Profile and settings ------------------------------------------------------------


def load_profile(value: Any, user: User, today: dt.date) -> Writer:
    profile = an_object(value, "The profile", {"time_zone", "weekly_target", "weekly_target_changes", "date_joined"})
    zone = profile["time_zone"]
    if not isinstance(zone, str) or not is_valid_timezone(zone):
        raise ImportProblem(f"The profile's time zone “{str(zone)[:64]}” is not a known time zone.")
    target = a_target(profile["weekly_target"], "The weekly target")
    changes = []
    for change in a_list(profile["weekly_target_changes"], "weekly_target_changes"):
        if not isinstance(change, list) or len(change) != 2:
            raise ImportProblem("Each weekly target change must be [Monday, days].")
        monday = a_day(change[0], "A weekly target change", latest=today + dt.timedelta(days=7))
        if monday.weekday() != 0:
            raise ImportProblem(f"A weekly target change starts on {monday}, which is not a Monday.")
        changes.append([monday.isoformat(), a_target(change[1], "A weekly target change")])
    if changes != sorted(changes):
        raise ImportProblem("The weekly target changes must be in date order, oldest first.")
    joined = a_moment(profile["date_joined"], "The date joined")
    if joined.date() > today + dt.timedelta(days=1):
        raise ImportProblem("The date joined is in the future.")

    def write(user: User) -> int:
        # The file's settings apply; the account keeps the earlier of the two first days, so
        # the missed days of the old account count as they did.
        user.timezone, user.weekly_target, user.weekly_target_changes = zone, target, changes
        user.date_joined = min(user.date_joined, joined)
        user.save(update_fields=["timezone", "weekly_target", "weekly_target_changes", "date_joined"])
        return 0

    return write


@section("profile", load=load_profile)
def export_profile(user: User) -> dict:
    return {
        "email": user.email,
        "time_zone": user.timezone,
        "weekly_target": user.weekly_target,
        "weekly_target_changes": user.weekly_target_changes,
        "date_joined": user.date_joined.isoformat(),
    }


# --- Completions ---------------------------------------------------------------------


def load_completions(value: Any, user: User, today: dt.date) -> Writer:
    exercise_ids = dict(Exercise.objects.values_list("slug", "pk"))
    rows = []
    for index, item in enumerate(a_list(value, "completions"), start=1):
        what = f"Completion {index}"
        item = an_object(item, what, {"date", "exercise", "completed_at"})
        day = a_day(item["date"], what, latest=today)
        if item["exercise"] not in exercise_ids:
            raise ImportProblem(f"{what}: “{str(item['exercise'])[:60]}” is not an exercise this app knows.")
        rows.append((day, exercise_ids[item["exercise"]], a_moment(item["completed_at"], what)))

    def write(user: User) -> int:
        before = Completion.objects.filter(user=user).count()
        Completion.objects.bulk_create(
            (Completion(user=user, completed_on=day, exercise_id=pk, completed_at=at) for day, pk, at in rows),
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        return Completion.objects.filter(user=user).count() - before

    return write


@section("completions", streamed=True, load=load_completions)
def export_completions(user: User) -> Iterator[dict]:
    rows = (
        Completion.objects.filter(user=user)
        .order_by("completed_on", "exercise__position", "exercise__slug")
        .values_list("completed_on", "exercise__slug", "completed_at")
    )
    for day, slug, at in rows.iterator(chunk_size=BATCH):
        yield {"date": day.isoformat(), "exercise": slug, "completed_at": at.isoformat()}


# --- Rest days and pauses ---------------------------------------------------------------


def load_rest_days(value: Any, user: User, today: dt.date) -> Writer:
    latest = today + dt.timedelta(days=MAX_DAYS_AHEAD)
    days = {a_day(item, f"Rest day {index}", latest=latest) for index, item in enumerate(a_list(value, "rest_days"), 1)}

    def write(user: User) -> int:
        before = PlanBreak.objects.filter(user=user, kind=PlanBreak.Kind.REST).count()
        PlanBreak.objects.bulk_create(
            (PlanBreak(user=user, kind=PlanBreak.Kind.REST, starts_on=day, ends_on=day) for day in sorted(days)),
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        return PlanBreak.objects.filter(user=user, kind=PlanBreak.Kind.REST).count() - before

    return write


@section("rest_days", streamed=True, load=load_rest_days)
def export_rest_days(user: User) -> Iterator[str]:
    days = PlanBreak.objects.filter(user=user, kind=PlanBreak.Kind.REST).order_by("starts_on")
    for day in days.values_list("starts_on", flat=True).iterator(chunk_size=BATCH):
        yield day.isoformat()


def _overlap(a: tuple[dt.date, dt.date | None], b: tuple[dt.date, dt.date | None]) -> bool:
    return (a[1] is None or b[0] <= a[1]) and (b[1] is None or a[0] <= b[1])


def load_pauses(value: Any, user: User, today: dt.date) -> Writer:
    latest = today + dt.timedelta(days=MAX_DAYS_AHEAD)
    pauses: list[tuple[dt.date, dt.date | None]] = []
    for index, item in enumerate(a_list(value, "pauses"), start=1):
        what = f"Pause {index}"
        item = an_object(item, what, {"starts_on", "ends_on"})
        starts = a_day(item["starts_on"], what, latest=latest)
        ends = None if item["ends_on"] is None else a_day(item["ends_on"], what, latest=latest + dt.timedelta(days=366))
        if ends is not None and ends < starts:
            raise ImportProblem(f"{what} ends before it starts.")
        if any(_overlap((starts, ends), other) for other in pauses):
            raise ImportProblem(f"{what} overlaps another pause in the file.")
        pauses.append((starts, ends))
    existing = set(PlanBreak.objects.filter(user=user, kind=PlanBreak.Kind.PAUSE).values_list("starts_on", "ends_on"))
    new = [pause for pause in pauses if pause not in existing]
    for pause in new:
        if any(_overlap(pause, other) for other in existing):
            raise ImportProblem(
                f"The file's pause from {pause[0]} overlaps a different pause already in your account. "
                "Resume or change that pause first."
            )

    def write(user: User) -> int:
        PlanBreak.objects.bulk_create(
            [PlanBreak(user=user, kind=PlanBreak.Kind.PAUSE, starts_on=s, ends_on=e) for s, e in new]
        )
        return len(new)

    return write


@section("pauses", streamed=True, load=load_pauses)
def export_pauses(user: User) -> Iterable[dict]:
    pauses = PlanBreak.objects.filter(user=user, kind=PlanBreak.Kind.PAUSE).order_by("starts_on")
    for starts, ends in pauses.values_list("starts_on", "ends_on").iterator(chunk_size=BATCH):
        yield {"starts_on": starts.isoformat(), "ends_on": ends.isoformat() if ends else None}


# --- Reminders -------------------------------------------------------------------------


@section("reminders")
def export_reminders(user: User) -> dict:
    """The reminder settings and the devices allowed to show reminders. Exported only: a
    device's push address and keys, and the calendar feed's secret address, stay out of
    the file (they are credentials, and a device subscribes again from its own browser)."""
    chosen = ReminderSettings.objects.filter(user=user).first()
    devices = PushSubscription.objects.filter(user=user).order_by("created_at").values_list("label", "created_at")
    return {
        "settings": None
        if chosen is None
        else {
            "enabled": chosen.enabled,
            "remind_at": chosen.remind_at.strftime("%H:%M"),
            "days": chosen.days,
            "by_email": chosen.by_email,
            "by_push": chosen.by_push,
        },
        "devices": [{"label": label, "added_at": added.isoformat()} for label, added in devices],
    }


# --- Progress: levels, pain ratings, self-tests (exported only) --------------------------
# Health data: the runner's own file, never anyone else's. Not read back on import: a
# level names a step of a ladder staff may have changed, and ratings feed suggestions
# that should start from the runner's own new history.


@section("progress_profile")
def export_progress_profile(user: User) -> dict | None:
    profile = ProgressProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    return {"year_of_birth": profile.birth_year, "sex": profile.sex or None}


@section("levels")
def export_levels(user: User) -> dict:
    current = CurrentLevel.objects.filter(user=user).order_by("exercise__position")
    changes = LevelChange.objects.filter(user=user).order_by("decided_at")
    return {
        "current": [
            {"exercise": slug, "level": name, "since": since.isoformat()}
            for slug, name, since in current.values_list("exercise__slug", "level__name", "since")
        ],
        "history": [
            {
                "exercise": slug,
                "from": from_name,
                "to": to_name,
                "decision": decision,
                "reason": reason,
                "date": decided_on.isoformat(),
            }
            for slug, from_name, to_name, decision, reason, decided_on in changes.values_list(
                "exercise__slug", "from_level__name", "to_level__name", "decision", "reason", "decided_on"
            )
        ],
    }


@section("pain_during", streamed=True)
def export_pain_during(user: User) -> Iterator[dict]:
    rows = PainDuring.objects.filter(user=user).order_by("rated_on", "exercise__position")
    for day, slug, pain in rows.values_list("rated_on", "exercise__slug", "pain").iterator(chunk_size=BATCH):
        yield {"date": day.isoformat(), "exercise": slug, "pain": pain}


@section("morning_pain", streamed=True)
def export_morning_pain(user: User) -> Iterator[dict]:
    rows = MorningPain.objects.filter(user=user).order_by("rated_on").values_list("rated_on", "pain")
    for day, pain in rows.iterator(chunk_size=BATCH):
        yield {"date": day.isoformat(), "pain": pain}


@section("self_tests")
def export_self_tests(user: User) -> list[dict]:
    rows = SelfTest.objects.filter(user=user).order_by("tested_on", "test")
    return [
        {"date": day.isoformat(), "test": test, "left": float(left), "right": float(right)}
        for day, test, left, right in rows.values_list("tested_on", "test", "left", "right")
    ]


@section("red_flags")
def export_red_flags(user: User) -> list[dict]:
    rows = RedFlag.objects.filter(user=user).order_by("reported_on")
    return [
        {"date": day.isoformat(), "signs": signs, "cleared_at": cleared.isoformat() if cleared else None}
        for day, signs, cleared in rows.values_list("reported_on", "signs", "cleared_at")
    ]
