"""The benchmark's floor page exists only under the benchmark's settings (bench.settings)."""

import pytest
from django.test import Client

from tests.clients import new_client


def test_production_has_no_floor_page(alice_client):
    assert alice_client.get("/bench/floor/").status_code == 404


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "bench.urls"


def test_under_the_benchmark_settings_the_floor_page_shows_the_signed_in_runner(bench_urls, alice):
    client = new_client(alice)
    page = client.get("/bench/floor/")
    assert page.status_code == 200
    assert "Signed in as alice@example.com." in page.content.decode()
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()


def test_the_floor_page_asks_a_visitor_to_sign_in(bench_urls, db):
    page = Client().get("/bench/floor/")
    assert page.status_code == 302
    assert page.headers["Location"].startswith("/accounts/login/")


def test_the_benchmark_settings_are_production_settings_but_for_the_urlconf():
    import ankleapp.settings as production
    import bench.settings as bench

    differing = {
        name for name in dir(production) if name.isupper() and getattr(production, name) != getattr(bench, name)
    }
    assert differing == {"ROOT_URLCONF"}
