"""Helpers shared by the security tests: the production environment and what a request may change.

The test suite runs on ankleapp.test_settings (fast hashing, fixed key). Whatever must be
checked as it is in production is read from a fresh Python process that imports
ankleapp.settings with the documented production environment.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.test import Client

PROJECT_DIR = Path(__file__).resolve().parents[2]

# The production environment documented in the README (its Deploy and configuration sections).
PRODUCTION_ENV = {
    "DEBUG": "False",
    "SECURE_SSL_REDIRECT": "True",
    "SECURE_PROXY_SSL_HEADER": "True",
    "ALLOWED_HOSTS": "ankles.example.com",
    "EMAIL_HOST": "smtp.example.com",
    # nginx on the same host (scripts/topology.sh); in docker-compose.yml, the proxy's network.
    "TRUSTED_PROXIES": "127.0.0.1",
}


def clean_environment(**overrides: str) -> dict[str, str]:
    """A process environment with none of the app's settings variables but the ones given.

    Only what Python needs to start is kept, so a variable set in the developer's shell or
    in CI (DEBUG=True, DATABASE_URL, ...) cannot change what is being checked.
    """
    keep = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if name in os.environ}
    keep["DJANGO_SETTINGS_MODULE"] = "ankleapp.settings"
    keep["PYTHONDONTWRITEBYTECODE"] = "1"
    keep.update(overrides)
    return keep


def production_environment(**overrides: str) -> dict[str, str]:
    # A fresh random key per run, long and varied enough for check --deploy.
    return clean_environment(**{**PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(50), **overrides})


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def production_settings(*names: str, **env_overrides: str) -> dict:
    """The values of settings `names` as ankleapp.settings computes them under the production env."""
    code = (
        "import json, django\n"
        "django.setup()\n"
        "from django.conf import settings\n"
        f"print(json.dumps({{name: getattr(settings, name) for name in {list(names)!r}}}))\n"
    )
    result = run_python(code, production_environment(**env_overrides))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def csp_directives(header: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header as {directive: [sources]}."""
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def records_of(user) -> dict:
    """Everything stored about `user` that a request could change.

    Derived caches (StreakSummary, sessions, last_login) are left out: reading a page may
    refresh them, and that is not a change of the runner's records.
    """
    from tracking.models import Completion, PlanBreak

    user.refresh_from_db()
    return {
        "user": {
            field.attname: getattr(user, field.attname)
            for field in user._meta.concrete_fields
            if field.attname != "last_login"
        },
        "completions": sorted(Completion.objects.filter(user=user).values_list("exercise_id", "completed_on")),
        "breaks": sorted(map(str, PlanBreak.objects.filter(user=user).values_list("kind", "starts_on", "ends_on"))),
        "progress": _progress_records_of(user),
    }


def _progress_records_of(user) -> list[str]:
    """The runner's health records and levels (the progress app), as comparable text."""
    from progress.models import MorningPain, PainDuring, ProgressProfile, RedFlag, SelfTest

    rows: list[str] = []
    for model in (PainDuring, MorningPain, SelfTest, RedFlag, ProgressProfile):
        rows += sorted(map(str, model.objects.filter(user=user).values_list()))
    return rows


def row_counts() -> dict[str, int]:
    """How many rows each table of records holds (users, their records, emails, authenticators)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from accounts.models import User
    from tracking.models import Completion, PlanBreak

    models = (User, Completion, PlanBreak, EmailAddress, Authenticator)
    return {model.__name__: model.objects.count() for model in models}


def activation_page(client: Client, password: str = "correct-horse-42"):
    """Open TOTP activation the way a runner does: allauth asks for the password again first."""
    response = client.get("/accounts/2fa/totp/activate/")
    if response.status_code == 302 and "/reauthenticate/" in response["Location"]:
        response = client.post(response["Location"], {"password": password}, follow=True)
    return response
