"""Shared fixtures: small user factories and a clean cache for every test."""

import pytest
from django.core.cache import caches
from django.db import connection

from accounts.models import User
from routines.selectors import plan_changed
from tests.clients import new_client


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, with one thing more before it is dropped on
    PostgreSQL: any other session on it is ended first.

    With the suite spread over processes (pytest-xdist), a worker that ran browser tests
    sometimes ends with a second connection of its own still open, made by the re-seed in
    tests/e2e/conftest.py's teardown hook in another context than the test's; it was not
    found which. PostgreSQL then refuses the DROP DATABASE ("being accessed by other
    users") and the database is left behind. Ending the session is what `DROP DATABASE
    … WITH (FORCE)` would do."""
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


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
