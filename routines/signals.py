"""Drop the cached plan (and with it the ladders) whenever an exercise or a level is saved
or deleted."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from routines.models import Exercise, Level
from routines.selectors import plan_changed


@receiver([post_save, post_delete], sender=Exercise)
def exercise_changed(**kwargs) -> None:
    plan_changed()


@receiver([post_save, post_delete], sender=Level)
def level_changed(**kwargs) -> None:
    plan_changed()
