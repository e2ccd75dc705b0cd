"""The ceiling of the benchmark: the cheapest response Django can give.

A WSGI app with Django's request handling and URL routing but no middleware, no
database, no templates and no sessions, returning "ok". bench/run.py serves it with
the same gunicorn.conf.py as the real app, so the ratio "page / ceiling" measures what
our pages cost on top of Django and gunicorn themselves.

    gunicorn bench.ceiling:application -c gunicorn.conf.py
"""

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-ceiling-has-no-secrets",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
    USE_TZ=True,
)

from django.core.wsgi import get_wsgi_application  # noqa: E402  (settings first)
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", ok)]

application = get_wsgi_application()
