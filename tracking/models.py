"""Per-user records: which exercise was done on which of the runner's days."""

from django.conf import settings
from django.db import models
from django.utils import timezone as django_timezone

from routines.models import Exercise


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

    class Meta:
        verbose_name_plural = "streak summaries"

    def __str__(self) -> str:
        return f"{self.user}: through {self.through}, run {self.run}, longest {self.longest}"
