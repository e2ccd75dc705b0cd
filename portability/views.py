"""The runner's data: download it, bring it back, bring it from Loop, delete it, print the plan."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone as django_timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from accounts.timezones import local_today
from portability import export, importing
from portability.deletion import account_delete
from portability.forms import DeleteAccountForm, LoopUploadForm
from portability.loop import parse_loop_csv
from portability.printing import print_grid
from portability.ratelimit import rate_limited
from portability.sections import ImportProblem
from routines.selectors import plan_exercises
from tracking import hooks

LOOP_TOKEN_SALT = "portability.loop-import"
LOOP_TOKEN_MAX_AGE = 3600


def _runner(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _download(stream, *, content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(stream, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _data_page(request: HttpRequest, *, error: str | None = None, status: int = 200) -> HttpResponse:
    context = {"nav": "settings", "error": error, "max_mb": importing.MAX_UPLOAD_MB}
    return render(request, "portability/data.html", context, status=status)


@login_required
@require_GET
def data_page(request: HttpRequest) -> HttpResponse:
    return _data_page(request)


@login_required
@require_GET
@rate_limited("export")
def export_json(request: HttpRequest) -> StreamingHttpResponse:
    user, now = _runner(request), django_timezone.now()
    today = local_today(user.timezone, now=now)
    return _download(
        export.export_json(user, now=now),
        content_type="application/json; charset=utf-8",
        filename=f"stronger-ankles-{today}.json",
    )


@login_required
@require_GET
@rate_limited("export")
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    user, now = _runner(request), django_timezone.now()
    today = local_today(user.timezone, now=now)
    return _download(
        export.export_csv(user, today=today, now=now),
        content_type="text/csv; charset=utf-8",
        filename=f"stronger-ankles-days-{today}.csv",
    )


# Exempt from the CSRF middleware only so the size is checked before the body is parsed
# (the middleware reads the form to find the token); the token is checked right after.
@csrf_exempt
def import_json(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and importing.too_big_request(request):
        return _data_page(request, error=f"The file is larger than {importing.MAX_UPLOAD_MB} MB.", status=400)
    return _import_json(request)


@csrf_protect
@login_required
@require_POST
@rate_limited("import")
def _import_json(request: HttpRequest) -> HttpResponse:
    user = _runner(request)
    try:
        document = importing.parse_export(importing.read_upload(request.FILES.get("file")))
        result = importing.import_export(user=user, document=document, now=django_timezone.now())
    except ImportProblem as problem:
        return _data_page(request, error=f"{problem} Nothing was imported.", status=400)
    added = result.added
    if result.total == 0:
        messages.success(request, "Imported: everything in that file was already in your account.")
    else:
        messages.success(
            request,
            f"Imported {added.get('completions', 0)} exercise marks, {added.get('rest_days', 0)} rest days "
            f"and {added.get('pauses', 0)} pauses.",
        )
    return redirect("portability:data")


def _loop_page(request: HttpRequest, form: LoopUploadForm, **context) -> HttpResponse:
    status = 400 if context.get("error") else 200
    context |= {"nav": "settings", "form": form, "max_mb": importing.MAX_UPLOAD_MB}
    return render(request, "portability/loop.html", context, status=status)


@csrf_exempt
def loop_upload(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and importing.too_big_request(request):
        return _loop_page(request, LoopUploadForm(), error=f"The file is larger than {importing.MAX_UPLOAD_MB} MB.")
    return _loop_upload(request)


@csrf_protect
@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("import")
def _loop_upload(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _loop_page(request, LoopUploadForm())
    user = _runner(request)
    form = LoopUploadForm(request.POST, request.FILES)
    today = local_today(user.timezone)
    try:
        habits = parse_loop_csv(importing.read_upload(request.FILES.get("file")), today=today)
    except ImportProblem as problem:
        return _loop_page(request, form, error=f"{problem} Nothing was imported.")
    chosen = request.POST.get("habit", "")
    by_name = {habit.name: habit for habit in habits}
    if len(habits) > 1 and chosen not in by_name:
        # Several habits in one file: ask which, and for the file again (nothing is kept meanwhile).
        return _loop_page(request, LoopUploadForm(), habit_names=list(by_name), chosen=chosen)
    habit = by_name.get(chosen, habits[0])
    if not habit.days:
        return _loop_page(
            request, form, error=f"“{habit.name}” has no checked days in that file. Nothing was imported."
        )
    token = signing.dumps(
        {"user": user.pk, "habit": habit.name, "days": [day.toordinal() for day in habit.days]},
        salt=LOOP_TOKEN_SALT,
        compress=True,
    )
    context = {"nav": "settings", "habit": habit, "token": token, "plan": plan_exercises()}
    return render(request, "portability/loop_preview.html", context)


@login_required
@require_POST
@rate_limited("import")
def loop_confirm(request: HttpRequest) -> HttpResponse:
    user = _runner(request)
    try:
        data = signing.loads(request.POST.get("token", ""), salt=LOOP_TOKEN_SALT, max_age=LOOP_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return _loop_page(
            request, LoopUploadForm(), error="That preview has expired or was changed. Upload the file again."
        )
    if data.get("user") != user.pk:
        return _loop_page(
            request, LoopUploadForm(), error="That preview belongs to another account. Upload the file again."
        )
    days = [dt.date.fromordinal(day) for day in data["days"]]
    added = importing.loop_days_import(user=user, days=days, today=local_today(user.timezone))
    messages.success(request, f"Imported {added} days from Loop (“{data['habit']}”) as done, every exercise.")
    return redirect("portability:data")


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("delete")
def delete_account(request: HttpRequest) -> HttpResponse:
    user = _runner(request)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        logout(request)
        account_delete(user=user)
        return redirect("portability:goodbye")
    status = 400 if form.is_bound else 200
    return render(request, "portability/delete.html", {"nav": "settings", "form": form}, status=status)


@require_GET
def goodbye(request: HttpRequest) -> HttpResponse:
    return render(request, "portability/goodbye.html")


@login_required
@require_GET
def print_plan(request: HttpRequest) -> HttpResponse:
    user = _runner(request)
    today = local_today(user.timezone)
    plan = hooks.dosed(user, plan_exercises())  # the runner's level doses, as Today shows them
    context = {"plan": plan, "weeks": print_grid(today), "today": today}
    return render(request, "portability/print.html", context)
