"""The request type of views that require a signed-in runner (for type checking)."""

from django.http import HttpRequest

from accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """An HttpRequest behind `login_required`: `user` is a runner, never anonymous."""

    user: User
