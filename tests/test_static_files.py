"""Static files as production serves them, and the same answers from the suite's settings.

Production's WhiteNoise scans STATIC_ROOT once, when the middleware chain is built. The
suite's settings make it look each file up when it is asked for instead
(WHITENOISE_AUTOREFRESH in ankleapp/test_settings.py), because every test client builds a
chain. These tests build WhiteNoise both ways and ask both the same questions.
"""

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware

FOREVER = "max-age=315360000, public, immutable"
HEADERS = ["Content-Type", "Content-Encoding", "Content-Length", "Cache-Control", "Vary", "Access-Control-Allow-Origin"]


def whitenoise(*, scan_at_start: bool) -> WhiteNoiseMiddleware:
    with override_settings(WHITENOISE_AUTOREFRESH=not scan_at_start):
        return WhiteNoiseMiddleware(lambda request: HttpResponse("not a static file", status=404))


def ask(middleware: WhiteNoiseMiddleware, url: str, encoding: str = "") -> tuple[int, dict[str, str], bytes]:
    headers = {"Accept-Encoding": encoding} if encoding else {}
    response = middleware(RequestFactory().get(url, headers=headers))
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, {name: response[name] for name in HEADERS if response.has_header(name)}, body


def hashed(name: str) -> str:
    return staticfiles_storage.url(name)


def test_production_serves_the_hashed_stylesheet_compressed_and_cached_forever():
    production = whitenoise(scan_at_start=True)
    status, headers, body = ask(production, hashed("css/app.css"), "gzip, deflate, br")
    assert status == 200
    assert headers["Content-Encoding"] == "br"
    assert headers["Cache-Control"] == FOREVER
    assert headers["Vary"] == "Accept-Encoding"
    assert int(headers["Content-Length"]) == len(body) > 0

    status, headers, _ = ask(production, hashed("css/app.css"))
    assert (status, headers.get("Content-Encoding")) == (200, None)


def test_production_serves_an_unhashed_name_for_an_hour_and_leaves_other_urls_to_the_app():
    production = whitenoise(scan_at_start=True)
    status, headers, _ = ask(production, "/static/css/app.css")
    assert status == 200
    assert headers["Cache-Control"] == "max-age=3600, public"
    for url in ["/static/css/no-such-file.css", "/static/../manage.py", "/static/css/app.css.br", "/"]:
        assert ask(production, url) == (404, {"Content-Type": "text/html; charset=utf-8"}, b"not a static file"), url


@pytest.mark.parametrize("encoding", ["gzip, deflate, br", "gzip", ""])
def test_the_suite_is_answered_exactly_as_production_answers(encoding):
    production, suite = whitenoise(scan_at_start=True), whitenoise(scan_at_start=False)
    urls = [
        hashed("css/app.css"),
        hashed("js/app.js"),
        hashed("icons/icon-192.png"),
        "/static/css/app.css",
        "/static/css/no-such-file.css",
        "/static/../manage.py",
        "/static/css/app.css.gz",
        "/calendar/",
    ]
    for url in urls:
        assert ask(suite, url, encoding) == ask(production, url, encoding), url
