"""Server-rendered charts: numbers turned into SVG coordinates. Pure, no ORM, no clock.

A template draws the SVG from these (no chart library, no script), always beside a table
of the same numbers, so the chart is a picture of the table and never the only copy.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 320, 160
LEFT, RIGHT, TOP, BOTTOM = 28, 8, 8, 22  # margins for the axis labels


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    day: dt.date
    value: Decimal | int


@dataclass(frozen=True)
class Series:
    name: str
    css: str  # a class: the colour and the dash come from the stylesheet
    points: tuple[Point, ...]

    @property
    def path(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class Tick:
    at: float
    label: str
    anchor: str = "middle"  # SVG text-anchor: the first and last date labels stay inside


@dataclass(frozen=True)
class Band:
    y: float
    height: float
    label: str
    css: str = "chart-band"


@dataclass(frozen=True)
class Chart:
    series: tuple[Series, ...]
    y_ticks: tuple[Tick, ...]
    x_ticks: tuple[Tick, ...]
    bands: tuple[Band, ...] = ()
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_bottom: int = HEIGHT - BOTTOM

    @property
    def plot_width(self) -> int:
        return self.plot_right - self.plot_left

    @property
    def empty(self) -> bool:
        return not any(s.points for s in self.series)


def _x(day: dt.date, first: dt.date, last: dt.date) -> float:
    span = max((last - first).days, 1)
    return LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span


def _y(value: float, low: float, high: float) -> float:
    span = (high - low) or 1
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (value - low) / span)


def _x_ticks(first: dt.date, last: dt.date, count: int = 4) -> tuple[Tick, ...]:
    span = (last - first).days
    days = sorted({first + dt.timedelta(days=round(span * i / count)) for i in range(count + 1)})
    anchors = {days[0]: "start", days[-1]: "end"}
    return tuple(Tick(_x(day, first, last), f"{day:%-d %b}", anchors.get(day, "middle")) for day in days)


def time_chart(
    named: Sequence[tuple[str, str, Sequence[tuple[dt.date, Decimal | int]]]],
    *,
    first: dt.date,
    last: dt.date,
    low: float,
    high: float,
    y_step: float,
    bands: Sequence[tuple[float, float, str]] = (),
    band_css: str = "chart-band",
) -> Chart:
    """Series of (day, value) over the days first..last on a fixed scale low..high."""
    values = [float(v) for _, _, points in named for _, v in points]
    high = max([high, *values])
    series = tuple(
        Series(
            name,
            css,
            tuple(
                Point(_x(day, first, last), _y(float(value), low, high), day, value)
                for day, value in sorted(points)
                if first <= day <= last
            ),
        )
        for name, css, points in named
    )
    ticks = []
    value = low
    while value <= high + 1e-9:
        ticks.append(Tick(_y(value, low, high), f"{value:g}"))
        value += y_step
    drawn = tuple(
        Band(
            _y(min(top, high), low, high),
            _y(max(bottom, low), low, high) - _y(min(top, high), low, high),
            label,
            band_css,
        )
        for bottom, top, label in bands
    )
    return Chart(series, tuple(ticks), _x_ticks(first, last), drawn)
