"""Pages cached on a device must never show the next person another runner's data."""

import functools
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

# "cache" empties the HTTP cache; "storage" the service worker's caches and its queue.
CLEAR_SITE_DATA = '"cache", "storage"'


@functools.cache
def _signing_paths() -> frozenset[str]:
    """Signing in and out, whose successful POST redirects."""
    return frozenset({reverse("account_logout"), reverse("account_login")})


def clear_site_data_on_sign_out(get_response: Callable[[HttpRequest], HttpResponse]):
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if request.method == "POST" and response.status_code in (301, 302, 303) and request.path in _signing_paths():
            response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response

    return middleware
