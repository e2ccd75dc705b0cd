"""Simulated runners against a running Stronger Ankles, and the check of what was stored.

    from loadtest.load import run_load

    result = run_load(
        base_url="http://127.0.0.1:8080",       # the deployment (gunicorn, or nginx in front)
        database_url="postgres://…/ankles",     # its database, read with plain SQL afterwards
        runners=40,                             # simulated runners, half sign up, half sign in
        seconds=60,                             # how long the load lasts
        at_half_time=kill_one_app_server,       # optional: called once at half time (`callback_at`
                                                #   to move it); may return a list of problems
        seed=None,                              # random seed, to replay a run's choices
        forwarded_for=True,                     # each runner sends its own X-Forwarded-For
    )
    result.problems                             # [] means PASS
    loadtest.report.print_requests(result)      # the tables `make loadtest` prints

run_load(*, base_url: str, database_url: str, runners: int = 40, seconds: float = 60,
         at_half_time: Callable[[], list[str] | None] | None = None, callback_at: float | None = None,
         seed: int | None = None, forwarded_for: bool = True,
         say: Callable[[str], None] = print) -> LoadResult

The odd-numbered runners' accounts are created beforehand with `manage.py shell` against
`database_url`; the others sign up through the real form. Every email carries a token
of this run, so the check reads only this run's rows and a deployment's other data is
left alone. Runners open Today, mark exercises done, sometimes undo one, sometimes log
yesterday late from its day page, and open the calendar.

A mark or undo is acknowledged when the server answers 302 to where the form said (not
to the login page). A request cut off (a killed worker or app server) gets no answer,
so nobody was told it worked: it is "lost in flight, not acknowledged" and its
(runner, exercise, day) is left unchecked, since it may or may not have been stored.
The check: every completion whose last acknowledged action was a mark is stored, none
whose last acknowledged action was an undo is, no row exists that nobody asked for, no
(runner, exercise, day) has two rows; no server error (5xx), no unexpected sign-out.
"""

from __future__ import annotations

import datetime as dt
import http.client
import random
import secrets
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from loadtest.database import Database, create_users
from loadtest.harness import Browser, Reply, production_env

ZONES = ["UTC", "Europe/London", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "America/Los_Angeles"]
PASSWORD = "load-test-password-42"

# What a runner does next, and how often (weights). Reading pages dominates, as in real use.
ACTIONS = {
    "today": 30,
    "mark": 28,
    "undo": 8,
    "late_mark": 8,
    "late_undo": 3,
    "calendar": 12,
    "day_page": 6,
    "relogin": 0.3,  # log out and back in: rare, and Argon2 makes it the costliest request
}


@dataclass
class Key:
    """What the runner was told about one (exercise, day)."""

    acknowledged: str | None = None  # "mark" or "undo": the last action the server confirmed
    uncertain: bool = False  # a later request was cut off: it may or may not have been applied


@dataclass
class Tally:
    """One simulated runner's record of what it sent and what it was told (one thread each)."""

    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    by_action: Counter[str] = field(default_factory=Counter)
    lost_in_flight: list[tuple[str, float]] = field(default_factory=list)  # (what, time.monotonic() it was sent)
    server_errors: list[str] = field(default_factory=list)
    unexpected_sign_outs: int = 0
    latencies: list[float] = field(default_factory=list)
    keys: dict[tuple[str, str], Key] = field(default_factory=dict)
    marks_acknowledged: int = 0
    undos_acknowledged: int = 0


def shown(page: Reply | None) -> bool:
    """The form page arrived. When the fault cut it off there is no form, and after a
    log-out no CSRF cookie, to post: a person would load the page again, not send."""
    return page is not None and page.status == 200


class Runner(threading.Thread):
    def __init__(
        self, number: int, email: str, browser: Browser, slugs: list[str], *, new: bool, start_at: float, stop_at: float
    ) -> None:
        super().__init__(name=f"runner-{number}", daemon=True)
        self.email = email
        self.zone = ZONES[number % len(ZONES)]
        self.slugs = slugs
        self.account_exists = not new
        self.signed_in = False
        self.start_at = start_at
        self.stop_at = stop_at
        self.random = random.Random()
        self.browser = browser
        self.tally = Tally()

    def send(self, action: str, method: str, path: str, fields: dict[str, str] | None = None) -> Reply | None:
        """One request; None when the connection failed (no answer, nothing acknowledged)."""
        self.tally.requests += 1
        self.tally.by_action[action] += 1
        started = time.monotonic()
        try:
            reply = self.browser.request(method, path, fields)
        except TimeoutError:
            self.tally.lost_in_flight.append((f"{method} {path}: timed out", started))
            raise
        except (OSError, http.client.HTTPException) as error:
            # Reset, closed without an answer, cut off mid-answer: what a killed worker does.
            self.tally.lost_in_flight.append((f"{method} {path}: {type(error).__name__}", started))
            return None
        self.tally.latencies.append(time.monotonic() - started)
        self.tally.statuses[reply.status] += 1
        if reply.status in (502, 504) and reply.header("Server") == "nginx":
            # The proxy's answer when the app server it was talking to vanished mid-request:
            # as unanswered as a cut connection (change() leaves the outcome unchecked).
            self.tally.lost_in_flight.append((f"{method} {path}: {reply.status} from the proxy", started))
        elif reply.status >= 500:
            self.tally.server_errors.append(f"{method} {path} -> {reply.status}")
        if self.signed_in and reply.status == 302 and reply.location.startswith("/accounts/login/"):
            self.tally.unexpected_sign_outs += 1
            self.signed_in = False
            self.browser.cookies.clear()
        return reply

    def today(self) -> dt.date:
        return dt.datetime.now(ZoneInfo(self.zone)).date()

    def sign_in(self) -> None:
        """Sign up (a new runner) or log in; retry politely until it works or time is up."""
        while time.monotonic() < self.stop_at:
            if not self.account_exists:
                form = self.send("sign_up", "GET", "/accounts/signup/")
                fields = {"email": self.email, "password1": PASSWORD, "password2": PASSWORD, "timezone": self.zone}
                reply = self.send("sign_up", "POST", "/accounts/signup/", fields) if shown(form) else None
                if reply is not None and reply.status == 302 and reply.location.startswith("/accounts/"):
                    # allauth hides whether an email is taken: this is the answer to a second
                    # sign-up, so an earlier attempt was stored before its worker died.
                    self.account_exists = True
                    continue
            else:
                form = self.send("log_in", "GET", "/accounts/login/")
                fields = {"login": self.email, "password": PASSWORD}
                reply = self.send("log_in", "POST", "/accounts/login/", fields) if shown(form) else None
            if reply is not None and reply.status == 302 and not reply.location.startswith("/accounts/"):
                self.account_exists = self.signed_in = True
                return
            time.sleep(0.5 + self.random.random())  # cut off, refused or rate-limited: wait like a person

    def change(self, action: str, exercise: str, day: dt.date, next_url: str = "") -> None:
        fields = {"exercise": exercise, "on": day.isoformat()}
        if next_url:
            fields["next"] = next_url
        key = self.tally.keys.setdefault((exercise, day.isoformat()), Key())
        verb = "mark" if action.endswith("mark") else "undo"
        try:
            reply = self.send(action, "POST", f"/track/{verb}/", fields)
        except TimeoutError:
            key.uncertain = True  # gave up waiting: the server may still apply it later
            return
        if reply is None or reply.status >= 500:
            key.uncertain = True  # cut off or crashed mid-way: the outcome is unknown
        elif reply.status == 302 and reply.location == (next_url or "/"):
            key.acknowledged = verb
            key.uncertain = False  # this answer came after the cut-off request had died
            if verb == "mark":
                self.tally.marks_acknowledged += 1
            else:
                self.tally.undos_acknowledged += 1

    def act(self, action: str) -> None:
        today = self.today()
        yesterday = today - dt.timedelta(days=1)
        day_url = f"/calendar/day/{yesterday.isoformat()}/"
        exercise = self.random.choice(self.slugs)
        if action == "today":
            self.send(action, "GET", "/")
        elif action in ("mark", "undo"):
            self.change(action, exercise, today)
        elif action in ("late_mark", "late_undo"):
            self.send("day_page", "GET", day_url)
            self.change(action, exercise, yesterday, next_url=day_url)
        elif action == "calendar":
            self.send(action, "GET", "/calendar/")
        elif action == "day_page":
            self.send(action, "GET", day_url)
        elif action == "relogin":
            self.send("log_out", "POST", "/accounts/logout/", {})
            self.browser.cookies.clear()
            self.signed_in = False
            self.sign_in()

    def run(self) -> None:
        names, weights = list(ACTIONS), list(ACTIONS.values())
        try:
            time.sleep(max(0.0, self.start_at - time.monotonic()))
            self.sign_in()
            while time.monotonic() < self.stop_at:
                if not self.signed_in:
                    self.sign_in()
                    continue
                self.act(self.random.choices(names, weights)[0])
                time.sleep(self.random.uniform(0, 0.05))  # a short think time; many runners in little time
        except TimeoutError:
            pass  # already recorded; a runner that waited 30 s stops here


@dataclass
class StoredCheck:
    """What the database holds against what the runners were told."""

    stored: int = 0
    expected: int = 0  # rows whose last acknowledged action was a mark
    missing: list[tuple[str, str, str]] = field(default_factory=list)
    undone: int = 0  # rows whose last acknowledged action was an undo
    came_back: list[tuple[str, str, str]] = field(default_factory=list)
    unasked: list[tuple[str, str, str]] = field(default_factory=list)
    duplicates: list[tuple[object, ...]] = field(default_factory=list)
    unchecked: int = 0


@dataclass
class LoadResult:
    base_url: str
    runners: list[Runner]
    seed: int
    elapsed: float
    stored: StoredCheck
    problems: list[str]

    @property
    def tallies(self) -> list[Tally]:
        return [runner.tally for runner in self.runners]


def check_stored(runners: list[Runner], database: Database, email_suffix: str) -> StoredCheck:
    """Compare what the runners were told with this run's rows in the database."""
    stored = {row for row in database.completions() if row[0].endswith(email_suffix)}
    expected, undone, touched, unchecked = set(), set(), set(), 0
    for runner in runners:
        for (slug, day), key in runner.tally.keys.items():
            row = (runner.email, slug, day)
            touched.add(row)
            if key.uncertain:
                unchecked += 1
            elif key.acknowledged == "mark":
                expected.add(row)
            elif key.acknowledged == "undo":
                undone.add(row)
    return StoredCheck(
        stored=len(stored),
        expected=len(expected),
        missing=sorted(expected - stored),
        undone=len(undone),
        came_back=sorted(undone & stored),
        unasked=sorted(stored - touched),
        duplicates=database.duplicates(),
        unchecked=unchecked,
    )


def problems_of(runners: list[Runner], check: StoredCheck) -> list[str]:
    tallies = [runner.tally for runner in runners]
    problems = []
    server_errors = [entry for t in tallies for entry in t.server_errors]
    if server_errors:
        problems.append(f"{len(server_errors)} server errors (5xx), e.g. {server_errors[:3]}")
    sign_outs = sum(t.unexpected_sign_outs for t in tallies)
    if sign_outs:
        problems.append(f"{sign_outs} requests found their runner signed out (sessions must survive a worker)")
    if check.missing:
        problems.append(f"{len(check.missing)} acknowledged completions are missing, e.g. {check.missing[:3]}")
    if check.came_back:
        problems.append(f"{len(check.came_back)} acknowledged undos left their row, e.g. {check.came_back[:3]}")
    if check.duplicates:
        problems.append(f"{len(check.duplicates)} duplicated completions, e.g. {check.duplicates[:3]}")
    if check.unasked:
        problems.append(f"{len(check.unasked)} rows nobody asked for, e.g. {check.unasked[:3]}")
    if not check.expected:
        problems.append("no completion was acknowledged: the load never exercised marking")
    if any(runner.is_alive() for runner in runners):
        problems.append("some runners were still waiting on the server 40 s after the end")
    return problems


def run_load(
    *,
    base_url: str,
    database_url: str,
    runners: int = 40,
    seconds: float = 60,
    at_half_time: Callable[[], list[str] | None] | None = None,
    callback_at: float | None = None,
    seed: int | None = None,
    forwarded_for: bool = True,
    say: Callable[[str], None] = print,
) -> LoadResult:
    """Drive `runners` simulated runners against `base_url` for `seconds`; check `database_url`."""
    seed = seed if seed is not None else random.randrange(1_000_000)
    database = Database.existing(database_url)
    token = secrets.token_hex(3)
    suffix = f"-{token}@loadtest.example.com"
    emails = [f"{'existing' if n % 2 else 'new'}-{n}{suffix}" for n in range(runners)]
    existing = [n for n in range(runners) if n % 2]
    create_users(production_env(database.env), [(emails[n], PASSWORD, ZONES[n % len(ZONES)]) for n in existing])
    slugs = database.plan_slugs()

    started = time.monotonic()
    stop_at = started + seconds
    # Runners arrive over the first seconds, not in one instant: each sign-in hashes a
    # password with Argon2, by design the most expensive request there is.
    ramp = min(5.0, seconds / 6)
    crowd = []
    for n in range(runners):
        # Each runner arrives from its own address through the (simulated) trusted proxy,
        # so allauth's per-IP rate limits apply per runner, as in production.
        address = f"10.0.{n // 250}.{n % 250 + 1}" if forwarded_for else None
        runner = Runner(
            n,
            emails[n],
            Browser(base_url, forwarded_for=address),
            slugs,
            new=n not in existing,
            start_at=started + ramp * n / runners,
            stop_at=stop_at,
        )
        runner.random.seed(seed + n)
        crowd.append(runner)
    for runner in crowd:
        runner.start()
    problems: list[str] = []
    if at_half_time is not None:
        time.sleep(max(0.0, started + (callback_at if callback_at is not None else seconds / 2) - time.monotonic()))
        problems += at_half_time() or []
    for runner in crowd:
        runner.join(timeout=max(1.0, stop_at - time.monotonic() + 40))
    elapsed = time.monotonic() - started
    say(f"[{elapsed:5.1f} s] load stopped")
    check = check_stored(crowd, database, suffix)
    return LoadResult(base_url, crowd, seed, elapsed, check, problems + problems_of(crowd, check))
