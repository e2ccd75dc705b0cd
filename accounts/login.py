"""allauth's log-in form with "Keep me signed in" ticked, so runners sign in on their phone once.

Its own module: allauth's forms import accounts.forms (the sign-up form class), so
accounts.forms cannot import them back.
"""

from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm


class LoginForm(AllauthLoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me signed in on this device"
            self.fields["remember"].initial = True
