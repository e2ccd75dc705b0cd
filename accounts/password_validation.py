"""Password rules beyond Django's own validators."""

from django.core.exceptions import ValidationError


class NotBlankValidator:
    """Refuse a password that is only spaces (or other whitespace): ten spaces passes the length rule."""

    def validate(self, password: str, user=None) -> None:
        if not password.strip():
            raise ValidationError("Your password can't be only spaces.", code="password_blank")

    def get_help_text(self) -> str:
        return "Your password can't be only spaces."
