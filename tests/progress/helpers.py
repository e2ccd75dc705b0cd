"""Histories the progress tests share."""

import datetime as dt

from progress.models import MorningPain, PainDuring
from routines.selectors import plan_exercises
from tests.dates import ONE_DAY, TODAY
from tracking.models import Completion

HEEL = "eccentric-heel-raise"


def sessions(user, pains: list[int], mornings: list[int], *, slug: str = HEEL, last: dt.date = TODAY - ONE_DAY):
    """Sessions on consecutive days ending `last` (marked done and rated), and the mornings
    ending the day after."""
    exercise = next(e for e in plan_exercises() if e.slug == slug)
    days = [last - ONE_DAY * (len(pains) - 1 - i) for i in range(len(pains))]
    for day, pain in zip(days, pains, strict=True):
        Completion.objects.create(user=user, exercise=exercise, completed_on=day)
        PainDuring.objects.create(user=user, exercise=exercise, rated_on=day, pain=pain)
    first_morning = last + ONE_DAY - ONE_DAY * (len(mornings) - 1)
    for i, pain in enumerate(mornings):
        MorningPain.objects.create(user=user, rated_on=first_morning + i * ONE_DAY, pain=pain)
