"""Deleting a runner's account: every row that is theirs, and every session they have."""

from importlib import import_module

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone as django_timezone

from accounts.models import Session, User
from portability.sections import BATCH


def sessions_end(*, user: User) -> int:
    """End the runner's sessions on every server. Sessions live in the database (and,
    with Redis, a cache in front of it), each row with the user it is signed in as: each
    of theirs is deleted through the session engine so its cached copy goes too. With the
    user row gone a copied cookie finds no one anyway."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    live = Session.objects.filter(user=user, expire_date__gt=django_timezone.now())
    for key in live.values_list("session_key", flat=True).iterator(chunk_size=BATCH):
        store(session_key=key).delete()
        ended += 1
    return ended


def account_delete(*, user: User) -> None:
    """Delete the runner and, by cascade, every row that belongs to them; tell them by email."""
    email = user.email
    with transaction.atomic():
        sessions_end(user=user)
        user.delete()
        transaction.on_commit(
            lambda: send_mail(
                "Your Stronger Ankles account is deleted",
                "Your account and everything it held (your history, rest days, pauses and settings) "
                "have been deleted, as you asked.\n\nIf you did not ask for this, someone had your "
                "password: reply to this email.\n",
                None,
                [email],
            )
        )
