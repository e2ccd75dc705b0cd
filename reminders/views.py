"""Reminder settings, devices, the one-click unsubscribe, the calendar feed, and the app shell
files browsers ask for at the root: the service worker, the manifest, the touch icon."""

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone as django_timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from accounts.timezones import local_today, zone_for
from reminders import feed, push, services
from reminders.forms import ReminderSettingsForm
from reminders.tokens import unsubscribe_user_pk
from tracking.selectors import snapshot


class RunnerRequest(HttpRequest):
    """A request behind @login_required: its user is a runner, never anonymous."""

    user: User


# How long browsers keep the root-level app files: short for the service worker (browsers
# check it for updates anyway), a day for the manifest and the touch icon.
SERVICE_WORKER_MAX_AGE = 0
APP_FILE_MAX_AGE = 24 * 60 * 60


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: RunnerRequest) -> HttpResponse:
    found = services.settings_for(request.user)
    before = (found.enabled, found.remind_at, found.days)
    form = ReminderSettingsForm(request.POST or None, instance=found)
    if request.method == "POST" and form.is_valid():
        changed = form.save(commit=False)
        if (changed.enabled, changed.remind_at, changed.days) != before:
            changed.changed_at = django_timezone.now()
        changed.save()
        messages.success(request, "Reminder settings saved.")
        return redirect("reminders:settings")
    return render(
        request,
        "reminders/settings.html",
        {
            "nav": "settings",
            "form": form,
            "devices": request.user.push_subscriptions.order_by("created_at"),
            "push_configured": push.push_configured(),
            "vapid_public_key": settings.VAPID_PUBLIC_KEY,
            "feed_url": services.site_url(reverse("reminders:feed", args=[found.feed_token])),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def device_add(request: RunnerRequest) -> HttpResponse:
    """Store the push subscription a browser made (JSON from the settings page's script)."""
    try:
        data = json.loads(request.body)
        endpoint, keys = data["endpoint"], data["keys"]
        p256dh, auth = keys["p256dh"], keys["auth"]
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "That is not a push subscription."}, status=400)
    valid = (
        isinstance(endpoint, str)
        and endpoint.startswith("https://")
        and len(endpoint) <= 1000
        and all(isinstance(value, str) and 0 < len(value) <= 200 for value in (p256dh, auth))
    )
    if not valid or not push.push_configured():
        return JsonResponse({"error": "That is not a push subscription."}, status=400)
    label = request.headers.get("User-Agent", "")
    services.push_subscription_save(user=request.user, endpoint=endpoint, p256dh=p256dh, auth=auth, label=label)
    return JsonResponse({"ok": True}, status=201)


@login_required
@require_POST
def device_remove(request: RunnerRequest, pk: int) -> HttpResponse:
    if not services.push_subscription_remove(user=request.user, pk=pk):
        raise Http404("No such device.")
    messages.success(request, "That device will get no more reminders.")
    return redirect("reminders:settings")


@login_required
@require_POST
def feed_regenerate(request: RunnerRequest) -> HttpResponse:
    services.feed_token_regenerate(user=request.user)
    messages.success(request, "New calendar address made. The old one no longer works.")
    return redirect("reminders:settings")


@csrf_exempt  # the signed token is the authority; mail providers POST without a session (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    user_pk = unsubscribe_user_pk(token)
    user = User.objects.filter(pk=user_pk).first() if user_pk is not None else None
    if user is None:
        raise Http404("This unsubscribe link is not valid.")
    if request.method == "POST":
        services.reminders_turn_off(user=user, now=django_timezone.now())
        return render(request, "reminders/unsubscribed.html")
    return render(request, "reminders/unsubscribe.html", {"token": token})


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    found = services.feed_settings_for_token(token)
    if found is None:
        raise Http404("No such calendar.")
    now = django_timezone.now()
    user = found.user
    snap = snapshot(user=user, today=local_today(user.timezone, now=now), now=now)
    body = feed.session_calendar(found, snap, zone=zone_for(user.timezone), now=now)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="stronger-ankles.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@cache
def _static_bytes(name: str) -> bytes:
    """A static file's content, from the collected files or (in development) the source folder."""
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name) as handle:
            return handle.read()
    found = finders.find(name)
    if not found:
        raise Http404(name)
    return Path(found).read_bytes()


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_static_bytes("js/sw.js"), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = f"no-cache, max-age={SERVICE_WORKER_MAX_AGE}"
    return response


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    icon = staticfiles_storage.url
    data = {
        "name": "Stronger Ankles",
        "short_name": "Ankles",
        "description": "Three ankle exercises a day for runners, a streak and a calendar.",
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "lang": "en-GB",
        "theme_color": "#0b6e4f",
        "background_color": "#f7f8f6",
        "icons": [
            {"src": icon("icons/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": icon("icons/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {"src": icon("icons/maskable-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "maskable"},
            {"src": icon("icons/maskable-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = f"public, max-age={APP_FILE_MAX_AGE}"
    return response


@require_GET
def apple_touch_icon(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_static_bytes("icons/apple-touch-icon.png"), content_type="image/png")
    response["Cache-Control"] = f"public, max-age={APP_FILE_MAX_AGE}"
    return response
