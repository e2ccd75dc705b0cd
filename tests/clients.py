"""Test clients that share one request handler, as one server process does."""

from django.test import Client
from django.test.client import ClientHandler

_handler: ClientHandler | None = None


def new_client(user=None) -> Client:
    """A test client, logged in as `user` if given.

    All clients share one request handler, as all requests to one server process
    share one middleware chain.
    """
    global _handler
    if _handler is None:
        _handler = ClientHandler(enforce_csrf_checks=False)  # as Client() does by default
    client = Client()
    client.handler = _handler
    if user is not None:
        client.force_login(user)
    return client


def signed_in(user, **options) -> Client:
    """A fresh client (its own handler) logged in as `user`, that answers a crash with the
    500 page instead of raising it: for tests that send every kind of request."""
    client = Client(raise_request_exception=False, **options)
    client.force_login(user)
    return client
