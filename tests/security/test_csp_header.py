"""The Content-Security-Policy header, built once by ankleapp.middleware.content_security_policy."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.utils.csp import CSP, build_policy
from django.views.decorators.csp import csp_override

from ankleapp.middleware import content_security_policy

pytestmark = pytest.mark.django_db


def test_every_page_gets_the_policy_django_would_build_from_the_settings(client, settings):
    response = client.get("/accounts/login/")
    assert response["Content-Security-Policy"] == build_policy(settings.SECURE_CSP)
    assert "Content-Security-Policy-Report-Only" not in response


def test_a_changed_setting_takes_effect_at_once():
    middleware = content_security_policy(lambda request: HttpResponse("ok"))
    request = RequestFactory().get("/")
    assert "frame-ancestors 'none'" in middleware(request)["Content-Security-Policy"]
    with override_settings(SECURE_CSP={"default-src": [CSP.NONE]}, SECURE_CSP_REPORT_ONLY={"img-src": [CSP.SELF]}):
        response = middleware(request)
        assert response["Content-Security-Policy"] == "default-src 'none'"
        assert response["Content-Security-Policy-Report-Only"] == "img-src 'self'"
    assert "frame-ancestors 'none'" in middleware(request)["Content-Security-Policy"]


def test_a_view_that_overrides_the_policy_or_sets_its_own_header_wins():
    request = RequestFactory().get("/")
    overridden = content_security_policy(csp_override({"default-src": [CSP.SELF]})(lambda request: HttpResponse()))
    assert overridden(request)["Content-Security-Policy"] == "default-src 'self'"
    switched_off = content_security_policy(csp_override({})(lambda request: HttpResponse()))
    assert "Content-Security-Policy" not in switched_off(request)

    def own_header(request):
        response = HttpResponse()
        response["Content-Security-Policy"] = "sandbox"
        return response

    assert content_security_policy(own_header)(request)["Content-Security-Policy"] == "sandbox"
