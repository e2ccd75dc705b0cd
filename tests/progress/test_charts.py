"""The server-drawn charts: values on a fixed scale, dates along the width, bands and labels."""

import datetime as dt

from progress import charts
from tests.dates import TODAY

FIRST = TODAY - dt.timedelta(days=55)


def test_points_sit_on_the_scale_and_the_dates():
    chart = charts.time_chart(
        [("Pain", "series", [(FIRST, 0), (TODAY, 10)])], first=FIRST, last=TODAY, low=0, high=10, y_step=5
    )
    first, last = chart.series[0].points
    assert (first.x, first.y) == (charts.LEFT, charts.HEIGHT - charts.BOTTOM)  # bottom left
    assert (last.x, last.y) == (charts.WIDTH - charts.RIGHT, charts.TOP)  # top right
    assert [tick.label for tick in chart.y_ticks] == ["0", "5", "10"]
    assert chart.series[0].path == f"{first.x:.1f},{first.y:.1f} {last.x:.1f},{last.y:.1f}"


def test_points_outside_the_days_shown_are_left_out_and_the_scale_grows_to_fit():
    chart = charts.time_chart(
        [("Reps", "series", [(FIRST - dt.timedelta(days=1), 5), (TODAY, 40)])],
        first=FIRST,
        last=TODAY,
        low=0,
        high=30,
        y_step=10,
    )
    assert [p.value for p in chart.series[0].points] == [40]
    assert chart.y_ticks[-1].label == "40"


def test_the_first_and_last_date_labels_stay_inside_the_chart():
    chart = charts.time_chart([("x", "s", [])], first=FIRST, last=TODAY, low=0, high=10, y_step=5)
    anchors = [tick.anchor for tick in chart.x_ticks]
    assert anchors[0] == "start" and anchors[-1] == "end" and set(anchors[1:-1]) == {"middle"}
    assert chart.empty


def test_a_band_covers_its_values():
    chart = charts.time_chart(
        [("x", "s", [])], first=FIRST, last=TODAY, low=0, high=10, y_step=5, bands=[(5, 10, "too much")]
    )
    band = chart.bands[0]
    assert band.y == charts.TOP
    assert band.y + band.height == (charts.TOP + charts.HEIGHT - charts.BOTTOM) / 2
