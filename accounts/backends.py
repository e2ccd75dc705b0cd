"""Django's and allauth's authentication backends, reading the signed-in user in plain SQL.

Logging in (`authenticate`) is theirs, unchanged; only `get_user`, run on every signed-in
request, reads the user row with `accounts.sessions.read_user` instead of the ORM. It
still refuses a deactivated account, and Django still checks the session against the
password's hash afterwards, so a password change ends the other sessions at once.
"""

from typing import Any

from allauth.account import auth_backends
from django.contrib.auth import backends

from accounts.models import User
from accounts.sessions import read_user


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = read_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class AuthenticationBackend(auth_backends.AuthenticationBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = read_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


# A session signed in before these backends names the class it was signed in with: it is
# read as the subclass above, so the switch signs no one out.
STOCK_BACKENDS = {
    "django.contrib.auth.backends.ModelBackend": "accounts.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": "accounts.backends.AuthenticationBackend",
}
