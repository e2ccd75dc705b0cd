"""The two reads of every signed-in request, in plain SQL: the session, then its user.

Django's stock session store and authentication backend read both through the ORM,
which builds and compiles a query and a model object each time: about 0.4 ms of CPU
a request before the page does anything. These run the same single-row SELECTs by
primary key from SQL written here, once, through `ankleapp.sql` (the database
backend's own converters, so SQLite and PostgreSQL give the same values).

Nothing is cached between requests: every request reads the session row and the user
row afresh, so a logout, a password change or a deactivated account takes effect on
every worker at once. (With the `cached_db` engine and a shared Redis, the session is
read from Redis first, and Django deletes it there on logout, for every worker alike.)

The stores are the engines `accounts.sessions.db` and `accounts.sessions.cached_db`;
the user read serves the backends in `accounts.backends`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from ankleapp import sql

SESSION_SQL = "SELECT {columns} FROM {table} WHERE session_key = %s AND expire_date > %s"
USER_SQL = "SELECT {columns} FROM {table} WHERE id = %s"


class StoredSession(NamedTuple):
    session_data: str
    expire_date: dt.datetime


def read_session(session_key: str) -> StoredSession | None:
    """The session's stored data and expiry, if it exists and has not expired."""
    row = sql.fetch_one(Session, SESSION_SQL, ["session_data", "expire_date"], [session_key, timezone.now()])
    return StoredSession(*row) if row is not None else None


USER_COLUMNS = [field.attname for field in User._meta.concrete_fields]


def read_user(user_id: Any) -> User | None:
    """The user with this primary key, built as the ORM builds it, or None."""
    try:
        pk = User._meta.pk.to_python(user_id)
    except ValidationError:  # a session holding something that is not an id: no user
        return None
    row = sql.fetch_one(User, USER_SQL, USER_COLUMNS, [pk])
    return User.from_db(sql.database().alias, USER_COLUMNS, row) if row is not None else None


def with_current_backend(session: dict[str, Any]) -> dict[str, Any]:
    """A decoded session signed in with a stock backend that `accounts.backends` replaces,
    named with its replacement, so the switch of backends signs no one out."""
    from accounts.backends import STOCK_BACKENDS

    backend = session.get(BACKEND_SESSION_KEY)
    if backend in STOCK_BACKENDS:
        session[BACKEND_SESSION_KEY] = STOCK_BACKENDS[backend]
    return session


class LeanReads:
    """The reads both session stores share: the row through `read_session`, and sessions
    that name the stock backend classes read as this project's (see `with_current_backend`).
    Mixed in before Django's store, whose writes stay as they are."""

    session_key: str | None
    _session_key: str | None

    def _get_session_from_db(self) -> StoredSession | None:
        stored = read_session(self.session_key) if self.session_key else None
        if stored is None:
            self._session_key = None  # as Django does: a missing or expired key is not reused
        return stored

    def decode(self, session_data: str | bytes) -> dict:
        return with_current_backend(super().decode(session_data))  # type: ignore[misc]
