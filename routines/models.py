"""The exercise catalogue. Knows nothing about users."""

import copy
import re
from urllib.parse import parse_qs, urlparse

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from routines import timeline

YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")


def youtube_video_id(url: str) -> str | None:
    """The video id of a YouTube watch/short/embed link, or None for anything else."""
    if not url:
        return None
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    candidate = None
    if host == "youtu.be":
        candidate = parsed.path.lstrip("/").split("/")[0]
    elif host in ("youtube.com", "youtube-nocookie.com"):
        if parsed.path == "/watch":
            candidate = parse_qs(parsed.query).get("v", [None])[0]
        elif parsed.path.startswith(("/embed/", "/shorts/", "/live/")):
            candidate = parsed.path.split("/")[2]
    return candidate if candidate and YOUTUBE_ID.fullmatch(candidate) else None


class Dose(models.Model):
    """A full dose: sets, reps, hold, tempo and side, and the guided session's timings.
    An exercise has the plan's dose; each level of its ladder has its own."""

    sets = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(20)])
    reps = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(200)], help_text="Leave empty for a timed hold."
    )
    hold_seconds = models.PositiveSmallIntegerField(
        "hold (seconds)", null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    tempo = models.CharField(
        "tempo in words", max_length=60, blank=True, help_text="Shown with the dose, for example “3 seconds down”."
    )
    per_side = models.BooleanField(default=False, help_text="The player runs each set on the left, then the right.")
    up_seconds = models.PositiveSmallIntegerField(
        "seconds up",
        default=1,
        validators=[MaxValueValidator(30)],
        help_text="The guided session's time for the way up.",
    )
    down_seconds = models.PositiveSmallIntegerField(
        "seconds down", default=2, validators=[MaxValueValidator(30)], help_text="The time for the way back down."
    )
    up_cue = models.CharField(
        "cue for the way up", max_length=60, default="Up", help_text="Said and shown at the start of each rep."
    )
    down_cue = models.CharField("cue for the way down", max_length=60, default="Down")
    rest_seconds = models.PositiveSmallIntegerField(
        "rest between sets (seconds)", default=30, validators=[MaxValueValidator(600)]
    )

    class Meta:
        abstract = True


class Exercise(Dose):
    class Focus(models.TextChoices):
        MOBILITY = "mobility", "Mobility"
        STRENGTH = "strength", "Strength"
        TENDON = "tendon", "Tendon"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(
        "position in the plan", default=1, help_text="The plan runs from the lowest number up."
    )
    in_plan = models.BooleanField(
        "in the daily plan", default=True, help_text="Untick to keep the exercise in the library only."
    )
    focus = models.CharField(max_length=16, choices=Focus.choices)
    summary = models.CharField(max_length=240)
    steps = models.TextField("how-to steps", help_text="One step per line.")
    purpose = models.TextField()
    cues = models.TextField(blank=True, help_text="One cue per line.")
    equipment = models.CharField(max_length=120, blank=True)

    video_url = models.URLField(
        "video link",
        blank=True,
        help_text="A YouTube link is embedded (privacy-enhanced, after a click); any other link is shown as is.",
    )
    video_title = models.CharField(max_length=120, blank=True)
    source_url = models.URLField("source", blank=True)
    image = models.ImageField(upload_to="exercises/", blank=True)
    image_alt = models.CharField("image description", max_length=200, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("routines:exercise_detail", args=[self.slug])

    @property
    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]

    @property
    def cue_list(self) -> list[str]:
        return [line.strip() for line in self.cues.splitlines() if line.strip()]

    @property
    def dose(self) -> str:
        """The dose in words, for example "3 × 15 reps, 3 seconds down, each side"."""
        parts = []
        if self.reps:
            parts.append(f"{self.sets} × {self.reps} reps" if self.sets > 1 else f"{self.reps} reps")
        elif self.sets > 1:
            parts.append(f"{self.sets} sets")
        if self.hold_seconds:
            parts.append(f"hold {self.hold_seconds} s")
        if self.tempo:
            parts.append(self.tempo)
        if self.per_side:
            parts.append("each side")
        return ", ".join(parts)

    @property
    def dose_short(self) -> str:
        """The dose in one short line for a card, for example "3 × 15 each side, 3 s down"."""
        count = f"{self.reps}" if self.reps else f"{self.hold_seconds or 0} s"
        parts = [f"{self.sets} × {count}" if self.sets > 1 else count]
        if self.per_side:
            parts[0] += " each side"
        if self.reps and self.hold_seconds:
            parts.append(f"hold {self.hold_seconds} s")
        if self.reps and self.down_seconds >= 3:
            parts.append(f"{self.down_seconds} s down")
        return ", ".join(parts)

    @property
    def session_seconds(self) -> int:
        """How long the guided session of this exercise takes, from its timeline."""
        return timeline.total_seconds(self)

    @property
    def session_minutes(self) -> int:
        return timeline.minutes(self.session_seconds)

    @property
    def youtube_id(self) -> str | None:
        return youtube_video_id(self.video_url)

    @property
    def video_on_youtube(self) -> bool:
        host = (urlparse(self.video_url).hostname or "").lower()
        return host == "youtu.be" or host.endswith(("youtube.com", "youtube-nocookie.com"))

    @property
    def video_is_search(self) -> bool:
        """True for a link to search results rather than to one video."""
        parsed = urlparse(self.video_url)
        return (parsed.hostname or "").endswith("youtube.com") and parsed.path == "/results"

    @property
    def youtube_embed_url(self) -> str | None:
        video_id = self.youtube_id
        return f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1" if video_id else None


# --- The ladder of levels -------------------------------------------------------------

# The fields of a dose: an Exercise's and a Level's have the same names and meanings, so
# the guided session's timeline plays either (a level's dose is put on a copy of its
# exercise by `with_level`). tests/routines/test_levels.py checks the two stay alike.
DOSE_FIELDS = (
    "sets",
    "reps",
    "hold_seconds",
    "tempo",
    "per_side",
    "up_seconds",
    "down_seconds",
    "up_cue",
    "down_cue",
    "rest_seconds",
)


class Level(Dose):
    """One step of an exercise's progression ladder: what changes, and its full dose."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="levels")
    position = models.PositiveSmallIntegerField(help_text="The ladder runs from the lowest number up.")
    name = models.CharField(max_length=80)
    changes = models.TextField(
        "what changes", help_text="What the runner does differently at this level, one instruction per line."
    )
    added_load = models.CharField(max_length=80, blank=True, help_text="For example “+5 kg in a backpack”.")
    source = models.CharField(max_length=200, blank=True, help_text="Where this step comes from.")

    class Meta:
        ordering = ["exercise", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["exercise", "position"], name="one_level_per_position")]

    def __str__(self) -> str:
        return f"{self.exercise} · {self.position}. {self.name}"

    @property
    def change_list(self) -> list[str]:
        return [line.strip() for line in self.changes.splitlines() if line.strip()]


def with_level(exercise: Exercise, level: Level | None) -> Exercise:
    """A copy of `exercise` carrying `level`'s dose (the exercise itself without a level).

    Pages, the player and the timeline read the copy as they read any exercise; it is
    never saved."""
    if level is None:
        return exercise
    dosed = copy.copy(exercise)
    for name in DOSE_FIELDS:
        setattr(dosed, name, getattr(level, name))
    dosed.level = level  # type: ignore[attr-defined]
    return dosed
