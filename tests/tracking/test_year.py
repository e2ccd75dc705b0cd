"""The year heat map: the pure `year_summary` of tracking/year.py, and the
/calendar/year/ page that draws it, with its totals and its fixed query count.

Today is Tuesday 24 November 2026 (the clock is frozen in tests/tracking/conftest.py):
the heat map's 53 weeks run from Monday 24 November 2025, and its totals cover the
twelve months from 1 December 2025.
"""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from routines.selectors import plan_exercises
from tests.clients import new_client
from tests.dates import ONE_DAY, TODAY, d
from tests.factories import add_history, days_back, joined_on
from tests.pages import by_testid, elements, find_all
from tracking import month as month_grid
from tracking import year as year_grid
from tracking.models import PlanBreak
from tracking.rules import DayStatus
from tracking.services import streak_summary_rebuild
from tracking.streaks import Facts, Pause

FIRST_CELL = dt.date(2025, 11, 24)  # the Monday 52 weeks before this week's
YEAR_START = dt.date(2025, 12, 1)


def days(first: str, last: str) -> list[dt.date]:
    start, end = d(first), d(last)
    return [start + ONE_DAY * n for n in range((end - start).days + 1)]


STARTED = dt.date(2025, 1, 1)


def year(done=None, *, rest=(), pauses=(), started=STARTED, today=TODAY) -> year_grid.YearSummary:
    facts = Facts(planned=3, done=done or {}, rest=frozenset(rest), pauses=tuple(pauses))
    return year_grid.year_summary(facts, today=today, started=started)


def cells(summary) -> dict[dt.date, year_grid.HeatCell]:
    return {cell.day: cell for column in summary.columns for cell in column if cell}


# --- The pure summary ---------------------------------------------------------------


def test_the_heat_map_has_53_columns_of_7_days_monday_first():
    summary = year()
    assert len(summary.columns) == 53
    assert all(len(column) == 7 for column in summary.columns)
    assert summary.columns[0][0].day == FIRST_CELL
    for column in summary.columns:
        for weekday, cell in enumerate(column):
            if cell:
                assert cell.day.weekday() == weekday


def test_the_days_run_in_order_up_to_today_and_none_after():
    summary = year()
    shown = [cell.day for column in summary.columns for cell in column if cell]
    assert shown == days("2025-11-24", "2026-11-24")
    assert summary.columns[-1][:2] != [None, None]
    assert summary.columns[-1][1].day == TODAY
    assert summary.columns[-1][2:] == [None] * 5


def test_on_a_sunday_the_last_column_is_full():
    summary = year(today=d("2026-11-29"))
    assert summary.columns[-1][6].day == d("2026-11-29")
    assert summary.columns[0][0].day == d("2025-11-24")


def test_month_labels_sit_on_the_column_where_each_month_begins():
    summary = year()
    firsts = [d("2025-11-01")] + [month_grid.add_months(YEAR_START, n) for n in range(12)]
    assert [month for _, month in summary.month_labels] == firsts
    assert summary.month_labels[0] == (0, d("2025-11-01"))  # the first column names its month
    for index, month in summary.month_labels[1:]:
        assert month in [cell.day for cell in summary.columns[index] if cell]
    assert dict((m, i) for i, m in summary.month_labels)[d("2026-01-01")] == 5  # a Thursday in the sixth week


def test_the_shade_goes_by_the_fraction_done():
    by_day = cells(year({d("2026-11-10"): 1, d("2026-11-11"): 2, d("2026-11-12"): 3}))
    assert [by_day[dt.date(2026, 11, n)].level for n in (9, 10, 11, 12)] == [0, 1, 2, 3]
    assert [by_day[dt.date(2026, 11, n)].status for n in (9, 10, 11, 12)] == [
        DayStatus.MISSED,
        DayStatus.PARTIAL,
        DayStatus.PARTIAL,
        DayStatus.COMPLETE,
    ]
    assert (by_day[d("2026-11-11")].done, by_day[d("2026-11-11")].planned) == (2, 3)


def test_each_day_carries_its_status_rest_paused_today_and_before_the_start():
    summary = year(
        {d("2026-11-20"): 3},
        rest={d("2026-11-18")},
        pauses=[Pause(d("2026-11-21"), d("2026-11-22"))],
        started=d("2026-06-15"),
    )
    by_day = cells(summary)
    assert by_day[d("2026-06-14")].status is DayStatus.NOT_STARTED
    assert by_day[d("2026-06-15")].status is DayStatus.MISSED
    assert by_day[d("2026-11-18")].status is DayStatus.REST
    assert by_day[d("2026-11-21")].status is DayStatus.PAUSED
    assert by_day[TODAY].status is DayStatus.TODO


def test_sessions_count_complete_days_of_the_last_twelve_months_only():
    # 24–30 November 2025 are on the map but before the twelve months.
    done = dict.fromkeys(days("2025-11-24", "2025-11-30") + days("2026-03-02", "2026-03-11"), 3)
    summary = year(done | {d("2026-04-01"): 2})
    assert cells(summary)[d("2025-11-25")].level == 3
    assert summary.sessions == 10


def test_each_month_totals_complete_and_counted_days_oldest_first():
    done = dict.fromkeys(days("2026-03-01", "2026-03-20"), 3) | dict.fromkeys(days("2026-10-01", "2026-10-15"), 3)
    summary = year(done, rest={d("2026-10-20")}, started=d("2026-02-15"))
    # From the runner's first month: the months before it are not listed as "0 of 0".
    assert [total.month for total in summary.months] == [month_grid.add_months(YEAR_START, n) for n in range(2, 12)]
    totals = {total.month: total for total in summary.months}
    assert (totals[d("2026-02-01")].counted_days, totals[d("2026-02-01")].consistency) == (14, 0)
    assert (totals[d("2026-03-01")].complete_days, totals[d("2026-03-01")].consistency) == (20, 65)
    assert (totals[d("2026-10-01")].complete_days, totals[d("2026-10-01")].counted_days) == (15, 30)  # one rest day
    assert totals[d("2026-11-01")].counted_days == 23  # today is not over


def test_the_best_month_has_the_most_complete_days():
    done = dict.fromkeys(days("2026-03-01", "2026-03-20"), 3) | dict.fromkeys(days("2026-10-01", "2026-10-15"), 3)
    best = year(done).best_month
    assert (best.month, best.complete_days, best.consistency) == (d("2026-03-01"), 20, 65)


def test_with_equal_complete_days_the_more_consistent_month_is_best():
    # February has 28 days, March 31: 20 of each is more consistent in February.
    done = dict.fromkeys(days("2026-02-01", "2026-02-20"), 3) | dict.fromkeys(days("2026-03-01", "2026-03-20"), 3)
    assert year(done).best_month.month == d("2026-02-01")


def test_with_nothing_complete_there_is_no_best_month():
    summary = year({d("2026-11-20"): 2})
    assert (summary.sessions, summary.best_month) == (0, None)


# --- The page -------------------------------------------------------------------------


def squares(response) -> dict[str, list]:
    """The heat map's day squares by the date they name: the month link around the
    square, the square, and its title."""
    page = elements(response.content)
    (svg,) = [e for e in page if e.tag == "svg"]
    found = {}
    for rect in (e for e in page if e.tag == "rect" and e.is_inside(svg) and e["class"] != "heat-hit"):
        (title,) = [e for e in page if e.tag == "title" and e.parent is rect]
        found[title.text.split(":")[0]] = [rect.parent, rect, title]
    return found


def cell_labels(response) -> dict[str, str]:
    """What each square of the heat map says (its title), by date text."""
    return {day: title.text for day, (_, _, title) in squares(response).items()}


def test_it_requires_login(client, db):
    response = client.get("/calendar/year/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/calendar/year/"


def test_it_rejects_post(alice_client):
    assert alice_client.post("/calendar/year/").status_code == 405


def test_every_day_square_is_labelled_for_screen_readers(alice, alice_client, plan):
    joined_on(alice, d("2026-06-15"))
    add_history(alice, [d("2026-11-12")])
    add_history(alice, [d("2026-11-11")], plan[:2])
    PlanBreak.objects.create(user=alice, kind=PlanBreak.Kind.REST, starts_on=d("2026-11-18"), ends_on=d("2026-11-18"))
    PlanBreak.objects.create(user=alice, kind=PlanBreak.Kind.PAUSE, starts_on=d("2026-11-20"), ends_on=d("2026-11-21"))
    labels = cell_labels(alice_client.get("/calendar/year/"))
    assert len(labels) == 366  # 24 November 2025 to today
    assert labels["12 November 2026"] == "12 November 2026: complete, 3 of 3 exercises done"
    assert labels["11 November 2026"] == "11 November 2026: 2 of 3 exercises done"
    assert labels["10 November 2026"] == "10 November 2026: missed, 0 of 3 exercises done"
    assert labels["18 November 2026"] == "18 November 2026: planned rest day"
    assert labels["20 November 2026"] == "20 November 2026: plan paused"
    assert labels["24 November 2026"] == "24 November 2026: today, not done yet"
    assert labels["1 June 2026"] == "1 June 2026: before you started"
    assert "25 November 2026" not in labels


def test_each_square_links_to_its_month_and_is_shaded_by_what_was_done(alice, alice_client, plan):
    joined_on(alice, d("2025-12-15"))
    add_history(alice, [d("2026-11-12")])
    add_history(alice, [d("2026-11-11")], plan[:1])
    by_day = squares(alice_client.get("/calendar/year/"))
    assert by_day["12 November 2026"][0]["href"] == "/calendar/2026/11/"
    assert by_day["3 January 2026"][0]["href"] == "/calendar/2026/1/"
    assert by_day["1 December 2025"][0]["href"] == "/calendar/2025/12/"
    # Before the runner's first month there is nothing of theirs to open.
    assert by_day["30 November 2025"][0].tag == "g"

    def shade(day):
        (rect,) = [e for e in by_day[day] if e.tag == "rect"]
        return rect["class"].split()

    assert "heat-1" in shade("11 November 2026")
    assert "heat-3" in shade("12 November 2026")
    assert "heat-0" in shade("10 November 2026")


def test_old_rest_days_and_pauses_still_show_after_the_summary_is_rebuilt(alice, alice_client):
    add_history(alice, days("2026-05-01", "2026-05-10") + days("2026-05-12", "2026-05-20"))
    PlanBreak.objects.create(user=alice, kind=PlanBreak.Kind.REST, starts_on=d("2026-05-11"), ends_on=d("2026-05-11"))
    PlanBreak.objects.create(user=alice, kind=PlanBreak.Kind.PAUSE, starts_on=d("2026-06-01"), ends_on=d("2026-06-07"))
    streak_summary_rebuild(user=alice)
    response = alice_client.get("/calendar/year/")
    labels = cell_labels(response)
    assert labels["11 May 2026"] == "11 May 2026: planned rest day"
    assert labels["3 June 2026"] == "3 June 2026: plan paused"
    assert by_testid(response, "year-longest") == "19"


def test_each_month_of_the_map_is_one_link_to_its_calendar(alice, alice_client):
    # One tap target a month, not a 6-pixel square a day: a phone can open any month.
    joined_on(alice, d("2025-01-01"))
    response = alice_client.get("/calendar/year/")
    page = elements(response.content)
    (svg,) = [e for e in page if e.tag == "svg"]
    links = [e for e in page if e.tag == "a" and e.is_inside(svg)]
    expected_months = [d("2025-11-01")] + [month_grid.add_months(YEAR_START, n) for n in range(12)]
    assert [a["href"] for a in links] == [f"/calendar/{m.year}/{m.month}/" for m in expected_months]
    names = [next(e.text for e in page if e.tag == "title" and e.parent is a) for a in links]
    assert names == [f"{m:%B %Y}: open the month" for m in expected_months]
    assert sum(1 for e in page if e.tag == "rect" and e.parent in links and e["class"] != "heat-hit") == 366
    assert all(alice_client.get(a["href"]).status_code == 200 for a in links[:2])
    # The month names above the map are a picture of the links, hidden from screen readers.
    texts = [e for e in page if e.tag == "text" and e.get("class") == "heat-label"]
    assert [(t.text, t.get("aria-hidden")) for t in texts] == [(f"{m:%b}", "true") for m in expected_months]


def test_it_shows_the_years_totals(alice, alice_client):
    add_history(alice, days("2025-11-20", "2025-12-05") + days("2026-03-01", "2026-03-12") + [d("2026-11-23")])
    response = alice_client.get("/calendar/year/")
    assert by_testid(response, "year-sessions") == "18"  # 5 in December, 12 in March, 1 in November
    assert by_testid(response, "year-longest") == "16"  # 20 November to 5 December 2025, as on Today
    assert by_testid(response, "year-best-month") == "Mar 2026"
    best = [dd.text for dd in find_all(response, "dd") if "Mar 2026" in dd.text]
    assert best == ["Mar 2026 · 12 days"]
    rows = {row.text for row in find_all(response, "tr")}
    assert "March 2026 12 of 31 39%" in rows


def test_with_no_history_the_totals_say_so(alice_client):
    response = alice_client.get("/calendar/year/")
    assert by_testid(response, "year-sessions") == "0"
    assert by_testid(response, "year-longest") == "0"
    assert by_testid(response, "year-best-month") == "—"


def test_the_month_calendar_links_to_the_year(alice_client):
    assert find_all(alice_client.get("/calendar/"), "a", href="/calendar/year/")


def year_queries(user) -> tuple[int, object]:
    client = new_client(user)
    client.get("/calendar/year/")  # the first visit folds what is new since the rebuild
    plan_exercises()  # the plan is cached, as after any visit
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/calendar/year/")
    assert response.status_code == 200
    return len(queries), response


def test_the_year_view_runs_the_same_few_queries_for_no_history_and_ten_years(make_user):
    fresh = make_user("fresh@example.com", timezone="Europe/London")
    veteran = make_user("veteran@example.com", timezone="Europe/London")
    add_history(veteran, days_back(3653))
    for runner in (fresh, veteran):
        streak_summary_rebuild(user=runner)

    fresh_count, _ = year_queries(fresh)
    veteran_count, response = year_queries(veteran)
    # The session with its user, the streak summary, the year's completions, its rest days and pauses.
    assert fresh_count == veteran_count == 4
    assert by_testid(response, "year-sessions") == "359"  # every day from 1 December 2025
    assert by_testid(response, "year-longest") == "3653"  # the runner's longest, as on Today
