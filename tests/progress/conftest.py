"""The progress tests run at the shared NOW, as the tracking tests do, with the seeded ladders."""

import importlib

import pytest
import time_machine
from django.apps import apps

from tests.dates import NOW

LADDERS = importlib.import_module("routines.migrations.0006_seed_levels")


@pytest.fixture(autouse=True)
def ladders(request):
    """The ladders as the migration seeds them: a transactional test run earlier (the
    browser tests) flushes them with every table, and the plan is re-seeded without them."""
    if "db" in request.fixturenames:
        request.getfixturevalue("db")
        LADDERS.forwards(apps, schema_editor=None)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
