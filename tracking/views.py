"""Today, marking exercises done, the streak calendar and the late-logging day page."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone as django_timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from accounts.timezones import local_today
from tracking import presenters, streaks
from tracking.selectors import snapshot
from tracking.services import (
    TrackingError,
    completion_mark,
    completion_undo,
    parse_day,
    pause_end,
    pause_start,
    plan_exercise,
    rest_day_cancel,
    rest_day_plan,
)


def _today(request: HttpRequest) -> tuple[dt.date, dt.datetime]:
    now = django_timezone.now()
    return local_today(request.user.timezone, now=now), now


def _plan_items(snap, day: dt.date) -> list[dict]:
    done_ids = snap.done_ids(day)
    return [{"exercise": exercise, "done": exercise.pk in done_ids} for exercise in snap.plan]


def _day_context(snap, day: dt.date) -> dict:
    """What the Today and day pages show about one day."""
    items = _plan_items(snap, day)
    status = snap.status(day)
    pause = snap.current_pause()
    rest_taken = snap.rest_days_in_week(day)
    allowance = snap.rest_allowance(day)
    return {
        "items": items,
        "done": sum(item["done"] for item in items),
        "planned": snap.planned,
        "status": status,
        "complete": status is streaks.DayStatus.COMPLETE,
        "is_rest": day in snap.facts.rest,
        "is_paused": snap.facts.paused(day),
        "pause": pause,
        "pause_is_current": pause is not None and pause.starts_on <= snap.today,
        "rest_allowance": allowance,
        "rest_taken": rest_taken,
        "can_rest": allowance > rest_taken and day >= snap.today and day not in snap.facts.rest,
        "streaks": snap.streaks,
    }


def today_page(request: HttpRequest) -> HttpResponse:
    """The signed-in home page: the plan for the runner's today."""
    today, now = _today(request)
    snap = snapshot(user=request.user, today=today, now=now)
    context = {**_day_context(snap, today), "today": today, "day": today, "day_url": "", "nav": "today"}
    return render(request, "tracking/today.html", context)


def _back_to(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    """A redirect to the form's `next` path on this site, or else to `fallback`."""
    target = request.POST.get("next", "")
    is_local_path = target.startswith("/") and not target.startswith(("//", "/\\"))
    if is_local_path and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(fallback)


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "tracking/bad_request.html", {"message": message}, status=400)


def _change(request: HttpRequest, action, *, with_exercise: bool = True) -> HttpResponse:
    today, _ = _today(request)
    try:
        day = parse_day(request.POST.get("on"), today=today)
        if with_exercise:
            action(user=request.user, exercise=plan_exercise(request.POST.get("exercise")), on=day, today=today)
        else:
            action(user=request.user, on=day, today=today)
    except TrackingError as error:
        return _bad_request(request, str(error))
    fallback = reverse("home") if day == today else reverse("tracking:day", args=[day.isoformat()])
    return _back_to(request, fallback)


@login_required
@require_POST
def mark(request: HttpRequest) -> HttpResponse:
    return _change(request, completion_mark)


@login_required
@require_POST
def undo(request: HttpRequest) -> HttpResponse:
    return _change(request, completion_undo)


@login_required
@require_POST
def rest(request: HttpRequest) -> HttpResponse:
    return _change(request, rest_day_plan, with_exercise=False)


@login_required
@require_POST
def rest_cancel(request: HttpRequest) -> HttpResponse:
    return _change(request, rest_day_cancel, with_exercise=False)


@login_required
@require_POST
def pause(request: HttpRequest) -> HttpResponse:
    today, _ = _today(request)
    try:
        starts_on = parse_day(request.POST.get("starts_on"), today=today)
        ends_value = request.POST.get("ends_on")
        ends_on = parse_day(ends_value, today=today) if ends_value else None
        pause_start(user=request.user, starts_on=starts_on, ends_on=ends_on, today=today)
    except TrackingError as error:
        return _bad_request(request, str(error))
    messages.success(request, "Your plan is paused. Paused days don't count against your streak or score.")
    return _back_to(request, reverse("home"))


@login_required
@require_POST
def resume(request: HttpRequest) -> HttpResponse:
    today, _ = _today(request)
    response = _back_to(request, reverse("home"))  # read the form before changing anything
    if pause_end(user=request.user, today=today):
        messages.success(request, "Welcome back: your plan is running again from today.")
    else:
        messages.info(request, "Your plan wasn't paused: nothing changed.")
    return response


@login_required
@require_GET
def calendar_month(request: HttpRequest, year: int | None = None, month: int | None = None) -> HttpResponse:
    today, now = _today(request)
    this_month = today.replace(day=1)
    if year is None:
        shown = this_month
    else:
        if not (1 <= month <= 12 and 1900 <= year):
            raise Http404("No such month.")
        if (year, month) > (this_month.year, this_month.month):
            raise Http404("That month hasn't started yet.")
        shown = dt.date(year, month, 1)
    first, last = streaks.month_bounds(shown.year, shown.month)
    snap = snapshot(user=request.user, today=today, now=now, days=(first, last))
    summary = streaks.month_summary(
        shown.year,
        shown.month,
        snap.facts,
        today=today,
        started=snap.started,
        window_days=settings.LATE_LOGGING_DAYS,
    )
    rest_enabled = snap.facts.target < streaks.DAYS_PER_WEEK
    previous = streaks.add_months(shown, -1)
    following = streaks.add_months(shown, 1)
    context = {
        "month": shown,
        "today": today,
        "summary": summary,
        "cells": presenters.month_cells(summary.weeks, today=today, rest_enabled=rest_enabled),
        "streaks": snap.streaks,
        "previous": previous if previous.year >= 1900 else None,
        "next": following if following <= this_month else None,
        "weekdays": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        "rest_enabled": rest_enabled,
        "nav": "calendar",
    }
    return render(request, "tracking/calendar.html", context)


@login_required
@require_GET
def day_page(request: HttpRequest, day: str) -> HttpResponse:
    """Mark or undo a recent day (the late-logging window), or plan a rest day ahead."""
    today, now = _today(request)
    try:
        on = parse_day(day, today=today)
    except TrackingError as error:
        raise Http404(str(error)) from None
    loggable = today - dt.timedelta(days=settings.LATE_LOGGING_DAYS) <= on <= today
    plannable = today <= on <= today + dt.timedelta(days=streaks.REST_PLANNING_DAYS)
    if not loggable and not (plannable and request.user.weekly_target < streaks.DAYS_PER_WEEK):
        raise Http404("That day can't be changed.")
    snap = snapshot(user=request.user, today=today, now=now)
    context = {
        **_day_context(snap, on),
        "day": on,
        "today": today,
        "loggable": loggable,
        "day_url": request.path,
        "window_days": settings.LATE_LOGGING_DAYS,
        "nav": "calendar",
    }
    return render(request, "tracking/day.html", context)


@login_required
@require_GET
def year_view(request: HttpRequest) -> HttpResponse:
    """The last twelve months as a heat map, with the year's totals."""
    today, now = _today(request)
    first = streaks.monday_of(today - dt.timedelta(days=streaks.YEAR_WEEKS * 7 - 7))
    snap = snapshot(user=request.user, today=today, now=now, days=(first, today))
    year = streaks.year_summary(snap.facts, today=today, started=snap.started)
    context = {
        "year": year,
        "squares": presenters.heat_squares(year.columns),
        "heat_labels": presenters.heat_labels(year.month_labels),
        "streaks": snap.streaks,
        "today": today,
        "nav": "calendar",
    }
    return render(request, "tracking/year.html", context)
