"""Forms for sign-up (time zone from the browser) and the settings page."""

from typing import Any

from django import forms

from accounts.models import User
from accounts.timezones import DEFAULT_TIMEZONE, canonical_name, timezone_options


class TimezoneInput(forms.TextInput):
    """A text box with a <datalist> of the common zones and their offsets: searchable, no JS needed."""

    template_name = "accounts/widgets/timezone_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"autocomplete": "off", "spellcheck": "false", "data-timezone-input": ""} | (attrs or {}))

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["options"] = timezone_options()
        return context


class TimezoneField(forms.Field):
    """A zone name from the IANA database, any letter case; aliases browsers report are accepted."""

    # A plain Field, not CharField: a NUL byte or a huge value gets this message, not a crash.
    default_error_messages = {
        "invalid": "That is not a time zone we know. Type a city and pick it from the list, for example Europe/London.",
        "required": "Choose your time zone: type a city and pick it from the list, for example Europe/London.",
    }
    widget = TimezoneInput

    def clean(self, value: Any) -> str:
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return DEFAULT_TIMEZONE
        name = canonical_name(value)
        if name is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return name


class SignupForm(forms.Form):
    """Extra sign-up fields for allauth: the time zone, filled in from the device by static JS."""

    timezone = TimezoneField(
        label="Time zone",
        required=False,
        help_text="Your days start at midnight here. Type a city to search; left empty, your days follow UTC.",
        widget=TimezoneInput(attrs={"placeholder": "UTC"}),
    )

    def signup(self, request, user: User) -> None:
        # allauth has already saved the user when this runs, so save the field ourselves.
        user.timezone = self.cleaned_data["timezone"]
        user.save(update_fields=["timezone"])


WEEKLY_TARGET_CHOICES = [(7, "Every day")] + [(n, f"{n} days a week") for n in range(6, 2, -1)]


class SettingsForm(forms.Form):
    timezone = TimezoneField(
        label="Time zone",
        help_text="Your days start at midnight in this zone: it decides what “today” is for your plan and your streak.",
    )
    weekly_target = forms.TypedChoiceField(
        label="How often do you plan to do the routine?",
        choices=WEEKLY_TARGET_CHOICES,
        coerce=int,
        help_text=(
            "With fewer than 7 days, you can plan the other days as rest days and keep your streak."
            " A change applies from this week on."
        ),
    )
