"""Django's cached database session store (the shared cache first, then the database),
reading the database row with `accounts.sessions.read_session`.

    SESSION_ENGINE = "accounts.sessions.cached_db"   # with a cache every worker shares (Redis)

Writes (create, save, delete, cycle_key) stay Django's own, in the cache and the database.
"""

from django.contrib.sessions.backends import cached_db

from accounts.sessions import StoredSession, read_session, with_current_backend


class SessionStore(cached_db.SessionStore):
    def _get_session_from_db(self) -> StoredSession | None:
        stored = read_session(self.session_key) if self.session_key else None
        if stored is None:
            self._session_key = None  # as Django does: a missing or expired key is not reused
        return stored

    def decode(self, session_data: str | bytes) -> dict:
        return with_current_backend(super().decode(session_data))
