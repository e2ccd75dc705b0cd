"""Fixtures for the tracking tests: a frozen clock, the plan and bob's client.

The clock is frozen for every test in this folder at NOW (a Tuesday, noon UTC), before
any user is created, so "today", `date_joined` and the settled boundary are known.
"""

import pytest
import time_machine

from routines.selectors import plan_exercises
from tests.clients import new_client
from tests.tracking.factories import NOW


@pytest.fixture(autouse=True)
def clock():
    """The frozen clock; move it with `clock.move_to(moment)`."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def plan(db):
    return plan_exercises()


@pytest.fixture
def bob_client(bob):
    return new_client(bob)
