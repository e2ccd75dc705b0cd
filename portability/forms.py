from allauth.mfa.base.forms import ReauthenticateForm
from allauth.mfa.utils import is_mfa_enabled
from django import forms

from accounts.models import User


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    code = forms.CharField(
        label="Code from your authenticator app, or a recovery code",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        self.user = user
        self.needs_code = is_mfa_enabled(user)
        super().__init__(*args, **kwargs)
        if not self.needs_code:
            del self.fields["code"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password

    def clean_code(self) -> str:
        code = self.cleaned_data.get("code", "").strip()
        if not code:
            raise forms.ValidationError("Enter the code from your authenticator app, or a recovery code.")
        # allauth checks the code against each of the runner's authenticators (and rate-limits it).
        second_factor = ReauthenticateForm(data={"code": code}, user=self.user)
        if not second_factor.is_valid():
            raise forms.ValidationError("That code is not right. Try the current code from your app.")
        return code


class UploadForm(forms.Form):
    file = forms.FileField(label="Your file")


class LoopUploadForm(forms.Form):
    file = forms.FileField(label="Loop's Checkmarks.csv")
    habit = forms.CharField(required=False, max_length=200)
