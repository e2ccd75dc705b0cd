"""The reads of every signed-in request, in plain SQL: the session and its user, in one
statement.

Django's stock session store and authentication backend read both through the ORM,
which builds and compiles a query and a model object each time: about 0.4 ms of CPU
a request before the page does anything. Here the session row (`accounts.models.Session`,
which keeps the id of the user it is signed in as in a column) is read with its user row
joined, by primary key, from SQL written here, once, through `ankleapp.sql` (the
database backend's own converters, so SQLite and PostgreSQL give the same values). On
PostgreSQL that is one round trip a page instead of two.

The user read with the session is handed to Django's `auth.get_user` of the same request
(`accounts.backends`, asked from `ankleapp.middleware.AuthenticationMiddleware` inside
`users_read_with_sessions`), which checks it as it checks any user: active, and the
session's hash still that of the password. Outside that, or when the session came from
the cache (`cached_db`), `read_user` reads the user row by itself.

Nothing is cached between requests: every request reads the session row and the user
row afresh, so a logout, a password change or a deactivated account takes effect on
every worker at once. (With the `cached_db` engine and a shared Redis, the session is
read from Redis first, and Django deletes it there on logout, for every worker alike.)

The stores are the engines `accounts.sessions.db` and `accounts.sessions.cached_db`;
the user read serves the backends in `accounts.backends`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, NamedTuple

from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.core.exceptions import ValidationError
from django.db.models import Field
from django.utils import timezone

from accounts.models import Session, User
from ankleapp import sql

USER_COLUMNS = [field.attname for field in User._meta.concrete_fields]
_USER_ID = USER_COLUMNS.index(User._meta.pk.attname)

# The session row and, when it names one that exists, its user's row: the columns are
# quoted as both databases read them.
SESSION_SQL = (
    "SELECT s.session_data, s.expire_date, "
    + ", ".join(f'u."{field.column}"' for field in User._meta.concrete_fields)
    + " FROM {sessions} s LEFT JOIN {users} u ON u.id = s.user_id"
    " WHERE s.session_key = %s AND s.expire_date > %s"
)
SESSION_FIELDS: list[Field] = [
    Session._meta.get_field("session_data"),
    Session._meta.get_field("expire_date"),
    *User._meta.concrete_fields,
]
USER_SQL = "SELECT {columns} FROM {table} WHERE id = %s"


class StoredSession(NamedTuple):
    session_data: str
    expire_date: dt.datetime
    user: User | None  # the user of the row's user column, if it names one that exists


def read_session(session_key: str) -> StoredSession | None:
    """The session's stored data and expiry, with its user, if it exists and has not expired."""
    row = sql.fetch_row(SESSION_SQL, SESSION_FIELDS, [session_key, timezone.now()], sessions=Session, users=User)
    if row is None:
        return None
    session_data, expire_date, *user_values = row
    user = User.from_db(sql.database().alias, USER_COLUMNS, user_values) if user_values[_USER_ID] is not None else None
    return StoredSession(session_data, expire_date, user)


# The users read with a session, by id, while Django's auth.get_user runs for a request.
_read_with_sessions: ContextVar[dict[Any, User] | None] = ContextVar("read_with_sessions", default=None)


@contextmanager
def users_read_with_sessions() -> Iterator[None]:
    """While this lasts, the user a session read brings along is the one `read_user` gives
    for that id, once, instead of reading the row again."""
    token = _read_with_sessions.set({})
    try:
        yield
    finally:
        _read_with_sessions.reset(token)


def read_user(user_id: Any) -> User | None:
    """The user with this primary key, built as the ORM builds it, or None: inside
    `users_read_with_sessions`, the one this request's session read brought along, if it
    is the one asked for; else read now."""
    try:
        pk = User._meta.pk.to_python(user_id)
    except ValidationError:  # a session holding something that is not an id: no user
        return None
    read = _read_with_sessions.get()
    if read and pk in read:
        return read.pop(pk)
    row = sql.fetch_one(User, USER_SQL, USER_COLUMNS, [pk])
    return User.from_db(sql.database().alias, USER_COLUMNS, row) if row is not None else None


def signed_in_as(session: dict[str, Any]) -> Any:
    """The id of the user a decoded session is signed in as, as the user column keeps it."""
    try:
        return User._meta.pk.to_python(session.get(SESSION_KEY))
    except ValidationError:
        return None


def with_current_backend(session: dict[str, Any]) -> dict[str, Any]:
    """A decoded session signed in with a stock backend that `accounts.backends` replaces,
    named with its replacement, so the switch of backends signs no one out."""
    from accounts.backends import STOCK_BACKENDS

    backend = session.get(BACKEND_SESSION_KEY)
    if backend in STOCK_BACKENDS:
        session[BACKEND_SESSION_KEY] = STOCK_BACKENDS[backend]
    return session


class LeanReads:
    """What both session stores share: the `accounts.models.Session` row, with the user
    column filled from the session on every save; the row read through `read_session`;
    and sessions that name the stock backend classes read as this project's (see
    `with_current_backend`). Mixed in before Django's store, whose writes stay its own."""

    session_key: str | None
    _session_key: str | None

    @classmethod
    def get_model_class(cls) -> type[Session]:
        return Session

    def create_model_instance(self, data: dict[str, Any]) -> Session:
        session = super().create_model_instance(data)  # type: ignore[misc]
        session.user_id = signed_in_as(data)
        return session

    async def acreate_model_instance(self, data: dict[str, Any]) -> Session:
        session = await super().acreate_model_instance(data)  # type: ignore[misc]
        session.user_id = signed_in_as(data)
        return session

    def _get_session_from_db(self) -> StoredSession | None:
        stored = read_session(self.session_key) if self.session_key else None
        if stored is None:
            self._session_key = None  # as Django does: a missing or expired key is not reused
            return None
        read = _read_with_sessions.get()
        if read is not None and stored.user is not None:
            read[stored.user.pk] = stored.user
        return stored

    def decode(self, session_data: str | bytes) -> dict:
        return with_current_backend(super().decode(session_data))  # type: ignore[misc]
