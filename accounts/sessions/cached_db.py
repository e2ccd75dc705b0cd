"""Django's cached database session store (the shared cache first, then the database),
reading the database row with `accounts.sessions.read_session`.

    SESSION_ENGINE = "accounts.sessions.cached_db"   # with a cache every worker shares (Redis)

Writes (create, save, delete, cycle_key) stay Django's own, in the cache and the database.
"""

from django.contrib.sessions.backends import cached_db

from accounts.sessions import LeanReads


class SessionStore(LeanReads, cached_db.SessionStore):
    pass
