"""Fixtures for the tracking tests: a frozen clock and the plan.

The clock is frozen for every test in this folder at NOW (a Tuesday, noon UTC), before
any user is created, so "today", `date_joined` and the settled boundary are known.
"""

import pytest
import time_machine

from routines.selectors import plan_exercises
from tests.dates import NOW


@pytest.fixture(autouse=True)
def clock():
    """The frozen clock; move it with `clock.move_to(moment)`."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def plan(db):
    return plan_exercises()
