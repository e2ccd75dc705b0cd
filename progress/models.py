"""A runner's records for the progress capability: pain ratings, morning pain, self-test
results, red flags, their optional profile (year of birth and sex, for the heel-rise
reference), and their level on each exercise's ladder with its history. Health data:
shown to its runner only; the admin shows counts."""

from django.conf import settings
from django.db import models
from django.utils import timezone as django_timezone

from routines.models import Exercise, Level

PAIN_RANGE = models.Q(pain__gte=0) & models.Q(pain__lte=10)


class PainDuring(models.Model):
    """Pain during an exercise on one of the runner's days, 0–10."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pain_during")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    rated_on = models.DateField(help_text="The runner's local date of the session.")
    pain = models.PositiveSmallIntegerField()
    rated_at = models.DateTimeField(default=django_timezone.now)

    class Meta:
        verbose_name_plural = "pain during ratings"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "rated_on", "exercise"], name="one_pain_rating_per_exercise_per_day"
            ),
            models.CheckConstraint(condition=PAIN_RANGE, name="pain_during_0_to_10"),
        ]

    def __str__(self) -> str:
        return f"pain rating #{self.pk}"


class MorningPain(models.Model):
    """Pain and stiffness on getting up, 0–10, on one of the runner's days."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="morning_pain")
    rated_on = models.DateField()
    pain = models.PositiveSmallIntegerField()
    rated_at = models.DateTimeField(default=django_timezone.now)

    class Meta:
        verbose_name_plural = "morning ratings"
        constraints = [
            models.UniqueConstraint(fields=["user", "rated_on"], name="one_morning_rating_per_day"),
            models.CheckConstraint(condition=PAIN_RANGE, name="morning_pain_0_to_10"),
        ]

    def __str__(self) -> str:
        return f"morning rating #{self.pk}"


class SelfTest(models.Model):
    """One self-test on one day: left and right (cm for knee-to-wall, reps for heel-rise)."""

    class Test(models.TextChoices):
        KNEE_TO_WALL = "knee-to-wall", "Knee-to-wall"
        HEEL_RISE = "heel-rise", "Single-leg heel-rise"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="self_tests")
    test = models.CharField(max_length=16, choices=Test.choices)
    tested_on = models.DateField()
    left = models.DecimalField(max_digits=4, decimal_places=1)
    right = models.DecimalField(max_digits=4, decimal_places=1)
    tested_at = models.DateTimeField(default=django_timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "tested_on", "test"], name="one_self_test_per_kind_per_day"),
            models.CheckConstraint(condition=models.Q(left__gte=0, right__gte=0), name="self_test_not_negative"),
        ]

    def __str__(self) -> str:
        return f"self-test #{self.pk}"


class RedFlag(models.Model):
    """Warning signs the runner reported; they stop suggestions until the runner clears them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="red_flags")
    reported_on = models.DateField()
    signs = models.JSONField(default=list)
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(cleared_at__isnull=True), name="one_open_red_flag_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"red flag report #{self.pk}"


class ProgressProfile(models.Model):
    """What the progress pages may know about the runner, all optional, and what they dismissed."""

    class Sex(models.TextChoices):
        NOT_SAID = "", "Prefer not to say"
        FEMALE = "female", "Female"
        MALE = "male", "Male"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="progress_profile"
    )
    birth_year = models.PositiveSmallIntegerField("year of birth", null=True, blank=True)
    sex = models.CharField(max_length=8, choices=Sex.choices, blank=True)
    morning_skipped_on = models.DateField(null=True, blank=True, help_text="The day the morning question was skipped.")
    test_reminder_dismissed_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"progress profile #{self.pk}"


class CurrentLevel(models.Model):
    """The runner's level on one exercise's ladder, and the day they started it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="levels")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+")
    since = models.DateField(help_text="The runner's local date this level began.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "exercise"], name="one_level_per_exercise")]

    def __str__(self) -> str:
        return f"current level #{self.pk}"


class LevelChange(models.Model):
    """One entry of the level history: who, when, from and to, why, and what the runner decided."""

    class Decision(models.TextChoices):
        START = "start", "Chose where to start"
        ACCEPTED = "accepted", "Accepted a suggestion"
        DECLINED = "declined", "Declined a suggestion"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="level_changes")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    from_level = models.ForeignKey(Level, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    to_level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.TextField(blank=True)
    decided_on = models.DateField()
    decided_at = models.DateTimeField(default=django_timezone.now)

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            # A double-submitted decline stores one row.
            models.UniqueConstraint(
                fields=["user", "exercise", "from_level", "to_level", "decided_on"],
                condition=models.Q(decision="declined"),
                name="one_decline_per_suggestion_per_day",
            ),
        ]
        indexes = [models.Index(fields=["user", "decided_at"], name="level_change_user_time")]

    def __str__(self) -> str:
        return f"level change #{self.pk}"
