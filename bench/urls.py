"""The app's routes, then the benchmark's floor page.

The floor is the least a signed-in page can cost on this stack: the full middleware,
the session and the user loaded, and a fixed template rendered with the runner's
address and a CSRF token. Today ÷ floor says how much of Today's cost is Today's own.
Served only under `bench.settings`; production's URLconf (`ankleapp.urls`) lacks it.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from django.views.decorators.http import require_GET

from ankleapp.http import AuthenticatedRequest
from ankleapp.urls import urlpatterns as app_urlpatterns

FLOOR_TEMPLATE = engines["django"].from_string(
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Floor</title></head>\n'
    '<body><p data-testid="floor">Signed in as {{ user.email }}.</p>\n'
    '<form method="post" action="/track/mark/">{% csrf_token %}</form></body></html>\n'
)


@login_required
@require_GET
def floor(request: AuthenticatedRequest) -> HttpResponse:
    return HttpResponse(FLOOR_TEMPLATE.render({"user": request.user}, request))


# First, so resolving it costs what resolving Today's "/" does, not a walk past every route.
urlpatterns = [path("bench/floor/", floor, name="bench-floor"), *app_urlpatterns]
