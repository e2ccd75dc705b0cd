"""A test-only URLconf: the project's URLs and error handlers, plus views that crash or refuse."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from ankleapp.urls import handler400, handler403, handler404, handler500
from ankleapp.urls import urlpatterns as project_urlpatterns


class DeliberateCrash(Exception):
    """Stands in for any bug: the message must never reach the visitor."""


def broken_view(request):
    raise DeliberateCrash("secret-internal-detail: SELECT * FROM accounts_user")


def forbidden_view(request):
    raise PermissionDenied("secret-internal-detail: not staff")


urlpatterns = [path("__broken__/", broken_view), path("__forbidden__/", forbidden_view), *project_urlpatterns]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
