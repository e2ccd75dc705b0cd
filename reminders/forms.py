from django import forms

from reminders.models import ReminderSettings


class ReminderSettingsForm(forms.ModelForm):
    class Meta:
        model = ReminderSettings
        fields = ["enabled", "remind_at", "days", "by_email", "by_push"]
        widgets = {
            "remind_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "days": forms.RadioSelect,
        }
