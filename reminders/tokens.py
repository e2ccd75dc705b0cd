"""Signed links that work without logging in: one-click unsubscribe from the reminder email."""

from django.core import signing

UNSUBSCRIBE_SALT = "reminders.unsubscribe"


def unsubscribe_token(user_pk: int) -> str:
    return signing.dumps(user_pk, salt=UNSUBSCRIBE_SALT, compress=False)


def unsubscribe_user_pk(token: str) -> int | None:
    """The runner a token was made for, or None if it was not made here (tampered, other salt)."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
