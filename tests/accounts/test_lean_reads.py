"""The session and the user of every signed-in request, read in plain SQL, in one
statement (accounts.sessions, accounts.backends): the same values as the ORM's, nothing
kept between requests, and every way a session ends still ends it at once."""

import datetime as dt
import importlib

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from accounts.backends import AuthenticationBackend, ModelBackend
from accounts.models import Session, User
from accounts.sessions import read_session, read_user, users_read_with_sessions
from accounts.sessions.cached_db import SessionStore as CachedSessionStore
from accounts.sessions.db import SessionStore

pytestmark = pytest.mark.django_db

STORES = [SessionStore, CachedSessionStore]


def test_the_user_read_in_sql_is_the_user_the_orm_reads(alice):
    alice.weekly_target = 5
    alice.weekly_target_changes = [["2026-11-16", 5]]
    alice.last_login = timezone.now()
    alice.save()
    by_orm = User.objects.get(pk=alice.pk)
    by_sql = read_user(str(alice.pk))  # the session holds the id as text
    assert by_sql is not None
    for field in User._meta.concrete_fields:
        orm_value, sql_value = getattr(by_orm, field.attname), getattr(by_sql, field.attname)
        assert (sql_value, type(sql_value)) == (orm_value, type(orm_value)), field.name
    assert by_sql.weekly_target_history == ((dt.date(2026, 11, 16), 5),)
    assert not by_sql._state.adding  # saving it updates the row
    by_sql.timezone = "Europe/Paris"
    by_sql.save(update_fields=["timezone"])
    assert User.objects.get(pk=alice.pk).timezone == "Europe/Paris"


def test_there_is_no_user_for_an_unknown_or_malformed_id(alice):
    assert read_user(alice.pk + 1000) is None
    assert read_user("not-an-id") is None


def test_a_deactivated_account_has_no_user_for_either_backend(alice):
    alice.is_active = False
    alice.save()
    assert ModelBackend().get_user(alice.pk) is None
    assert AuthenticationBackend().get_user(alice.pk) is None


@pytest.mark.parametrize("store_class", STORES, ids=["db", "cached_db"])
def test_a_stored_session_is_read_until_it_expires(store_class):
    store = store_class()
    store["answer"] = 42
    store.save()
    assert store_class(store.session_key)["answer"] == 42
    assert read_session(store.session_key).expire_date > timezone.now()

    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    for cache in caches.all():
        cache.clear()  # (cached_db: as when the cached copy expires, with the session)
    expired = store_class(store.session_key)
    assert expired.get("answer") is None
    assert expired.session_key is None  # a missing or expired key is never reused
    assert read_session(store.session_key) is None


def signed_in_cookie(user, backend: str) -> str:
    """A session as django.contrib.auth.login stores it after a login through `backend`."""
    store = importlib.import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


def get_calendar(session_key: str):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client.get("/calendar/")


def test_the_settings_name_the_lean_session_engine_and_backends():
    assert settings.SESSION_ENGINE in ("accounts.sessions.db", "accounts.sessions.cached_db")
    assert settings.AUTHENTICATION_BACKENDS == [
        "accounts.backends.ModelBackend",
        "accounts.backends.AuthenticationBackend",
    ]


@pytest.mark.parametrize(
    "backend",
    [
        "accounts.backends.AuthenticationBackend",
        "accounts.backends.ModelBackend",
        # Sessions signed in before the lean backends, which name the stock classes.
        "allauth.account.auth_backends.AuthenticationBackend",
        "django.contrib.auth.backends.ModelBackend",
    ],
)
def test_a_session_signed_in_with_any_of_the_backends_stays_signed_in(alice, backend):
    assert get_calendar(signed_in_cookie(alice, backend)).status_code == 200


def test_a_session_of_a_backend_that_is_not_configured_is_signed_out(alice):
    page = get_calendar(signed_in_cookie(alice, "django.contrib.auth.backends.RemoteUserBackend"))
    assert page.status_code == 302


def test_a_password_change_and_a_deactivation_end_the_session_at_the_next_request(alice):
    session_key = signed_in_cookie(alice, "accounts.backends.AuthenticationBackend")
    assert get_calendar(session_key).status_code == 200
    alice.set_password("a-new-password-for-alice")
    alice.save()
    assert get_calendar(session_key).status_code == 302

    session_key = signed_in_cookie(alice, "accounts.backends.AuthenticationBackend")
    assert get_calendar(session_key).status_code == 200
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert get_calendar(session_key).status_code == 302


def through_the_middleware(cookie: str | None = None):
    """A request after the session and authentication middleware, as a view receives it."""
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.http import HttpResponse
    from django.test import RequestFactory

    from ankleapp.middleware import AuthenticationMiddleware

    request = RequestFactory().get("/")
    if cookie is not None:
        request.COOKIES[settings.SESSION_COOKIE_NAME] = cookie
    SessionMiddleware(lambda request: HttpResponse()).process_request(request)
    AuthenticationMiddleware(lambda request: HttpResponse()).process_request(request)
    return request


def test_the_view_receives_the_signed_in_user_itself_read_with_the_session_in_one_query(
    alice, django_assert_num_queries
):
    cookie = signed_in_cookie(alice, "accounts.backends.AuthenticationBackend")
    with django_assert_num_queries(1):  # the session row, its user row joined
        request = through_the_middleware(cookie)
    assert type(request.user) is User  # not Django's lazy proxy
    assert request.user.pk == alice.pk
    assert request.session.accessed  # as the proxy's first use would have: Vary: Cookie


def test_a_visitor_without_a_session_is_anonymous_without_a_query(django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(0):
        request = through_the_middleware()
    assert type(request.user) is AnonymousUser


def test_a_session_whose_password_changed_gives_an_anonymous_user_and_is_flushed(alice):
    cookie = signed_in_cookie(alice, "accounts.backends.AuthenticationBackend")
    alice.set_password("a-new-password-for-alice")
    alice.save()
    request = through_the_middleware(cookie)
    assert not request.user.is_authenticated
    assert not Session.objects.filter(session_key=cookie).exists()


# --- The session row's user column (accounts.models.Session) ------------------------------------------


def test_a_session_row_keeps_the_user_it_is_signed_in_as_from_login_to_logout(alice):
    client = Client()
    assert client.get("/accounts/login/").status_code == 200  # a session may exist before
    response = client.post("/accounts/login/", {"login": "alice@example.com", "password": "correct-horse-42"})
    assert response.status_code == 302
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.get(session_key=key).user_id == alice.pk
    assert client.get("/calendar/").status_code == 200

    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    assert not Session.objects.filter(user_id=alice.pk).exists()


@pytest.mark.parametrize("store_class", STORES, ids=["db", "cached_db"])
def test_a_session_signed_in_as_no_one_has_no_user(store_class):
    store = store_class()
    store["answer"] = 42
    store.save()
    assert Session.objects.get(session_key=store.session_key).user_id is None
    assert read_session(store.session_key).user is None


def test_the_user_read_with_a_session_is_the_one_its_data_names_not_its_column(alice, bob):
    """The column only saves a statement: who is signed in is still the session's data."""
    cookie = signed_in_cookie(alice, "accounts.backends.AuthenticationBackend")
    Session.objects.filter(session_key=cookie).update(user_id=bob.pk)
    assert through_the_middleware(cookie).user == alice


def test_the_user_read_with_a_session_serves_that_requests_sign_in_only(alice, django_assert_num_queries):
    cookie = signed_in_cookie(alice, "accounts.backends.AuthenticationBackend")
    with users_read_with_sessions():
        with django_assert_num_queries(1):
            assert SessionStore(cookie)[SESSION_KEY] == str(alice.pk)
            assert read_user(str(alice.pk)) == alice  # the row read with the session
        with django_assert_num_queries(1):
            assert read_user(str(alice.pk)) == alice  # once only: read again
    with django_assert_num_queries(2):  # outside a sign-in, the two reads are apart
        assert SessionStore(cookie)[SESSION_KEY] == str(alice.pk)
        assert read_user(str(alice.pk)) == alice


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_moves_every_live_session_with_its_user_and_signs_no_one_out(alice, bob):
    from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
    from django.contrib.sessions.models import Session as DjangoSession
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    cookie = signed_in_cookie(alice, "accounts.backends.AuthenticationBackend")
    MigrationExecutor(connection).migrate([("accounts", "0001_initial")])
    # Back in Django's table (the migration's reverse), with sessions made there since.
    assert DjangoSession.objects.filter(session_key=cookie).exists()
    visitor = DjangoSessionStore()
    visitor["answer"] = 42
    visitor.save()
    expired = DjangoSessionStore()
    expired[SESSION_KEY] = str(bob.pk)
    expired.set_expiry(-60)
    expired.save()

    MigrationExecutor(connection).migrate([("accounts", "0002_session_with_user")])

    moved = dict(Session.objects.values_list("session_key", "user_id"))
    assert moved == {cookie: alice.pk, visitor.session_key: None}
    assert not DjangoSession.objects.exists()
    assert get_calendar(cookie).status_code == 200
