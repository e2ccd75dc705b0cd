"""Middleware of our own: security headers, forwarded headers, health probe, body cap, the signed-in
user, caching, write failures."""

import functools
import ipaddress
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import middleware as auth_middleware
from django.db import InternalError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.csp import CSP, build_policy

from accounts.sessions import users_read_with_sessions

logger = logging.getLogger(__name__)

# The app uses none of these browser features; say so, so no embedded page can either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
)


def security_headers(get_response: Callable[[HttpRequest], HttpResponse]):
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response

    return middleware


# --- Content Security Policy: the header built once ---------------------------------------------

_policies: dict[int, tuple[object, str]] = {}
_UNSET: Any = object()  # no @csp_override on the view: the settings' policy


def _policy(config: dict) -> str:
    """SECURE_CSP (or SECURE_CSP_REPORT_ONLY) as a header value, built once per settings object."""
    kept = _policies.get(id(config))
    if kept is None or kept[0] is not config:  # a new object (override_settings in a test)
        kept = _policies[id(config)] = (config, build_policy(config))
    return kept[1]


def content_security_policy(get_response: Callable[[HttpRequest], HttpResponse]):
    """The `Content-Security-Policy` (and `-Report-Only`) headers from SECURE_CSP, as Django's
    ContentSecurityPolicyMiddleware sets them, without building them anew for every response.

    Django's middleware rebuilds the policy on every response (about 25 µs) so it can fill
    in a per-response nonce. No page here uses one: there is no inline script or style, and
    no template asks for `csp_nonce` (the `csp` context processor is not installed). The
    policy is therefore the same string every time. A view that sets its own headers, or
    Django's `@csp_override` decorators (`_csp_config` on the response), still wins.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        for header, name, attribute in (
            (CSP.HEADER_ENFORCE, "SECURE_CSP", "_csp_config"),
            (CSP.HEADER_REPORT_ONLY, "SECURE_CSP_REPORT_ONLY", "_csp_ro_config"),
        ):
            config = getattr(response, attribute, _UNSET)
            overridden = config is not _UNSET
            if not overridden:
                config = getattr(settings, name)
            if config and header not in response:
                response.headers[str(header)] = build_policy(config) if overridden else _policy(config)
        return response

    return middleware


# --- Forwarded headers: trusted only from the proxy ----------------------------------------------

UNTRUSTED_FORWARDING = "ankles.untrusted_forwarding"  # set when headers were dropped
FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_REAL_IP")


@functools.lru_cache(maxsize=64)
def _networks(trusted: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in trusted)


@functools.lru_cache(maxsize=1024)
def is_trusted_proxy(address: str, trusted: tuple[str, ...]) -> bool:
    """Whether `address` is one of TRUSTED_PROXIES (addresses or networks such as 172.28.0.0/24)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(trusted))


def trusted_proxy_headers(get_response: Callable[[HttpRequest], HttpResponse]):
    """Drop X-Forwarded-* unless the request comes from an address in TRUSTED_PROXIES.

    Django (SECURE_PROXY_SSL_HEADER) and allauth's rate limits (ALLAUTH_TRUSTED_PROXY_COUNT)
    read these headers; a client reaching the app directly could otherwise claim HTTPS or a
    fresh IP address per request. Behind the proxy, the proxy overwrites what clients send.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR", ""), tuple(settings.TRUSTED_PROXIES)):
            for name in FORWARDED_HEADERS:
                if request.META.pop(name, None) is not None:
                    request.META[UNTRUSTED_FORWARDING] = True
        return get_response(request)

    return middleware


# --- The container's health probe ------------------------------------------------------------------

LOOPBACK = frozenset({"127.0.0.1", "::1"})


def loopback_health_check(get_response: Callable[[HttpRequest], HttpResponse]):
    """Answer /healthz for a probe run on the same machine, before the host check.

    Docker's HEALTHCHECK runs inside the container and asks http://127.0.0.1:PORT/healthz:
    with ALLOWED_HOSTS naming the public host it would be refused as a bad Host (and
    without SECURE_REDIRECT_EXEMPT, sent to https). Only a request from loopback that did
    not come through a proxy (which always adds X-Forwarded-For) is answered here; it tells
    nothing but "ok" or "unavailable". Everyone else goes through every check as usual.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        if (
            request.path_info == "/healthz"
            and request.method in ("GET", "HEAD")
            and request.META.get("REMOTE_ADDR") in LOOPBACK
            and "HTTP_X_FORWARDED_FOR" not in request.META
            and UNTRUSTED_FORWARDING not in request.META
        ):
            from ankleapp.views import health_response

            return health_response()
        return get_response(request)

    return middleware


# --- Request bodies: capped before anything reads them ---------------------------------------------


def request_body_cap(get_response: Callable[[HttpRequest], HttpResponse]):
    """Refuse a body longer than MAX_REQUEST_BODY_BYTES from its Content-Length, unread (413).

    Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams multipart files of any
    size to disk first; this refuses them before a byte of the body is read. A body without a
    Content-Length (chunked) is never read by Django at all.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_BYTES:
            response = render(
                request,
                "errors/413.html",
                {"limit_mb": settings.MAX_REQUEST_BODY_BYTES / (1024 * 1024)},
                status=413,
            )
            response["Connection"] = "close"  # the unread body must not be taken for the next request
            return response
        return get_response(request)

    return middleware


# --- The signed-in user: read once, at the start ---------------------------------------------------


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, with `request.user` the user itself rather than a lazy proxy of it.

    Django reads the user on first use, through a `SimpleLazyObject`. Here every response
    reads it anyway (`private_pages`, next, asks whether the runner is signed in), so
    reading it at once costs no extra query and sets the same headers (`Vary: Cookie`).
    What it saves is the proxy: each attribute read through it (`user.pk`,
    `user.timezone`, a template's `user.is_authenticated`) raises and catches an
    AttributeError inside `LazyObject` before it reaches the user, and a page such as
    Today makes a few dozen of them (about 4% of its instructions, by
    `bench/inprocess.py --instructions`). The user is Django's `auth.get_user`, as the
    proxy's would be: the session's user if it exists, is active and its session hash
    still matches the password, else an AnonymousUser. Its row is the one read in the
    same statement as the session (`accounts.sessions.users_read_with_sessions`).
    """

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        with users_read_with_sessions():  # the user comes with the session's row: one statement
            request.user = auth.get_user(request)


# --- Signed-in pages: never stored by a browser cache or a proxy -----------------------------------


def private_pages(get_response: Callable[[HttpRequest], HttpResponse]):
    """`Cache-Control: private, no-store` on responses to a signed-in runner that set none.

    Every such page shows the runner's data or account (Today, calendar, settings...), and
    a shared computer's back button or a caching proxy must not keep a copy.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "private, no-store"
        return response

    return middleware


# --- A write that fails: a clear "couldn't save" page, not a generic 500 --------------------------


class DatabaseWriteFailure:
    """Turn a write the database refused (read-only, disk full, locked) into a 503 page.

    The runner is told nothing was saved and to try again; the error is logged as usual.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.method in ("GET", "HEAD", "OPTIONS") or not isinstance(exception, (OperationalError, InternalError)):
            return None  # a page that failed to load gets the usual error page
        logger.error("Could not write to the database: %s", exception, exc_info=exception)
        response = render(request, "errors/503_unsaved.html", status=503)
        response["Retry-After"] = "30"
        return response
