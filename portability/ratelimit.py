"""A small per-runner limit on the data actions, counted in the shared cache."""

import time
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# action: (requests, per seconds)
LIMITS = {
    "export": (20, 3600),
    "import": (10, 3600),
    "delete": (5, 900),
}


def allowed(user_pk: int | None, action: str) -> bool:
    count, period = LIMITS[action]
    window = int(time.time() // period)
    key = f"portability:{action}:{user_pk}:{window}"
    cache.add(key, 0, period)
    try:
        return cache.incr(key) <= count
    except ValueError:  # evicted between add and incr
        return True


def rate_limited(action: str) -> Callable:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def limited(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST" or action == "export":
                if not allowed(request.user.pk, action):
                    count, period = LIMITS[action]
                    context = {"count": count, "minutes": period // 60}
                    response = render(request, "portability/too_many.html", context, status=429)
                    response["Retry-After"] = str(period)
                    return response
            return view(request, *args, **kwargs)

        return limited

    return decorate
