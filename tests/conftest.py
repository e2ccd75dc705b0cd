"""Shared fixtures: small user factories and a clean cache for every test."""

import pytest
from django.core.cache import cache

from accounts.models import User


@pytest.fixture(autouse=True)
def _clear_cache():
    # The plan and allauth's rate limits live in the cache; tests must not share them.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_user(db):
    def make(email: str = "runner@example.com", *, timezone: str = "UTC", password: str = "correct-horse-42", **extra):
        return User.objects.create_user(email=email, password=password, timezone=timezone, **extra)

    return make


@pytest.fixture
def alice(make_user):
    return make_user("alice@example.com", timezone="Europe/London")


@pytest.fixture
def bob(make_user):
    return make_user("bob@example.com", timezone="America/New_York")


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client
