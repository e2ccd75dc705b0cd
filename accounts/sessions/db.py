"""Django's database session store, reading the session with `accounts.sessions.read_session`.

    SESSION_ENGINE = "accounts.sessions.db"

Writes (create, save, delete, cycle_key) stay Django's own.
"""

from django.contrib.sessions.backends import db

from accounts.sessions import LeanReads


class SessionStore(LeanReads, db.SessionStore):
    pass
