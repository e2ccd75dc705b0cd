"""The production configuration: `check --deploy` is clean and the settings are the hardened ones.

Each test starts a fresh Python process with the production environment from the README,
because settings are computed once, at import, from the environment.
"""

import subprocess
import sys

from tests.security.helpers import (
    PROJECT_DIR,
    clean_environment,
    production_environment,
    production_settings,
    run_python,
)

ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_check_deploy_reports_no_issues_with_the_production_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_settings_refuse_to_load_with_debug_off_and_no_secret_key():
    env = clean_environment(DEBUG="False")
    result = run_python("import django; django.setup()", env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_settings_refuse_to_load_with_debug_unset_and_no_secret_key():
    # DEBUG defaults to off: forgetting both variables must not start an insecure server.
    result = run_python("import django; django.setup()", clean_environment())
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_sends_hsts_for_at_least_a_year_including_subdomains():
    values = production_settings("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT")
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True


def test_production_trusts_the_proxys_forwarded_proto_header():
    values = production_settings("SECURE_PROXY_SSL_HEADER")
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_production_cookies_are_host_only_secure_and_same_site_lax():
    values = production_settings(
        "SESSION_COOKIE_NAME",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_NAME",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_SAMESITE",
        "SESSION_COOKIE_DOMAIN",
        "CSRF_COOKIE_DOMAIN",
        "SESSION_COOKIE_PATH",
        "CSRF_COOKIE_PATH",
    )
    assert values["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert values["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert values["CSRF_COOKIE_SAMESITE"] == "Lax"
    # Browsers drop a __Host- cookie that names a domain or a path other than /.
    assert values["SESSION_COOKIE_DOMAIN"] is None and values["CSRF_COOKIE_DOMAIN"] is None
    assert values["SESSION_COOKIE_PATH"] == "/" and values["CSRF_COOKIE_PATH"] == "/"


def test_production_hashes_passwords_with_argon2_first():
    values = production_settings("PASSWORD_HASHERS")
    assert values["PASSWORD_HASHERS"][0] == ARGON2


def test_argon2_is_importable_so_the_hasher_actually_works():
    # Argon2PasswordHasher needs argon2-cffi (django[argon2]); without it every login fails.
    code = (
        "import django; django.setup()\n"
        "from django.contrib.auth.hashers import make_password, check_password\n"
        "encoded = make_password('correct-horse-42')\n"
        "assert encoded.startswith('argon2$'), encoded\n"
        "assert check_password('correct-horse-42', encoded)\n"
    )
    result = run_python(code, production_environment())
    assert result.returncode == 0, result.stderr


def test_production_validates_passwords_with_length_common_and_similarity_checks():
    values = production_settings("AUTH_PASSWORD_VALIDATORS")
    by_name = {validator["NAME"].rsplit(".", 1)[-1]: validator for validator in values["AUTH_PASSWORD_VALIDATORS"]}
    assert "UserAttributeSimilarityValidator" in by_name
    assert "CommonPasswordValidator" in by_name
    assert by_name["MinimumLengthValidator"]["OPTIONS"]["min_length"] >= 10


def test_production_turns_debug_off():
    assert production_settings("DEBUG")["DEBUG"] is False


def test_the_models_pass_their_checks_at_any_time_of_day(db, time_machine):
    # A fixed time default is taken for a mistaken "now" within ten seconds of that time of
    # day (fields.W161): the deploy check once failed only because CI reached it at 07:30 UTC.
    import datetime as dt

    from django.apps import apps
    from django.core import checks

    for moment in ("07:30:00", "07:30:04", "00:00:00", "12:00:00"):
        time_machine.move_to(dt.datetime.fromisoformat(f"2026-12-01T{moment}+00:00"), tick=False)
        messages = [
            m
            for m in checks.run_checks(app_configs=apps.get_app_configs(), tags=[checks.Tags.models])
            if m.level >= checks.WARNING
        ]
        assert messages == [], (moment, messages)
