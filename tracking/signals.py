"""Give every new runner their (empty) streak summary, so pages only ever read it."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from tracking.models import StreakSummary


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def create_streak_summary(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        StreakSummary.objects.get_or_create(user=instance)
