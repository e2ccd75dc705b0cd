"""What views share about requests: the signed-in request type, and going back to the
page a form came from."""

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """An HttpRequest behind `login_required`: `user` is a runner, never anonymous."""

    user: User


def redirect_back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    """A redirect to the form's `next` path on this site, or else to `fallback`."""
    target = request.POST.get("next", "")
    is_local_path = target.startswith("/") and not target.startswith(("//", "/\\"))
    if is_local_path and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(fallback)
