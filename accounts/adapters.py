"""allauth customisations: timing-safe sign-up, and a login lockout that ignores the Host."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form (with accounts.forms.SignupForm's fields), timing-safe.

    A new address costs a password hash (Argon2, about a tenth of a second), two rows and an
    email; a taken one only the "you already have an account" email, so the answer's timing
    alone told which addresses have accounts. Hashing the submitted password on the taken
    path too (and throwing the hash away) evens it out.
    """

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1") or "")
        return super().try_save(request)


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """The login lockout's key: the address alone.

        allauth prefixes it with the site's domain, which without django.contrib.sites is
        the request's Host: each name in ALLOWED_HOSTS (or each app server reached by its
        own address and port) would then count its own five attempts.
        """
        return credentials.get("email", credentials.get("username", "")).lower()
