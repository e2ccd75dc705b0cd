"""The files an installable app needs at the root: the service worker, the manifest, the icon."""

import json

from tests.clients import new_client


def test_the_service_worker_is_served_at_the_root_with_scope_and_csp():
    response = new_client().get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert b'self.addEventListener("push"' in response.content


def test_the_manifest_makes_the_app_installable():
    response = new_client().get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["start_url"], manifest["display"], manifest["short_name"]) == ("/", "standalone", "Ankles")
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert sizes == {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")}
    for icon in manifest["icons"]:
        served = new_client().get(icon["src"])
        assert served.status_code == 200 and served["Content-Type"] == "image/png"
        assert "max-age=315360000" in served["Cache-Control"] or "immutable" in served["Cache-Control"]


def test_every_page_links_the_manifest_and_the_app_script(alice_client):
    for page in (new_client().get("/"), alice_client.get("/")):
        assert b'<link rel="manifest" href="/manifest.webmanifest">' in page.content
        assert b'<meta name="theme-color"' in page.content
        assert b"/static/js/pwa." in page.content


def test_the_apple_touch_icon_is_served_at_the_root():
    response = new_client().get("/apple-touch-icon.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_logging_out_clears_the_sites_cached_pages(alice_client):
    response = alice_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
