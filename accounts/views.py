"""The account settings page (time zone; links to allauth's password and email pages)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.forms import TimezoneForm


@login_required
def settings_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = TimezoneForm(request.POST, instance=request.user)
        if form.is_valid():
            form.save()
            messages.success(request, f"Time zone saved: your days now follow {request.user.timezone}.")
            return redirect("accounts:settings")
        status = 400
    else:
        form = TimezoneForm(instance=request.user)
        status = 200
    return render(request, "accounts/settings.html", {"form": form, "nav": "settings"}, status=status)
