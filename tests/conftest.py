"""Shared fixtures: small user factories and a clean cache for every test."""

import pytest
from django.core.cache import caches

from accounts.models import User
from routines.selectors import plan_changed
from tests.clients import new_client


@pytest.fixture(autouse=True)
def _clear_cache():
    # allauth's rate limits live in the caches, and the plan in this process: tests must not share them.
    for cache in caches.all():
        cache.clear()
    plan_changed()
    yield
    for cache in caches.all():
        cache.clear()
    plan_changed()


@pytest.fixture
def client():
    """pytest-django's client, on the shared request handler (see tests/clients.py)."""
    return new_client()


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
def alice_client(alice):
    return new_client(alice)


@pytest.fixture
def bob_client(bob):
    return new_client(bob)
