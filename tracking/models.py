"""Per-user records: which exercise was done on which of the runner's days."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone as django_timezone

from routines.models import Exercise
from tracking.streaks import StreakState


class Completion(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="completions")
    # Keep the history if staff retire an exercise: take it out of the plan instead.
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField(help_text="The runner's local date, in their time zone when they marked it.")
    completed_at = models.DateTimeField(default=django_timezone.now, help_text="When it was marked (UTC).")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "completed_on", "exercise"], name="one_completion_per_exercise_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.exercise} · {self.completed_on}"


class StreakSummary(models.Model):
    """The streak fold over a runner's settled days (see tracking/streaks.py).

    Days up to `through` are old enough that no one can mark or undo them any more,
    so their contribution to the streaks is computed once and kept here.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="streak_summary"
    )
    through = models.DateField(null=True, blank=True)
    run = models.PositiveIntegerField(default=0)
    longest = models.PositiveIntegerField(default=0)
    score = models.FloatField(default=0.0)
    week_run = models.PositiveIntegerField(default=0)
    week_longest = models.PositiveIntegerField(default=0)
    week_complete = models.PositiveSmallIntegerField(default=0)
    week_paused = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name_plural = "streak summaries"

    def __str__(self) -> str:
        return f"{self.user}: through {self.through}, run {self.run}, longest {self.longest}"

    @property
    def state(self) -> StreakState:
        """The fold's state this row stores."""
        return StreakState(
            through=self.through,
            run=self.run,
            longest=self.longest,
            score=self.score,
            week_run=self.week_run,
            week_longest=self.week_longest,
            week_complete=self.week_complete,
            week_paused=self.week_paused,
        )

    @staticmethod
    def fields_of(state: StreakState) -> dict[str, Any]:
        """The row's fields for a fold's state (for create, update or update_or_create)."""
        return {
            "through": state.through,
            "run": state.run,
            "longest": state.longest,
            "score": state.score,
            "week_run": state.week_run,
            "week_longest": state.week_longest,
            "week_complete": state.week_complete,
            "week_paused": state.week_paused,
        }


class PlanBreak(models.Model):
    """A planned rest day (one day) or an injured / paused period (open-ended or not).

    Neither extends nor breaks a streak, and the score holds still through it.
    """

    class Kind(models.TextChoices):
        REST = "rest", "Rest day"
        PAUSE = "pause", "Paused"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_breaks")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="The last day, inclusive; empty while it lasts.")
    created_at = models.DateTimeField(default=django_timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "starts_on"], condition=models.Q(kind="rest"), name="one_rest_mark_per_day"
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(kind="pause", ends_on__isnull=True),
                name="one_open_pause_per_user",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="break_ends_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["user", "ends_on"], name="break_user_end")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()} · {self.starts_on}–{self.ends_on or '…'}"
