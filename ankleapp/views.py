"""Site-wide pages: the landing page, the health check, the favicon, error pages."""

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import get_random_string
from django.views.decorators.http import require_GET

from accounts.models import Session
from routines.selectors import plan_exercises

logger = logging.getLogger(__name__)


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


def health_response() -> JsonResponse:
    """Whether the database answers and takes a write, the way the app writes (no rows left behind).

    A session row is inserted and deleted in one committed transaction: on SQLite that takes
    the write lock and writes to the file (a read-only file or a full disk fails here, not at
    the runner's next tick); on PostgreSQL it fails on a read-only replica or session.
    """
    try:
        with transaction.atomic():
            key = f"healthz-{get_random_string(24)}"
            Session.objects.create(session_key=key, session_data="", expire_date=timezone.now())
            Session.objects.filter(session_key=key).delete()
    except DatabaseError as error:
        reachable = _database_answers()
        logger.warning("Health check: the database %s: %s", "is read-only" if reachable else "is unreachable", error)
        state = "read-only" if reachable else "unreachable"
        response = JsonResponse({"status": "unavailable", "database": state}, status=503)
    else:
        response = JsonResponse({"status": "ok", "database": "ok"})
    add_never_cache_headers(response)
    return response


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return health_response()


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


def too_many_requests(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "429.html", status=429)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/403_csrf.html", status=403)
