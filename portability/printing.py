"""The printable plan's tick grid: four weeks from the runner's today."""

import datetime as dt

GRID_WEEKS = 4


def print_grid(today: dt.date) -> list[list[dt.date]]:
    """Four rows of seven days, the first starting on `today`."""
    return [[today + dt.timedelta(days=week * 7 + day) for day in range(7)] for week in range(GRID_WEEKS)]
