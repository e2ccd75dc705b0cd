"""Today, marking exercises done, rest days and pauses, the streak calendar, the day page
and the year view. Each view parses its input, calls a selector or a service, and renders
or redirects; the rules they rely on live in tracking.rules."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils import timezone as django_timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.timezones import local_today
from ankleapp.cachedtags import cached_reverse
from ankleapp.http import AuthenticatedRequest, redirect_back
from ankleapp.views import landing_for_visitors
from routines import timeline
from routines.models import Exercise
from tracking import fragments, hooks, rules, week
from tracking import month as month_grid
from tracking import year as year_grid
from tracking.rules import TrackingError
from tracking.selectors import Snapshot, plan_exercise, snapshot
from tracking.services import (
    completion_mark,
    completion_undo,
    pause_end,
    pause_start,
    rest_day_cancel,
    rest_day_plan,
    streak_summary_advance,
)

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _today(request: AuthenticatedRequest) -> tuple[dt.date, dt.datetime]:
    now = django_timezone.now()
    return local_today(request.user.timezone, now=now), now


def _read(
    request: AuthenticatedRequest, today: dt.date, now: dt.datetime, days: tuple[dt.date, dt.date] | None = None
) -> Snapshot:
    """The page's snapshot; the days that settled since the last page are kept for the next."""
    snap = snapshot(user=request.user, today=today, now=now, days=days)
    streak_summary_advance(user=request.user, snapshot=snap)
    return snap


@require_GET
@landing_for_visitors
def today_page(request: AuthenticatedRequest) -> HttpResponse:
    """The signed-in home page: the plan for the runner's today."""
    on, now = _today(request)
    snap = _read(request, on, now)
    # The runner's own doses and the sections other apps add come through tracking.hooks.
    day = snap.day(on)
    items = hooks.dosed_items(request.user, day.items)
    token = get_token(request)  # one masked token for the page, in every form
    context = {
        **day.context(),
        **week.week_context(snap, today=on),
        "items": items,
        "cards": fragments.exercise_cards(items, day=on, day_url="", csrf_token=token, player=True),
        "csrf_token": token,
        "panels": hooks.panels_by_place(hooks.today_panels(request.user, on, items)),
        "today": on,
        "day": on,
        "day_url": "",
        "nav": "today",
    }
    return render(request, "tracking/today.html", context)


@login_required
@require_GET
def session_page(request: AuthenticatedRequest, slug: str | None = None) -> HttpResponse:
    """The guided player: today's exercises not yet done (or the one asked for), as timelines.

    The page carries the day it was opened on, so a session that runs past midnight is
    marked done for the day it began.
    """
    on, now = _today(request)
    items = hooks.dosed_items(request.user, _read(request, on, now).day(on).items)
    if slug is None:
        chosen = [item for item in items if not item.done] or items
    else:
        chosen = [item for item in items if item.exercise.slug == slug]
        if not chosen:
            raise Http404("That exercise is not in the plan.")
    exercises = [item.exercise for item in chosen]
    timelines = [{**data, "done": item.done} for data, item in zip(timeline.as_data(exercises), chosen, strict=True)]
    context = {
        "today": on,
        "day": on,
        "day_url": "",
        "items": chosen,
        "exercises": exercises,
        "timelines": timelines,
        "single": exercises[0] if slug else None,
        "nav": "today",
    }
    return render(request, "tracking/session.html", context)


# --- Changing a day: mark, undo, rest, cancel a rest, pause, resume ----------------------


def _back_to_day(request: HttpRequest, day: dt.date, today: dt.date) -> HttpResponseRedirect:
    # The redirect's URL from the per-process table the templates' {% url %} use.
    return redirect_back(request, cached_reverse("home") if day == today else cached_reverse("tracking:day", (day,)))


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "tracking/bad_request.html", {"message": message}, status=400)


def _parse_day(request: HttpRequest, today: dt.date) -> dt.date:
    """The form's day (`on`; empty means today). Raises TrackingError."""
    return rules.parse_day(request.POST.get("on"), today=today)


def _parse_exercise_day(request: HttpRequest, today: dt.date) -> tuple[Exercise, dt.date]:
    """The form's day, then its plan exercise (`exercise`, a slug). Raises TrackingError."""
    day = _parse_day(request, today)
    return plan_exercise(request.POST.get("exercise")), day


@login_required
@require_POST
def mark(request: AuthenticatedRequest) -> HttpResponse:
    today, _ = _today(request)
    try:
        exercise, day = _parse_exercise_day(request, today)
        completion_mark(user=request.user, exercise=exercise, on=day, today=today)
    except TrackingError as error:
        return _bad_request(request, str(error))
    return _back_to_day(request, day, today)


@login_required
@require_POST
def undo(request: AuthenticatedRequest) -> HttpResponse:
    today, _ = _today(request)
    try:
        exercise, day = _parse_exercise_day(request, today)
        completion_undo(user=request.user, exercise=exercise, on=day, today=today)
    except TrackingError as error:
        return _bad_request(request, str(error))
    return _back_to_day(request, day, today)


@login_required
@require_POST
def rest(request: AuthenticatedRequest) -> HttpResponse:
    today, _ = _today(request)
    try:
        day = _parse_day(request, today)
        rest_day_plan(user=request.user, on=day, today=today)
    except TrackingError as error:
        return _bad_request(request, str(error))
    return _back_to_day(request, day, today)


@login_required
@require_POST
def rest_cancel(request: AuthenticatedRequest) -> HttpResponse:
    today, _ = _today(request)
    try:
        day = _parse_day(request, today)
        rest_day_cancel(user=request.user, on=day, today=today)
    except TrackingError as error:
        return _bad_request(request, str(error))
    return _back_to_day(request, day, today)


@login_required
@require_POST
def pause(request: AuthenticatedRequest) -> HttpResponse:
    today, _ = _today(request)
    try:
        starts_on = rules.parse_day(request.POST.get("starts_on"), today=today)
        ends_value = request.POST.get("ends_on")
        ends_on = rules.parse_day(ends_value, today=today) if ends_value else None
        pause_start(user=request.user, starts_on=starts_on, ends_on=ends_on, today=today)
    except TrackingError as error:
        return _bad_request(request, str(error))
    messages.success(request, "Your plan is paused. Paused days don't count against your streak or score.")
    return redirect_back(request, cached_reverse("home"))


@login_required
@require_POST
def resume(request: AuthenticatedRequest) -> HttpResponse:
    today, _ = _today(request)
    response = redirect_back(request, cached_reverse("home"))  # read the form before changing anything
    if pause_end(user=request.user, today=today):
        messages.success(request, "Welcome back: your plan is running again from today.")
    else:
        messages.info(request, "Your plan wasn't paused: nothing changed.")
    return response


# --- Pages over many days -------------------------------------------------------------


@login_required
@require_GET
def calendar_month(request: AuthenticatedRequest, year: int | None = None, month: int | None = None) -> HttpResponse:
    today, now = _today(request)
    latest = month_grid.latest_month(today, target=request.user.weekly_target)
    if year is None or month is None:
        shown = today.replace(day=1)
    else:
        if not (1 <= month <= 12 and 1900 <= year):
            raise Http404("No such month.")
        if (year, month) > (latest.year, latest.month):
            raise Http404("Nothing in that month can be opened yet.")
        shown = dt.date(year, month, 1)
    snap = _read(request, today, now, days=month_grid.month_bounds(shown.year, shown.month))
    summary = month_grid.month_summary(shown.year, shown.month, snap.facts, today=today, started=snap.started)
    previous = month_grid.add_months(shown, -1)
    following = month_grid.add_months(shown, 1)
    earliest = max(month_grid.earliest_month(snap.started), dt.date(1900, 1, 1))
    context = {
        "month": shown,
        "today": today,
        "summary": summary,
        "weeks": fragments.calendar_rows(
            month_grid.month_cells(summary.weeks, today=today, rest_enabled=snap.rest_enabled)
        ),
        "streaks": snap.streaks,
        "previous": previous if previous >= earliest else None,
        "next": following if following <= latest else None,
        "weekdays": WEEKDAYS,
        "rest_enabled": snap.rest_enabled,
        "nav": "calendar",
    }
    return render(request, "tracking/calendar.html", context)


@login_required
@require_GET
def day_page(request: AuthenticatedRequest, day: dt.date) -> HttpResponse:
    """Mark or undo a recent day (the late-logging window), or plan a rest day ahead."""
    today, now = _today(request)
    if not rules.is_day_page_open(day, today=today, target=request.user.weekly_target):
        raise Http404("That day can't be changed.")
    snap = _read(request, today, now)
    state = snap.day(day)
    context = {
        **state.context(),
        "items": hooks.dosed_items(request.user, state.items),  # the runner's levels, as on Today
        "day": day,
        "today": today,
        "day_url": request.path,
        "window_days": rules.LATE_LOGGING_DAYS,
        "nav": "calendar",
    }
    return render(request, "tracking/day.html", context)


@login_required
@require_GET
def year_view(request: AuthenticatedRequest) -> HttpResponse:
    """The last twelve months as a heat map, with the year's totals."""
    today, now = _today(request)
    snap = _read(request, today, now, days=(year_grid.first_shown_day(today), today))
    summary = year_grid.year_summary(snap.facts, today=today, started=snap.started)
    context = {
        "year": summary,
        "squares": year_grid.heat_squares(summary.columns, started=snap.started),
        "heat_labels": year_grid.heat_labels(summary.month_labels),
        "streaks": snap.streaks,
        "today": today,
        "nav": "calendar",
    }
    return render(request, "tracking/year.html", context)
