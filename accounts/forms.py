"""Forms for sign-up (time zone from the browser) and the settings page."""

from django import forms

from accounts.models import User
from accounts.timezones import DEFAULT_TIMEZONE, is_valid_timezone, timezone_choices


class SignupForm(forms.Form):
    """Extra sign-up fields for allauth: the browser's time zone, filled by static JS."""

    # A plain Field: CharField would refuse odd values (NUL bytes) with an error on a hidden
    # input the runner can't see; any unknown value falls back to UTC instead.
    timezone = forms.Field(required=False, widget=forms.HiddenInput(attrs={"data-detect-timezone": ""}))

    def clean_timezone(self) -> str:
        # A missing or unknown zone is not the runner's fault: fall back, don't refuse.
        value = self.cleaned_data.get("timezone", "")
        return value if is_valid_timezone(value) else DEFAULT_TIMEZONE

    def signup(self, request, user: User) -> None:
        # allauth has already saved the user when this runs, so save the field ourselves.
        user.timezone = self.cleaned_data["timezone"]
        user.save(update_fields=["timezone"])


WEEKLY_TARGET_CHOICES = [(7, "Every day")] + [(n, f"{n} days a week") for n in range(6, 2, -1)]


class SettingsForm(forms.Form):
    timezone = forms.ChoiceField(label="Time zone", choices=timezone_choices)
    weekly_target = forms.TypedChoiceField(
        label="How often do you plan to do the routine?",
        choices=WEEKLY_TARGET_CHOICES,
        coerce=int,
        help_text="With fewer than 7 days, you can plan the other days as rest days and keep your streak.",
    )
