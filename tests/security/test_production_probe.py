"""The holes a production-mode probe found, each fixed and kept fixed.

The probe ran the app as the README deploys it (DEBUG off, HTTPS settings, gunicorn) and
found: an admin login without the second factor or rate limits, a sign-up that answered a
taken address faster than a new one, lockout counters a flood could evict, a health check
that failed under the HTTPS redirect and never tried a write, unbounded request bodies,
cacheable signed-in pages, the runner's email in a readable cookie, blank passwords, and
forwarded headers trusted from anyone.
"""

import json
import re
import socket
import statistics
import subprocess
import sys
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

import ankleapp.settings as production_module
from accounts.models import Session, User
from tests.factories import PLAN_SLUGS, seed_plan
from tests.security.helpers import PROJECT_DIR, production_environment
from tracking.models import Completion

PASSWORD = "correct-horse-42"
TOO_MANY = "Too many failed login attempts"
ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"


def is_signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


# --- High: the admin login goes through allauth (second factor, rate limits) ---------------------


@pytest.fixture
def staff_with_totp(make_user):
    staff = make_user("staff@example.com", is_staff=True, is_superuser=True)
    TOTP.activate(staff, generate_totp_secret())
    return staff


def test_a_totp_protected_staff_account_cannot_sign_in_at_the_admin_with_the_password_alone(staff_with_totp):
    client = Client()
    response = client.post("/admin/login/?next=/admin/", {"username": staff_with_totp.email, "password": PASSWORD})
    assert not is_signed_in(client), "the admin login accepted the password without the second factor"
    assert client.get("/admin/").status_code == 302
    assert response.status_code == 302


def test_the_admin_login_sends_staff_to_the_sites_login_which_asks_for_the_code(staff_with_totp):
    client = Client()
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    answered = client.post(response["Location"], {"login": staff_with_totp.email, "password": PASSWORD})
    assert answered["Location"].startswith("/accounts/2fa/authenticate/")
    assert not is_signed_in(client)


def test_wrong_admin_passwords_are_throttled_like_the_sites(make_user):
    staff = make_user("staff@example.com", is_staff=True)
    client = Client()
    for attempt in range(5):
        client.post("/accounts/login/?next=/admin/", {"login": staff.email, "password": f"wrong-{attempt}"})
    client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})
    assert not is_signed_in(client)
    locked = client.post("/accounts/login/?next=/admin/", {"login": staff.email, "password": PASSWORD})
    assert TOO_MANY in locked.content.decode()
    assert not is_signed_in(client)


@override_settings(ALLOWED_HOSTS=["ankles.example.com", "www.ankles.example.com"])
def test_the_login_lockout_holds_whichever_allowed_host_the_attacker_uses(alice):
    # Found by the topology tests: allauth keyed the lockout on the Host header too.
    for attempt in range(5):
        host = ("ankles.example.com", "www.ankles.example.com")[attempt % 2]
        Client(HTTP_HOST=host).post("/accounts/login/", {"login": alice.email, "password": f"wrong-{attempt}"})
    for host in ("ankles.example.com", "www.ankles.example.com"):
        client = Client(HTTP_HOST=host)
        response = client.post("/accounts/login/", {"login": alice.email, "password": PASSWORD})
        assert TOO_MANY in response.content.decode(), host
        assert not is_signed_in(client)


# --- Medium: sign-up takes as long for a taken address as for a new one ---------------------------


def timed(function, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def signup(client: Client, email: str):
    return client.post(
        "/accounts/signup/",
        {"email": email, "password1": "Tendon-Loading-2026", "password2": "Tendon-Loading-2026", "timezone": "UTC"},
    )


@override_settings(ACCOUNT_EMAIL_VERIFICATION="mandatory", PASSWORD_HASHERS=[ARGON2])
def test_signing_up_takes_as_long_with_a_taken_email_as_with_a_new_one(db):
    # Production's hasher (Argon2): the new-address path pays for it, so the other must too.
    # One taken address per attempt, as a prober would try: each gets its email (allauth
    # sends one per address per few minutes).
    #
    # The two paths are not identical: the new one also writes the account's rows (nine
    # more statements, about 7 ms on PostgreSQL in this suite). The test bounds the gap by
    # a fraction of one hash, which is what the probe found missing; an earlier version
    # asked each median to fall inside the other's range, and a CI run on PostgreSQL where
    # the 7 ms showed (taken 219 ms, new 230 ms, taken at most 227) failed it.
    hash_seconds = statistics.median(timed(make_password, "Tendon-Loading-2026") for _ in range(5))
    for attempt in range(21):
        User.objects.create_user(email=f"runner-{attempt}@example.com", password=None)
    timings: dict[str, list[float]] = {"taken": [], "new": []}
    for attempt in range(21):
        for kind, email in (("taken", f"runner-{attempt}@example.com"), ("new", f"newcomer-{attempt}@example.com")):
            client = Client(REMOTE_ADDR=f"10.9.{attempt}.{1 if kind == 'taken' else 2}")
            started = time.perf_counter()
            response = signup(client, email)
            elapsed = time.perf_counter() - started
            assert response.status_code == 302, kind
            if attempt:  # the first round warms caches and imports
                timings[kind].append(elapsed)
    taken, new = timings["taken"], timings["new"]
    summary = (
        f"taken: median {statistics.median(taken) * 1000:.0f} ms, {min(taken) * 1000:.0f}-{max(taken) * 1000:.0f}; "
        f"new: median {statistics.median(new) * 1000:.0f} ms, {min(new) * 1000:.0f}-{max(new) * 1000:.0f}"
    )
    summary += f"; one hash {hash_seconds * 1000:.0f} ms"
    assert abs(statistics.median(new) - statistics.median(taken)) < hash_seconds / 4, summary
    assert User.objects.filter(email__startswith="runner-").count() == 21
    assert len(mail.outbox) == 42, "every sign-up, taken or new, sends its email"


# --- Medium: lockout counters survive a flood of anonymous requests --------------------------------


@override_settings(CACHES={"default": production_module.CACHES["default"]})
def test_a_flood_of_anonymous_password_resets_does_not_wipe_a_login_lockout(alice):
    flood_and_check(alice)


def test_the_suites_cache_stand_in_keeps_the_production_limit():
    # The suite's local-memory stand-in must keep the same limit, or other tests would lie.
    production_options = production_module.CACHES["default"].get("OPTIONS", {})
    assert settings.CACHES["default"]["OPTIONS"]["MAX_ENTRIES"] == production_module.CACHE_MAX_ENTRIES
    assert production_options.get("MAX_ENTRIES", production_module.CACHE_MAX_ENTRIES) >= 100_000


def flood_and_check(alice) -> None:
    call_command("createcachetable", verbosity=0)  # the test database was built for the suite's cache
    attacker = Client(REMOTE_ADDR="10.1.0.1")
    for attempt in range(5):
        attacker.post("/accounts/login/", {"login": alice.email, "password": f"wrong-{attempt}"})
    # 200 requests leave 400 rate-limit entries: Django's default of 300 culled a third,
    # the oldest (or, in the database cache, the first by key) first.
    for number in range(200):
        Client(REMOTE_ADDR=f"10.2.{number // 200}.{number % 200 + 1}").post(
            "/accounts/password/reset/", {"email": f"nobody-{number}@example.com"}
        )
    response = Client(REMOTE_ADDR="10.3.0.1").post("/accounts/login/", {"login": alice.email, "password": PASSWORD})
    assert TOO_MANY in response.content.decode(), "the flood evicted the lockout counter"


# --- Medium: the health check answers the container's probe under the production settings ---------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def dockerfile_health_command() -> list[str]:
    text = (PROJECT_DIR / "Dockerfile").read_text()
    match = re.search(r"^HEALTHCHECK .*?\\\n\s*CMD (\[.*\])$", text, flags=re.M)
    assert match, "the Dockerfile has no HEALTHCHECK ... CMD [...]"
    return json.loads(match[1])


def test_the_dockerfiles_health_command_passes_under_the_production_environment(tmp_path):
    port = free_port()
    env = production_environment(SQLITE_PATH=str(tmp_path / "db.sqlite3"), PORT=str(port))
    env["PATH"] = f"{PROJECT_DIR / '.venv' / 'bin'}:{env['PATH']}"
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=PROJECT_DIR, env=env, capture_output=True
    )
    assert migrate.returncode == 0, migrate.stderr
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "ankleapp.wsgi", "-c", "gunicorn.conf.py"],
        cwd=PROJECT_DIR,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1", "GUNICORN_ACCESS_LOG": "false"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        command = dockerfile_health_command()
        assert command[0] == "python"
        result = subprocess.run([sys.executable, *command[1:]], env=env, capture_output=True, text=True, timeout=10)
        assert result.returncode == 0, result.stderr[-600:]
    finally:
        server.terminate()
        server.wait(timeout=30)


PRODUCTION_HTTPS = {"SECURE_SSL_REDIRECT": True, "ALLOWED_HOSTS": ["ankles.example.com"]}


@override_settings(**PRODUCTION_HTTPS)
def test_the_health_check_answers_a_probe_from_the_machine_itself(db):
    response = Client().get("/healthz", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@override_settings(**PRODUCTION_HTTPS)
def test_the_health_check_keeps_the_host_check_for_everyone_else(db):
    outside = Client(REMOTE_ADDR="203.0.113.9").get("/healthz", HTTP_HOST="evil.example", secure=True)
    assert outside.status_code == 400
    # Through the proxy (which always adds X-Forwarded-For) the normal checks apply too.
    proxied = Client().get("/healthz", HTTP_HOST="evil.example", HTTP_X_FORWARDED_FOR="203.0.113.9", secure=True)
    assert proxied.status_code == 400
    from_outside_plain = Client(REMOTE_ADDR="203.0.113.9").get("/exercises/", HTTP_HOST="ankles.example.com")
    assert from_outside_plain.status_code == 301


# --- Low: health tries a write; a failed write is a clear 503; a 429 is the site's own page -------


def make_database_read_only(read_only: bool) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA query_only = {'ON' if read_only else 'OFF'}")
        else:
            cursor.execute(f"SET default_transaction_read_only = {'on' if read_only else 'off'}")


def test_the_health_check_writes_and_leaves_no_rows_behind(db):
    before = Session.objects.count()
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert Session.objects.count() == before


def test_the_health_check_fails_when_the_database_cannot_be_written(transactional_db, alice):
    seed_plan()  # a transactional test before this one may have emptied it
    client = Client()
    client.force_login(alice)
    make_database_read_only(True)
    try:
        health = Client().get("/healthz")
        marked = client.post("/track/mark/", {"exercise": PLAN_SLUGS[0]})
    finally:
        make_database_read_only(False)
    assert health.status_code == 503
    assert health.json()["database"] == "read-only"
    assert marked.status_code == 503
    page = marked.content.decode()
    assert "couldn’t save" in page.lower() or "couldn't save" in page.lower()
    assert "try again" in page.lower()
    assert '<link rel="stylesheet"' in page
    assert Completion.objects.filter(user=alice).count() == 0


def test_too_many_requests_shows_the_sites_own_page(db):
    client = Client()
    responses = [client.post("/accounts/password/reset/", {"email": f"n{i}@example.com"}) for i in range(21)]
    limited = responses[-1]
    assert limited.status_code == 429
    page = limited.content.decode()
    assert "Stronger Ankles" in page and "Too many requests" in page
    assert '<link rel="stylesheet"' in page


# --- Low: bodies capped, signed-in pages not cached, messages in the session, blank passwords -----


def test_a_body_over_the_cap_is_refused_before_it_is_read(alice_client):
    cap = settings.MAX_REQUEST_BODY_BYTES
    assert cap >= 2 * 1024 * 1024
    response = alice_client.generic(
        "POST", "/track/mark/", b"x" * (cap + 1), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert "too large" in response.content.decode().lower()


def test_an_upload_over_the_cap_is_refused(alice_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    cap = settings.MAX_REQUEST_BODY_BYTES
    upload = SimpleUploadedFile("big.json", b"{" + b" " * cap + b"}", content_type="application/json")
    response = alice_client.post("/settings/", {"file": upload})
    assert response.status_code == 413


def test_a_body_within_the_cap_still_works(alice_client):
    response = alice_client.post("/track/mark/", {"exercise": PLAN_SLUGS[0], "padding": "x" * 100_000})
    assert response.status_code == 302


def test_django_keeps_uploads_within_the_cap_in_memory_and_reads_no_more_form_data():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.MAX_REQUEST_BODY_BYTES
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == settings.MAX_REQUEST_BODY_BYTES


@pytest.mark.parametrize("url", ["/", "/calendar/", "/settings/", "/accounts/email/", "/accounts/2fa/"])
def test_signed_in_pages_are_never_stored_by_a_browser_or_proxy(alice_client, url):
    response = alice_client.get(url)
    assert response.status_code == 200
    cache_control = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= cache_control, f"{url}: Cache-Control {response.get('Cache-Control')!r}"


def test_the_runners_email_never_travels_in_a_messages_cookie(alice):
    client = Client()
    response = client.post("/accounts/login/", {"login": alice.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "messages" not in response.cookies
    assert alice.email in client.get("/").content.decode()  # the "signed in as" message still shows


@pytest.mark.parametrize("password", [" " * 10, "\t" * 12, " \u00a0 \u2003      "])
def test_passwords_that_are_blank_after_stripping_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_sign_up_refuses_ten_spaces(db):
    client = Client()
    response = client.post(
        "/accounts/signup/", {"email": "blank@example.com", "password1": " " * 10, "password2": " " * 10}
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="blank@example.com").exists()


# --- Low: forwarded headers are trusted only from the proxy -----------------------------------------


@override_settings(
    SECURE_SSL_REDIRECT=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    TRUSTED_PROXIES=["10.0.0.2"],
)
def test_x_forwarded_proto_is_trusted_only_from_the_proxy(db):
    direct = Client(REMOTE_ADDR="203.0.113.5").get("/exercises/", HTTP_X_FORWARDED_PROTO="https")
    assert direct.status_code == 301, "a client reaching the app directly claimed HTTPS"
    proxied = Client(REMOTE_ADDR="10.0.0.2").get("/exercises/", HTTP_X_FORWARDED_PROTO="https")
    assert proxied.status_code == 200


@override_settings(TRUSTED_PROXIES=["10.0.0.2"], ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_a_direct_client_cannot_dodge_rate_limits_with_made_up_forwarded_addresses(db):
    client = Client(REMOTE_ADDR="203.0.113.5")
    statuses = [
        client.post(
            "/accounts/password/reset/", {"email": f"n{i}@example.com"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}"
        ).status_code
        for i in range(25)
    ]
    assert 429 in statuses, "made-up X-Forwarded-For addresses each got a fresh rate limit"


@override_settings(TRUSTED_PROXIES=["10.0.0.2"], ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_the_proxy_rate_limits_count_each_client_address(db):
    statuses = [
        Client(REMOTE_ADDR="10.0.0.2")
        .post("/accounts/password/reset/", {"email": f"n{i}@example.com"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
        .status_code
        for i in range(25)
    ]
    assert 429 not in statuses, "all clients behind the proxy shared one rate limit"


def test_the_production_environment_trusts_forwarded_headers_only_from_configured_proxies():
    from tests.security.helpers import production_settings

    direct = production_settings("TRUSTED_PROXIES", "ALLAUTH_TRUSTED_PROXY_COUNT", TRUSTED_PROXIES="")
    assert direct == {"TRUSTED_PROXIES": [], "ALLAUTH_TRUSTED_PROXY_COUNT": 0}
    behind = production_settings("TRUSTED_PROXIES", "ALLAUTH_TRUSTED_PROXY_COUNT", TRUSTED_PROXIES="172.28.0.0/24")
    assert behind == {"TRUSTED_PROXIES": ["172.28.0.0/24"], "ALLAUTH_TRUSTED_PROXY_COUNT": 1}


@override_settings(
    SECURE_SSL_REDIRECT=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    TRUSTED_PROXIES=["10.0.0.0/29"],
)
def test_trusted_proxies_may_be_a_network(db):
    assert Client(REMOTE_ADDR="10.0.0.6").get("/exercises/", HTTP_X_FORWARDED_PROTO="https").status_code == 200
    assert Client(REMOTE_ADDR="10.0.0.9").get("/exercises/", HTTP_X_FORWARDED_PROTO="https").status_code == 301
