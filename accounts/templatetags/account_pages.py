"""What the account pages say about the runner's email addresses."""

from allauth.account.models import EmailAddress
from django import template

register = template.Library()


@register.simple_tag
def unverified_emails(user) -> list[str]:
    """The runner's addresses still to verify: allauth turns two-factor on only when none are."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(EmailAddress.objects.filter(user_id=user.pk, verified=False).values_list("email", flat=True))
