"""Shared helpers for the data tests: a runner with a varied history, and reading it back."""

import datetime as dt
import json

import pytest
import time_machine

from routines.selectors import plan_exercises
from tests.dates import NOW, TODAY
from tests.factories import add_history, days_back, joined_on
from tracking.models import PlanBreak
from tracking.selectors import snapshot


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def history(alice):
    """Alice: 90 days in, most days complete, some partial, two rest days, a finished pause,
    a weekly target change, and a rest day planned ahead."""
    plan = plan_exercises()
    joined_on(alice, TODAY - dt.timedelta(days=90))
    days = [day for day in days_back(90) if day.toordinal() % 5 != 0]
    add_history(alice, days[:60])
    add_history(alice, days[60:], exercises=plan[:1])
    monday = TODAY - dt.timedelta(days=TODAY.weekday() + 28)
    alice.weekly_target, alice.weekly_target_changes = 5, [[monday.isoformat(), 5]]
    alice.save()
    for day in (TODAY - dt.timedelta(days=10), TODAY + dt.timedelta(days=3)):
        PlanBreak.objects.create(user=alice, kind=PlanBreak.Kind.REST, starts_on=day, ends_on=day)
    PlanBreak.objects.create(
        user=alice,
        kind=PlanBreak.Kind.PAUSE,
        starts_on=TODAY - dt.timedelta(days=40),
        ends_on=TODAY - dt.timedelta(days=33),
    )
    return alice


def export_of(client) -> dict:
    response = client.get("/settings/data/export.json")
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def picture_of(user, *, first: dt.date) -> tuple:
    """What the runner sees: every day's status from `first` to today, and the streaks."""
    view = snapshot(user=user, today=TODAY, now=NOW, days=(first, TODAY + dt.timedelta(days=7)))
    statuses = []
    day = first
    while day <= TODAY + dt.timedelta(days=7):
        statuses.append((day, str(view.status(day))))
        day += dt.timedelta(days=1)
    return statuses, view.streaks


def upload(client, data: bytes | str, name: str = "export.json", url: str = "/settings/data/import/", **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = data.encode() if isinstance(data, str) else data
    return client.post(url, {"file": SimpleUploadedFile(name, content), **extra})
