"""The self-test reminder every four weeks, and the dependency rule between the apps."""

import datetime as dt
import pathlib

import pytest

from progress.today import test_due as is_test_due
from tests.dates import TODAY

DAY = dt.timedelta(days=1)
STARTED = TODAY - 100 * DAY


@pytest.mark.parametrize(
    "last, dismissed, started, due",
    [
        (None, None, TODAY - 27 * DAY, False),  # a new runner: not in the first four weeks
        (None, None, TODAY - 28 * DAY, True),  # four weeks after starting
        (TODAY - 27 * DAY, None, STARTED, False),
        (TODAY - 28 * DAY, None, STARTED, True),  # four weeks after the last test
        (TODAY - 40 * DAY, TODAY - 27 * DAY, STARTED, False),  # dismissed within four weeks
        (TODAY - 60 * DAY, TODAY - 28 * DAY, STARTED, True),  # dismissed four weeks ago: asks again
        (TODAY - 60 * DAY, TODAY, STARTED, False),  # dismissed today
    ],
)
def test_a_self_test_is_suggested_every_four_weeks(last, dismissed, started, due):
    assert is_test_due(last, dismissed, today=TODAY, started=started) is due


def test_tracking_never_imports_progress():
    root = pathlib.Path(__file__).resolve().parents[2] / "tracking"
    for path in root.rglob("*.py"):
        text = path.read_text()
        assert "import progress" not in text and "from progress" not in text, path
