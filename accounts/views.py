"""The account settings page: time zone and weekly target; links to password, email and 2FA."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.forms import SettingsForm
from accounts.models import User
from accounts.services import user_save_settings
from accounts.timezones import local_today


@login_required
def settings_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            timezone = form.cleaned_data["timezone"]
            user_save_settings(
                user=user,
                timezone=timezone,
                weekly_target=form.cleaned_data["weekly_target"],
                today=local_today(timezone),
            )
            messages.success(request, "Settings saved.")
            return redirect("accounts:settings")
        status = 400
    else:
        form = SettingsForm(initial={"timezone": user.timezone, "weekly_target": user.weekly_target})
        status = 200
    return render(request, "accounts/settings.html", {"form": form, "nav": "settings"}, status=status)
