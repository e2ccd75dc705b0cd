"""Django's database session store, reading the session with `accounts.sessions.read_session`.

    SESSION_ENGINE = "accounts.sessions.db"

Writes (create, save, delete, cycle_key) stay Django's own.
"""

from django.contrib.sessions.backends import db

from accounts.sessions import StoredSession, read_session, with_current_backend


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> StoredSession | None:
        stored = read_session(self.session_key) if self.session_key else None
        if stored is None:
            self._session_key = None  # as Django does: a missing or expired key is not reused
        return stored

    def decode(self, session_data: str | bytes) -> dict:
        return with_current_backend(super().decode(session_data))
