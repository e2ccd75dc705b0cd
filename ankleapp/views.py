"""Site-wide pages: the landing page, the health check, the favicon, error pages."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from routines.selectors import plan_exercises


def landing(request: HttpRequest) -> HttpResponse:
    """What a visitor who is not signed in sees at the site's root."""
    return render(request, "landing.html", {"exercises": plan_exercises()})


def landing_for_visitors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate the site's root view (Today): a visitor not signed in gets the landing page."""

    @wraps(view)
    def root(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return landing(request)
        return view(request, *args, **kwargs)

    return root


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"; nothing else to say
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(staticfiles_storage.url("icons/favicon.ico"))


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: the error may have come from the database or a context processor.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/403_csrf.html", status=403)
