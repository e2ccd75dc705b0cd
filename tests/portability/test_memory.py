"""The downloads stream: memory stays flat however long the history.

tracemalloc's peak while a whole export is generated (and thrown away, as a socket
would send it) for a runner with ten years of history, against one with one year.
"""

import tracemalloc

import pytest

from accounts.models import User
from portability.export import export_csv, export_json
from tests.dates import NOW, TODAY
from tests.factories import add_history, days_back
from tracking.services import streak_summary_rebuild

RESULTS: dict[tuple[str, int], int] = {}


def peak_while(stream) -> tuple[int, int]:
    tracemalloc.start()
    tracemalloc.reset_peak()
    size = 0
    for piece in stream:
        size += len(piece)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, size


def runner_with_years(years: int) -> User:
    user = User.objects.create_user(email=f"runner{years}@example.com", password="x", timezone="Europe/London")
    add_history(user, days_back(365 * years))
    streak_summary_rebuild(user=user, now=NOW)
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_memory_stays_flat_from_one_year_to_ten(kind, db, capsys):
    peaks = {}
    for years in (1, 10):
        user = runner_with_years(years)
        if kind == "json":
            stream = export_json(user, now=NOW)
        else:
            stream = export_csv(user, today=TODAY, now=NOW)
        peaks[years], size = peak_while(stream)
        with capsys.disabled():
            print(f"\n{kind}: {years:>2} years, {size / 1024:,.0f} KiB streamed, peak {peaks[years] / 1024:,.0f} KiB")
    # Ten times the history, not ten times the memory: within 1.5 × of one year's peak.
    assert peaks[10] < peaks[1] * 1.5, peaks
