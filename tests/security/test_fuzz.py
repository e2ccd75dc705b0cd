"""Property-based tests: hostile input at every form and endpoint never crashes the app,
and a rejected request changes nothing in the database.

Hypothesis generates long strings (up to 10,000 characters), unicode (right-to-left marks,
emoji, other scripts' digits), NUL bytes, impossible and extreme dates, lists where one value
is expected, missing fields, odd bodies and content types, and wrong HTTP methods.

The users are made once per test (function-scoped fixtures), and every example compares
the stored records before and after its own request, so examples need no rollback. The
cache is cleared before each example: allauth's rate limits would otherwise answer for the
app after a few examples.
"""

import datetime as dt
from urllib.parse import quote, urlsplit

import time_machine
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.timezones import is_valid_timezone
from routines.selectors import plan_exercises
from tests.clients import signed_in
from tests.dates import NOW, TODAY
from tests.factories import PLAN_SLUGS
from tests.security.helpers import records_of, row_counts
from tests.security.urlwalk import all_routes
from tracking.models import Completion, PlanBreak

WINDOW_DAYS = 7

# Modest example counts keep the file well under 30 seconds; CI can raise them with a profile.
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
FUZZ_FEW = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

TRACK_URLS = ["/" + route.pattern for route in all_routes() if route.pattern.startswith("track/")]

HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "closed-chain-dorsiflexion\x00",
        "\u202eevil.exe",  # right-to-left override
        "\u200b",  # zero-width space
        "🦶🏃‍♀️" * 50,
        "x" * 10_000,
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "{{ settings.SECRET_KEY }}",
        "%00",
        "../../etc/passwd",
        "null",
        "None",
        "[]",
        "-1",
        "1e309",
        "NaN",
        "CLOSED-CHAIN-DORSIFLEXION",
        " closed-chain-dorsiflexion",
        "Europe/London\x00",
        "../../../etc/localtime",
        "Etc/GMT+99",
        "UTC ",
        "utc",
    ]
)

HOSTILE_DATES = st.sampled_from(
    [
        "0001-01-01",
        "9999-12-31",
        "0000-01-01",
        "2026-02-30",
        "2026-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-11-24T00:00:00",
        "2026-11-24 ",
        " 2026-11-24",
        "2026-11-24\n",
        "+2026-11-24",
        "20261124",
        "2026-W48-2",
        "٢٠٢٦-١١-٢٤",  # Arabic-Indic digits match \d
        "２０２６-１１-２４",  # full-width digits
        "24/11/2026",
        "-2026-11-24",
        "2026-11-25",  # tomorrow
        "2026-11-16",  # just outside the window
        "2026-11-17",  # the window's first day
    ]
)

LONG_TEXT = st.builds(
    lambda piece, times: (piece * times)[:10_000], st.text(min_size=1, max_size=20), st.integers(100, 10_000)
)
TEXT = st.one_of(HOSTILE, st.text(max_size=60), LONG_TEXT)
DATES = st.one_of(
    HOSTILE_DATES,
    st.dates().map(dt.date.isoformat),
    st.dates(TODAY - dt.timedelta(days=10), TODAY + dt.timedelta(days=3)).map(dt.date.isoformat),
    st.from_regex(r"\d{4}-\d{2}-\d{2}", fullmatch=True),
    TEXT,
)
NEXT = st.one_of(
    st.sampled_from(
        [
            "/",
            "/calendar/",
            "//evil.example/",
            "https://evil.example/",
            "/\\evil.example",
            "javascript:alert(1)",
            "http://testserver/calendar/",
            "\x00/",
            "/\x00",
            "data:text/html,hi",
            "  //evil.example",
            "home",
        ]
    ),
    st.from_regex(r"[a-z:_-]{1,30}", fullmatch=True),  # bare words: redirect() may read them as view names
    TEXT,
)


def one_or_many(values):
    """A single form value or, as a wrong type, several values for the same field."""
    return st.one_of(values, st.lists(values, min_size=2, max_size=3))


# Half the examples carry a real exercise and day, so they get past validation and reach
# the redirect and the database; the other half are refused early.
VALID_DAYS = st.dates(TODAY - dt.timedelta(days=WINDOW_DAYS), TODAY).map(dt.date.isoformat)
KNOWN_TRACK_FIELDS = st.fixed_dictionaries(
    {"exercise": st.one_of(st.sampled_from(PLAN_SLUGS), one_or_many(TEXT))},
    optional={
        "on": one_or_many(st.one_of(VALID_DAYS, DATES)),
        "starts_on": one_or_many(DATES),
        "ends_on": one_or_many(DATES),
        "next": NEXT,
    },
)
UNEXPECTED_FIELDS = st.dictionaries(st.one_of(HOSTILE, st.text(max_size=20)), TEXT, max_size=3)
TRACK_FIELDS = st.builds(lambda known, extra: {**extra, **known}, KNOWN_TRACK_FIELDS, UNEXPECTED_FIELDS)

# What bob has stored when a request arrives: each example starts from one of these.
STARTING_STATES = st.sampled_from(["nothing", "marked", "paused", "resting-tomorrow"])


def start_from(user, state: str) -> None:
    """Reset `user`'s records to a known state, so an example replays the same way."""
    Completion.objects.filter(user=user).delete()
    PlanBreak.objects.filter(user=user).delete()
    if state == "marked":
        first, second, *_ = plan_exercises()
        Completion.objects.create(user=user, exercise=first, completed_on=TODAY, completed_at=NOW)
        Completion.objects.create(
            user=user, exercise=second, completed_on=TODAY - dt.timedelta(days=1), completed_at=NOW
        )
    elif state == "paused":
        PlanBreak.objects.create(user=user, kind=PlanBreak.Kind.PAUSE, starts_on=TODAY - dt.timedelta(days=3))
    elif state == "resting-tomorrow":
        PlanBreak.objects.create(user=user, kind=PlanBreak.Kind.REST, starts_on=TODAY + dt.timedelta(days=1))


def signed_up(*users) -> None:
    """Give fixture users the email-address row a real sign-up creates.

    allauth adds a missing row lazily on some pages (email settings, password reset);
    that catch-up is not a change caused by the request under test.
    """
    for user in users:
        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"primary": True})


def short(value, limit: int = 80):
    """`value` with long strings cut, so a failure message stays readable."""
    if isinstance(value, str):
        return value if len(value) <= limit else f"{value[:limit]}…({len(value)} chars)"
    if isinstance(value, bytes):
        return value[:limit]
    if isinstance(value, dict):
        return {short(key): short(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(short(item) for item in value)
    return value


def assert_not_a_server_error(response, what) -> None:
    assert response.status_code < 500, f"{short(what)} -> {response.status_code}"


def assert_every_record_is_possible(user) -> None:
    """Whatever was accepted, the database never holds a record the rules forbid."""
    for slug, day in Completion.objects.filter(user=user).values_list("exercise__slug", "completed_on"):
        assert slug in PLAN_SLUGS
        assert TODAY - dt.timedelta(days=WINDOW_DAYS) <= day <= TODAY, day


# --- The tracking actions (/track/...) ----------------------------------------------------------


def test_tracking_actions_survive_hostile_form_fields(alice, bob):
    signed_up(alice, bob)
    with time_machine.travel(NOW, tick=False):
        bob.weekly_target = 5  # so rest days can be planned
        bob.save()
        client = signed_in(bob)
        Completion.objects.create(user=alice, exercise=plan_exercises()[0], completed_on=TODAY, completed_at=NOW)
        alices = records_of(alice)

        @FUZZ
        @given(url=st.sampled_from(TRACK_URLS), fields=TRACK_FIELDS, state=STARTING_STATES)
        def post(url, fields, state):
            cache.clear()
            start_from(bob, state)
            before = records_of(bob), row_counts()
            response = client.post(url, fields)
            assert_not_a_server_error(response, (url, fields))
            if response.status_code != 302:
                assert (records_of(bob), row_counts()) == before, f"rejected {url} {short(fields)} changed the database"
            else:
                location = urlsplit(response["Location"])
                assert location.netloc in ("", "testserver") and not response["Location"].startswith(("//", "/\\"))
            assert records_of(alice) == alices
            assert_every_record_is_possible(bob)

        post()


def test_tracking_actions_survive_hostile_bodies_and_content_types(bob):
    signed_up(bob)
    with time_machine.travel(NOW, tick=False):
        client = signed_in(bob)

        @FUZZ_FEW
        @given(
            state=STARTING_STATES,
            url=st.sampled_from(TRACK_URLS),
            body=st.one_of(st.binary(max_size=2_000), TEXT.map(lambda text: text.encode("utf-8", "surrogatepass"))),
            content_type=st.sampled_from(
                [
                    "application/json",
                    "text/plain",
                    "application/x-www-form-urlencoded",
                    "application/x-www-form-urlencoded; charset=utf-16",
                    "application/x-www-form-urlencoded; charset=no-such-charset",
                    "multipart/form-data; boundary=xyz",
                    "multipart/form-data",
                    "application/xml",
                ]
            ),
        )
        def post(state, url, body, content_type):
            start_from(bob, state)
            before = records_of(bob), row_counts()
            response = client.generic("POST", url, body, content_type=content_type)
            assert_not_a_server_error(response, (url, body, content_type))
            if response.status_code != 302:
                assert (records_of(bob), row_counts()) == before
            assert_every_record_is_possible(bob)

        post()


def test_wrong_methods_on_every_project_url_never_crash_or_change_anything(alice, bob):
    signed_up(alice, bob)
    urls = [route.url(TODAY) for route in all_routes() if not route.pattern.startswith("admin/")]
    with time_machine.travel(NOW, tick=False):
        client = signed_in(bob)

        @FUZZ
        @given(
            state=STARTING_STATES,
            url=st.sampled_from(urls),
            method=st.sampled_from(["PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "BREW"]),
        )
        def request(state, url, method):
            cache.clear()
            start_from(bob, state)
            before = records_of(bob), records_of(alice), row_counts()
            response = client.generic(method, url, b"exercise=closed-chain-dorsiflexion")
            assert_not_a_server_error(response, (method, url))
            assert (records_of(bob), records_of(alice), row_counts()) == before, f"{method} {url} changed data"

        request()


# --- Settings, sign-up, login -----------------------------------------------------------------


def test_the_settings_form_survives_hostile_values(bob):
    signed_up(bob)
    client = signed_in(bob)

    @FUZZ
    @given(
        fields=st.fixed_dictionaries(
            {},
            optional={
                "timezone": one_or_many(st.one_of(HOSTILE, TEXT, st.sampled_from(["Europe/Paris", "Asia/Kolkata"]))),
                "weekly_target": one_or_many(st.one_of(TEXT, st.integers(-(10**20), 10**20).map(str))),
            },
        )
    )
    def post(fields):
        cache.clear()
        before = records_of(bob), row_counts()
        response = client.post("/settings/", fields)
        assert_not_a_server_error(response, fields)
        if response.status_code != 302:
            assert (records_of(bob), row_counts()) == before, f"rejected settings {short(fields)} changed the database"
        bob.refresh_from_db()
        assert is_valid_timezone(bob.timezone)

    post()


EMAILS = st.one_of(st.emails().map(lambda email: email[:254]), TEXT, st.just("alice@example.com"))
PASSWORDS = st.one_of(st.just("Slow-Lowering-3x15"), TEXT)


def test_sign_up_survives_hostile_values_and_only_a_valid_form_creates_a_user(alice):
    signed_up(alice)

    @FUZZ
    @given(
        fields=st.fixed_dictionaries(
            {},
            optional={
                "email": one_or_many(EMAILS),
                "password1": PASSWORDS,
                "password2": PASSWORDS,
                "timezone": one_or_many(st.one_of(TEXT, st.just("Europe/Paris"))),
            },
        )
    )
    def post(fields):
        cache.clear()  # sign-ups are limited to 20 a minute per address
        before = row_counts()
        response = Client(raise_request_exception=False).post("/accounts/signup/", fields)
        assert_not_a_server_error(response, fields)
        after = row_counts()
        if response.status_code == 302:
            email = fields.get("email")
            email = email[-1] if isinstance(email, list) else email  # a form reads the last value
            # A taken address may be answered like a new one (enumeration prevention) without a new user.
            assert after["User"] == before["User"] + 1 or (email or "").lower() == alice.email
        else:
            assert after == before, f"a rejected sign-up changed the database: {short(fields)}"
        for zone in type(alice).objects.values_list("timezone", flat=True):
            assert is_valid_timezone(zone)

    post()


def test_login_survives_hostile_values_and_changes_no_records(alice, bob):
    signed_up(alice, bob)

    @FUZZ
    @given(
        fields=st.fixed_dictionaries(
            {},
            optional={
                "login": one_or_many(st.one_of(EMAILS, st.just("bob@example.com"))),
                "password": one_or_many(st.one_of(st.just("correct-horse-42"), TEXT)),
                "remember": TEXT,
                "next": NEXT,
            },
        )
    )
    def post(fields):
        cache.clear()  # failed logins are limited per account and per address
        before = records_of(alice), records_of(bob), row_counts()
        response = Client(raise_request_exception=False).post("/accounts/login/", fields)
        assert_not_a_server_error(response, fields)
        assert (records_of(alice), records_of(bob), row_counts()) == before
        if response.status_code == 302:
            location = urlsplit(response["Location"])
            assert location.netloc in ("", "testserver") and not response["Location"].startswith(("//", "/\\"))

    post()


def test_password_reset_survives_hostile_values(alice):
    signed_up(alice)

    @FUZZ_FEW
    @given(email=one_or_many(EMAILS))
    def post(email):
        cache.clear()
        before = records_of(alice), row_counts()
        response = Client(raise_request_exception=False).post("/accounts/password/reset/", {"email": email})
        assert_not_a_server_error(response, email)
        assert (records_of(alice), row_counts()) == before

    post()


# --- Pages with values in the path -----------------------------------------------------------------


def test_calendar_months_with_extreme_numbers_are_pages_or_404s(bob):
    with time_machine.travel(NOW, tick=False):
        client = signed_in(bob)

        @FUZZ
        @given(
            year=st.one_of(st.integers(0, 10**30), st.sampled_from([0, 1, 1899, 1900, 2026, 2027, 9999, 10000])),
            month=st.one_of(st.integers(0, 10**30), st.integers(0, 13)),
        )
        def get(year, month):
            response = client.get(f"/calendar/{year}/{month}/")
            assert_not_a_server_error(response, (year, month))
            assert response.status_code in (200, 404), (year, month, response.status_code)

        get()


def test_day_pages_with_any_date_shaped_value_are_pages_or_404s(bob):
    with time_machine.travel(NOW, tick=False):
        client = signed_in(bob)

        @FUZZ
        @given(day=st.one_of(HOSTILE_DATES, st.from_regex(r"\d{4}-\d{2}-\d{2}", fullmatch=True)))
        def get(day):
            response = client.get(f"/calendar/day/{quote(day.strip())}/")
            assert_not_a_server_error(response, day)
            assert response.status_code in (200, 404), (day, response.status_code)

        get()


def test_exercise_pages_with_any_slug_are_pages_or_404s(db):
    client = Client(raise_request_exception=False)

    @FUZZ
    @given(slug=st.one_of(st.sampled_from(PLAN_SLUGS), st.from_regex(r"[-a-zA-Z0-9_]{1,300}", fullmatch=True), TEXT))
    def get(slug):
        response = client.get(f"/exercises/{quote(slug, safe='')}/")
        assert_not_a_server_error(response, slug)
        assert response.status_code in (200, 301, 404), (slug, response.status_code)

    get()


def test_resuming_with_an_unreadable_body_changes_nothing(bob):
    # Found by the fuzzing above: /track/resume/ ended the pause, then failed reading `next`
    # from a body over DATA_UPLOAD_MAX_MEMORY_SIZE and answered 400 with the change made.
    with time_machine.travel(NOW, tick=False):
        start_from(bob, "paused")
        before = records_of(bob)
        response = signed_in(bob).post("/track/resume/", {"next": "/", "padding": "🦶" * 1_000_000})
    assert response.status_code == 400
    assert records_of(bob) == before
