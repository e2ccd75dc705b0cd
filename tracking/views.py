"""Today, marking exercises done, the streak calendar and the late-logging day page."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone as django_timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from accounts.timezones import local_today
from tracking import streaks
from tracking.selectors import snapshot, user_started_on
from tracking.services import (
    TrackingError,
    check_loggable,
    completion_mark,
    completion_undo,
    parse_day,
    plan_exercise,
)


def _today(request: HttpRequest) -> tuple[dt.date, dt.datetime]:
    now = django_timezone.now()
    return local_today(request.user.timezone, now=now), now


def _plan_items(snap, day: dt.date) -> list[dict]:
    done_ids = snap.done_ids(day)
    return [{"exercise": exercise, "done": exercise.pk in done_ids} for exercise in snap.plan]


def today_page(request: HttpRequest) -> HttpResponse:
    """The signed-in home page: the plan for the runner's today."""
    today, now = _today(request)
    snap = snapshot(user=request.user, today=today, now=now)
    items = _plan_items(snap, today)
    done = sum(item["done"] for item in items)
    context = {
        "today": today,
        "items": items,
        "done": done,
        "planned": snap.planned,
        "complete": snap.status(today) is streaks.DayStatus.COMPLETE,
        "streaks": snap.streaks,
        "day_url": "",
        "nav": "today",
    }
    return render(request, "tracking/today.html", context)


def _back_to(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "tracking/bad_request.html", {"message": message}, status=400)


def _change(request: HttpRequest, action) -> HttpResponse:
    today, _ = _today(request)
    try:
        day = parse_day(request.POST.get("on"), today=today)
        exercise = plan_exercise(request.POST.get("exercise"))
        action(user=request.user, exercise=exercise, on=day, today=today)
    except TrackingError as error:
        return _bad_request(request, str(error))
    fallback = reverse("home") if day == today else reverse("tracking:day", args=[day.isoformat()])
    return redirect(_back_to(request, fallback))


@login_required
@require_POST
def mark(request: HttpRequest) -> HttpResponse:
    return _change(request, completion_mark)


@login_required
@require_POST
def undo(request: HttpRequest) -> HttpResponse:
    return _change(request, completion_undo)


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
        shown = dt.date(year, month, 1)
        if shown > this_month:
            raise Http404("That month hasn't started yet.")
    first, last = streaks.month_bounds(shown.year, shown.month)
    snap = snapshot(user=request.user, today=today, now=now, days=(first, last))
    summary = streaks.month_summary(
        shown.year,
        shown.month,
        snap.done_by_day(),
        snap.planned,
        today=today,
        started=user_started_on(request.user),
        window_days=settings.LATE_LOGGING_DAYS,
    )
    previous = streaks.add_months(shown, -1)
    following = streaks.add_months(shown, 1)
    context = {
        "month": shown,
        "today": today,
        "summary": summary,
        "streaks": snap.streaks,
        "previous": previous if previous.year >= 1900 else None,
        "next": following if following <= this_month else None,
        "weekdays": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        "nav": "calendar",
    }
    return render(request, "tracking/calendar.html", context)


@login_required
@require_GET
def day_page(request: HttpRequest, day: str) -> HttpResponse:
    """Mark or undo the exercises of a recent day (the late-logging window)."""
    today, now = _today(request)
    try:
        on = parse_day(day, today=today)
        check_loggable(on, today=today)
    except TrackingError as error:
        raise Http404(str(error)) from None
    snap = snapshot(user=request.user, today=today, now=now)
    items = _plan_items(snap, on)
    context = {
        "day": on,
        "today": today,
        "items": items,
        "done": sum(item["done"] for item in items),
        "planned": snap.planned,
        "status": snap.status(on),
        "streaks": snap.streaks,
        "day_url": request.path,
        "window_days": settings.LATE_LOGGING_DAYS,
        "nav": "calendar",
    }
    return render(request, "tracking/day.html", context)
