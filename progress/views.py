"""The progress pages: ratings, the morning question, self-tests, red flags, levels and
the overview. Each view parses its input, calls a service or a selector, and renders or
redirects (POST → redirect → GET). Bad input is a 400 page that changes nothing."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone as django_timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.timezones import local_today
from ankleapp.http import AuthenticatedRequest, redirect_back
from progress import levels as level_rules
from progress import rules, selftests, services
from progress.models import ProgressProfile, SelfTest
from progress.overview import overview
from progress.rules import ProgressError
from progress.selectors import records
from routines.selectors import plan_exercises
from tracking import rules as day_rules
from tracking.rules import TrackingError
from tracking.selectors import plan_exercise

SOURCES_NOTE = "Guidance from published protocols, not medical advice."


def _today(request: AuthenticatedRequest) -> dt.date:
    return local_today(request.user.timezone, now=django_timezone.now())


def _bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "tracking/bad_request.html", {"message": message}, status=400)


def _day(request: HttpRequest, today: dt.date, name: str = "on") -> dt.date:
    try:
        return day_rules.parse_day(request.POST.get(name), today=today)
    except TrackingError as error:
        raise ProgressError(str(error)) from None


# --- Ratings --------------------------------------------------------------------------


@login_required
@require_GET
def rate_page(request: AuthenticatedRequest) -> HttpResponse:
    """Pain during each of the day's exercises, and the morning question, one tap each."""
    today = _today(request)
    try:
        day = day_rules.parse_day(request.GET.get("on"), today=today)
        services.check_day(day, today=today)
    except (TrackingError, ProgressError) as error:
        return _bad_request(request, str(error))
    data = records(request.user, today=today, since=day)
    rows = [(exercise, data.pain_on(exercise.pk, day)) for exercise in plan_exercises()]
    context = {
        "day": day,
        "today": today,
        "rows": rows,
        "morning": data.mornings.get(day),
        "window_days": day_rules.LATE_LOGGING_DAYS,
        "nav": "progress",
    }
    return render(request, "progress/rate.html", context)


@login_required
@require_POST
def rate_during(request: AuthenticatedRequest) -> HttpResponse:
    today = _today(request)
    try:
        day = _day(request, today)
        exercise = plan_exercise(request.POST.get("exercise"))
        pain = rules.check_pain(request.POST.get("pain"))
        services.pain_during_rate(user=request.user, exercise=exercise, on=day, pain=pain, today=today)
    except (TrackingError, ProgressError) as error:
        return _bad_request(request, str(error))
    zone = rules.pain_zone(pain)
    messages.success(request, f"Pain during {exercise.name}: {pain} out of 10 ({zone}). Saved.")
    return redirect_back(request, reverse("progress:rate") + ("" if day == today else f"?on={day}"))


@login_required
@require_POST
def rate_morning(request: AuthenticatedRequest) -> HttpResponse:
    today = _today(request)
    try:
        day = _day(request, today)
        pain = rules.check_pain(request.POST.get("pain"))
        services.morning_rate(user=request.user, on=day, pain=pain, today=today)
    except (TrackingError, ProgressError) as error:
        return _bad_request(request, str(error))
    messages.success(request, f"Pain and stiffness this morning: {pain} out of 10. Saved.")
    return redirect_back(request, reverse("home"))


@login_required
@require_POST
def morning_skip(request: AuthenticatedRequest) -> HttpResponse:
    services.profile_save(user=request.user, morning_skipped_on=_today(request))
    return redirect_back(request, reverse("home"))


@login_required
@require_POST
def test_reminder_dismiss(request: AuthenticatedRequest) -> HttpResponse:
    services.profile_save(user=request.user, test_reminder_dismissed_on=_today(request))
    return redirect_back(request, reverse("home"))


# --- Self-tests -----------------------------------------------------------------------


@login_required
@require_GET
def tests_page(request: AuthenticatedRequest) -> HttpResponse:
    today = _today(request)
    data = records(request.user, today=today)
    context = {
        "today": today,
        "profile": data.profile,
        "sexes": ProgressProfile.Sex.choices,
        "mdc_knee": selftests.KNEE_TO_WALL_MDC_CM,
        "mdc_heel": selftests.HEEL_RISE_MDC_REPS,
        "cm_to_degrees": selftests.CM_TO_DEGREES,
        "window_days": day_rules.LATE_LOGGING_DAYS,
        "nav": "progress",
    }
    return render(request, "progress/tests.html", context)


@login_required
@require_POST
def test_record(request: AuthenticatedRequest) -> HttpResponse:
    today = _today(request)
    test = request.POST.get("test")
    if test not in SelfTest.Test.values:
        return _bad_request(request, "Choose the knee-to-wall or the heel-rise test.")
    try:
        day = _day(request, today)
        left = selftests.check_result(test, request.POST.get("left"))
        right = selftests.check_result(test, request.POST.get("right"))
        services.self_test_record(user=request.user, test=test, on=day, left=left, right=right, today=today)
    except (TrackingError, ProgressError) as error:
        return _bad_request(request, str(error))
    messages.success(request, "Result saved. How it compares with your earlier ones is on your progress page.")
    return HttpResponseRedirect(reverse("progress:overview") + f"#{test}")


@login_required
@require_POST
def profile_save(request: AuthenticatedRequest) -> HttpResponse:
    today = _today(request)
    sex = request.POST.get("sex", "")
    year_text = (request.POST.get("birth_year") or "").strip()
    if sex not in ProgressProfile.Sex.values:
        return _bad_request(request, "Choose one of the listed options for sex, or “Prefer not to say”.")
    birth_year = None
    if year_text:
        if not (year_text.isascii() and year_text.isdigit() and today.year - 110 <= int(year_text) <= today.year - 10):
            return _bad_request(
                request, f"Enter a year of birth from {today.year - 110} to {today.year - 10}, or leave it empty."
            )
        birth_year = int(year_text)
    services.profile_save(user=request.user, birth_year=birth_year, sex=sex)
    messages.success(request, "Saved.")
    return redirect_back(request, reverse("progress:tests"))


# --- Red flags ------------------------------------------------------------------------


@login_required
@require_GET
def red_flags_page(request: AuthenticatedRequest) -> HttpResponse:
    today = _today(request)
    data = records(request.user, today=today, since=today)
    context = {"signs": rules.RED_FLAGS, "reported": data.red_flag_signs, "today": today, "nav": "progress"}
    return render(request, "progress/red_flags.html", context)


@login_required
@require_POST
def red_flags_report(request: AuthenticatedRequest) -> HttpResponse:
    today = _today(request)
    try:
        signs = rules.check_red_flags(request.POST.getlist("sign"))
    except ProgressError as error:
        return _bad_request(request, str(error))
    if not signs:
        messages.info(request, "None of the warning signs: carry on, and keep rating your pain.")
        return HttpResponseRedirect(reverse("progress:overview"))
    services.red_flag_report(user=request.user, signs=signs, today=today)
    return HttpResponseRedirect(reverse("progress:red_flags"))


@login_required
@require_POST
def red_flags_clear(request: AuthenticatedRequest) -> HttpResponse:
    services.red_flag_clear(user=request.user)
    messages.success(request, "Cleared. Suggestions start again from your next ratings.")
    return HttpResponseRedirect(reverse("progress:overview"))


# --- The overview ---------------------------------------------------------------------


@login_required
@require_GET
def overview_page(request: AuthenticatedRequest) -> HttpResponse:
    today = _today(request)
    context = {**overview(request.user, today=today), "today": today, "nav": "progress"}
    return render(request, "progress/overview.html", context)


# --- Levels ---------------------------------------------------------------------------


def _decide(request: AuthenticatedRequest, slug: str, *, accept: bool) -> HttpResponse:
    today = _today(request)
    try:
        from_id, to_id = int(request.POST.get("from", "")), int(request.POST.get("to", ""))
    except ValueError:
        return _bad_request(request, "That suggestion is not one the app made.")
    items = level_rules.exercise_levels(request.user)
    item = next((item for item in items if item.exercise.slug == slug), None)
    if item is None:
        raise Http404("That exercise is not part of the daily plan.")
    data = records(request.user, today=today)
    level_rules.suggest_all([item], data, level_rules.recent_completions(request.user, today=today), today=today)
    try:
        changed = level_rules.level_decide(
            user=request.user, item=item, from_level_id=from_id, to_level_id=to_id, accept=accept, today=today
        )
    except ProgressError as error:
        return _bad_request(request, str(error))
    if changed and accept and item.target is not None:
        messages.success(request, f"{item.exercise.name}: you're now on “{item.target.name}”. Today shows its dose.")
    elif changed:
        messages.info(
            request, f"{item.exercise.name}: staying where you are. The app will ask again after more sessions."
        )
    return redirect_back(request, reverse("progress:overview"))


@login_required
@require_POST
def level_accept(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    return _decide(request, slug, accept=True)


@login_required
@require_POST
def level_decline(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    return _decide(request, slug, accept=False)


@login_required
@require_POST
def start_choose(request: AuthenticatedRequest) -> HttpResponse:
    try:
        level_rules.level_start(user=request.user, choice=request.POST.get("start", ""), today=_today(request))
    except ProgressError as error:
        return _bad_request(request, str(error))
    messages.success(request, "Your starting levels are set. Today shows their doses.")
    return redirect_back(request, reverse("progress:overview"))
