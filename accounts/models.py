"""The user: logs in with an email address and lives in a time zone."""

import datetime as dt

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from accounts.timezones import DEFAULT_TIMEZONE, is_valid_timezone


def validate_timezone(value: str) -> None:
    if not is_valid_timezone(value):
        raise ValidationError("“%(value)s” is not a known time zone.", params={"value": value})


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    # Email login: no username and no names (django-stubs types these as always present).
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    # Named `timezone` as the product calls it; django.utils.timezone is never imported here.
    timezone = models.CharField(
        "time zone",
        max_length=64,
        default=DEFAULT_TIMEZONE,
        validators=[validate_timezone],
        help_text="Your days start and end at midnight in this zone.",
    )
    weekly_target = models.PositiveSmallIntegerField(
        "days a week",
        default=7,
        validators=[MinValueValidator(3), MaxValueValidator(7)],
        help_text="Every day (7) or 3 to 6 days a week, with the other days as planned rest.",
    )
    # Every change as ["YYYY-MM-DD" (a Monday), days], oldest first: a change applies from
    # the week it was made in, and each earlier week keeps the target it was planned with.
    # Kept on the user row so pages read it without another query.
    weekly_target_changes = models.JSONField(default=list, blank=True)

    @property
    def weekly_target_history(self) -> tuple[tuple[dt.date, int], ...]:
        return tuple((dt.date.fromisoformat(since), days) for since, days in self.weekly_target_changes)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    # Our manager for email login, in place of the one django-stubs expects.
    objects = UserManager()  # type: ignore[misc,assignment]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.email

    def get_short_name(self) -> str:
        return self.email


class Session(AbstractBaseSession):
    """Django's session row, with the runner it is signed in as in a column of its own.

    The session engines `accounts.sessions.db` and `accounts.sessions.cached_db` keep it
    (`SESSION_ENGINE`), and fill `user` from the session's `_auth_user_id` on every save.
    With the user beside the session, every signed-in request reads both in one statement
    (`accounts.sessions.read_session`), and a runner's sessions are found without decoding
    every session there is (`portability.deletion.sessions_end`).

    Deleting a user deletes their session rows. There is no foreign-key constraint in the
    database: a session saved as its user's account is being deleted elsewhere must not
    fail the save; it names no one, and reads as signed out.
    """

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, db_constraint=False, related_name="+"
    )

    class Meta(AbstractBaseSession.Meta):
        db_table = "accounts_session"

    @classmethod
    def get_session_store_class(cls) -> type[SessionBase]:
        from accounts.sessions.db import SessionStore

        return SessionStore
