"""Load and fault test: many runners at once, one gunicorn worker killed mid-run, nothing lost.

    .venv/bin/python loadtest/run.py [--users 40] [--seconds 60]     (or: make loadtest)

Starts gunicorn (gunicorn.conf.py, loopback only) on a fresh database: a new SQLite file,
or a new PostgreSQL database beside $DATABASE_URL when it is set. Simulated runners, half
of them new (they sign up through the real form) and half existing (they sign in), open
Today, mark exercises done, sometimes undo one, sometimes log yesterday late from its day
page, and open the calendar. Halfway through, one gunicorn worker gets SIGKILL; the
master must fork a new one while the load goes on. The run stops by itself.

Every acknowledged action is recorded: a mark or undo is acknowledged when the server
answers 302 to where the form said (not to the login page). A request cut off by the
killed worker gets no answer, so nobody was told it worked: it is counted as "lost in
flight, not acknowledged" and its (runner, exercise, day) is left unchecked, since it
may or may not have reached the database.

At the end the database is read with plain SQL and checked: every completion whose last
acknowledged action was a mark is there, none whose last acknowledged action was an
undo is, no row exists that nobody asked for, and no (runner, exercise, day) has two
rows. Server errors (5xx), unexpected sign-outs and "database is locked" fail the run
too. Exit status 0 on PASS, 1 on FAIL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import random
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loadtest.harness import (  # noqa: E402
    Browser,
    Database,
    Reply,
    Server,
    create_users,
    fresh_database,
    prepare,
    server_env,
)

SLUGS = ["closed-chain-dorsiflexion", "runners-position-calf-raise", "eccentric-heel-raise"]
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
    timed_out: bool = False  # a request gave up waiting: the server may still apply it later


@dataclass
class Tally:
    """One simulated runner's record of what it sent and what it was told (one thread each)."""

    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    by_action: Counter = field(default_factory=Counter)
    lost_in_flight: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    unexpected_sign_outs: int = 0
    latencies: list[float] = field(default_factory=list)
    keys: dict[tuple[str, str], Key] = field(default_factory=dict)
    marks_acknowledged: int = 0
    undos_acknowledged: int = 0


class Runner(threading.Thread):
    def __init__(self, number: int, port: int, *, new: bool, start_at: float, stop_at: float, seed: int) -> None:
        super().__init__(name=f"runner-{number}", daemon=True)
        self.email = f"{'new' if new else 'existing'}-{number}@loadtest.example.com"
        self.zone = ZONES[number % len(ZONES)]
        self.account_exists = not new
        self.signed_in = False
        self.start_at = start_at
        self.stop_at = stop_at
        self.random = random.Random(seed)
        # Each runner arrives from its own address through the (simulated) trusted proxy,
        # so allauth's per-IP rate limits apply per runner, as in production.
        self.browser = Browser(port, forwarded_for=f"10.0.{number // 250}.{number % 250 + 1}")
        self.tally = Tally()

    # --- sending, counting -------------------------------------------------------------

    def send(self, action: str, method: str, path: str, fields: dict[str, str] | None = None) -> Reply | None:
        """One request; None when the connection failed (no answer, nothing acknowledged)."""
        self.tally.requests += 1
        self.tally.by_action[action] += 1
        started = time.monotonic()
        try:
            reply = self.browser.request(method, path, fields)
        except TimeoutError:
            self.tally.lost_in_flight.append(f"{method} {path}: timed out")
            raise
        except (OSError, http.client.HTTPException) as error:
            # Reset, closed without an answer, cut off mid-answer: what a killed worker does.
            self.tally.lost_in_flight.append(f"{method} {path}: {type(error).__name__}")
            return None
        self.tally.latencies.append(time.monotonic() - started)
        self.tally.statuses[reply.status] += 1
        if reply.status >= 500:
            self.tally.server_errors.append(f"{method} {path} -> {reply.status}")
        if self.signed_in and reply.status == 302 and reply.location.startswith("/accounts/login/"):
            self.tally.unexpected_sign_outs += 1
            self.signed_in = False
            self.browser.cookies.clear()
        return reply

    def today(self) -> dt.date:
        return dt.datetime.now(ZoneInfo(self.zone)).date()

    # --- what a runner does -----------------------------------------------------------

    def sign_in(self) -> None:
        """Sign up (a new runner) or log in; retry politely until it works or time is up."""
        while time.monotonic() < self.stop_at:
            if not self.account_exists:
                self.send("sign_up", "GET", "/accounts/signup/")
                fields = {"email": self.email, "password1": PASSWORD, "password2": PASSWORD, "timezone": self.zone}
                reply = self.send("sign_up", "POST", "/accounts/signup/", fields)
                if reply is not None and reply.status == 302 and reply.location.startswith("/accounts/"):
                    # allauth hides whether an email is taken: this is the answer to a second
                    # sign-up, so an earlier attempt was stored before its worker died.
                    self.account_exists = True
                    continue
            else:
                self.send("log_in", "GET", "/accounts/login/")
                reply = self.send("log_in", "POST", "/accounts/login/", {"login": self.email, "password": PASSWORD})
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
            key.uncertain = key.timed_out = True
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
        exercise = self.random.choice(SLUGS)
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


# --- the run -------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def kill_a_worker(server: Server, started: float) -> list[str]:
    """SIGKILL one worker and watch the master replace it; the problems, if any."""
    before = server.worker_pids()
    if not before:
        return ["no worker was found to kill: the fault was not injected"]
    killed = server.kill_worker()
    killed_at = time.monotonic()
    print(f"[{killed_at - started:5.1f} s] SIGKILL worker {killed} (workers were {before})", flush=True)
    while time.monotonic() < killed_at + 15:
        now = server.worker_pids()
        if killed not in now and len(now) >= len(before):
            print(
                f"[{time.monotonic() - started:5.1f} s] the master forked a replacement "
                f"in {time.monotonic() - killed_at:.2f} s: workers {now}",
                flush=True,
            )
            return []
        time.sleep(0.02)
    return [f"the master did not replace killed worker {killed} within 15 s"]


def report_requests(tallies: list[Tally], elapsed: float) -> list[str]:
    """Print what was sent and answered; the problems, if any."""
    total = sum(t.requests for t in tallies)
    statuses: Counter = sum((t.statuses for t in tallies), Counter())
    actions: Counter = sum((t.by_action for t in tallies), Counter())
    errors = {code: count for code, count in sorted(statuses.items()) if code >= 400}
    lost = sorted(entry for t in tallies for entry in t.lost_in_flight)
    latencies = [value for t in tallies for value in t.latencies]
    print()
    print("Requests")
    print(f"  made              {total} in {elapsed:.1f} s ({total / elapsed:.0f} per second)")
    print(f"  by action         {', '.join(f'{name} {count}' for name, count in actions.most_common())}")
    print(f"  by status         {', '.join(f'{code}: {count}' for code, count in sorted(statuses.items()))}")
    print(f"  errors by status  {', '.join(f'{code}: {count}' for code, count in errors.items()) or 'none'}")
    print(f"  lost in flight, not acknowledged (connection cut by the kill): {len(lost)}")
    for entry in lost[:10]:
        print(f"                    {entry}")
    print(
        f"  latency           p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, p99 {percentile(latencies, 0.99) * 1000:.0f} ms, "
        f"max {max(latencies, default=0) * 1000:.0f} ms"
    )
    problems = []
    server_errors = [entry for t in tallies for entry in t.server_errors]
    if server_errors:
        problems.append(f"{len(server_errors)} server errors (5xx), e.g. {server_errors[:3]}")
    sign_outs = sum(t.unexpected_sign_outs for t in tallies)
    if sign_outs:
        problems.append(f"{sign_outs} requests found their runner signed out (sessions must survive a worker)")
    return problems


def check_database(runners: list[Runner], database: Database, log: str) -> list[str]:
    """Compare what runners were told with what the database holds; the problems, if any."""
    stored = set(database.completions())
    expected, undone, touched, unchecked = set(), set(), set(), 0
    for runner in runners:
        for (slug, day), key in runner.tally.keys.items():
            row = (runner.email, slug, day)
            touched.add(row)
            if key.uncertain or key.timed_out:
                unchecked += 1
            elif key.acknowledged == "mark":
                expected.add(row)
            elif key.acknowledged == "undo":
                undone.add(row)
    missing = expected - stored
    came_back = undone & stored
    unasked = stored - touched
    duplicates = database.duplicates()
    locked = log.count("database is locked")
    marks = sum(r.tally.marks_acknowledged for r in runners)
    undos = sum(r.tally.undos_acknowledged for r in runners)
    print()
    print("Completions")
    print(f"  acknowledged requests                          {marks} marks, {undos} undos")
    print(f"  rows in the database                           {len(stored)}")
    print(
        f"  last acknowledged action a mark                {len(expected)}: present {len(expected - missing)}, "
        f"missing {len(missing)}"
    )
    print(f"  last acknowledged action an undo               {len(undone)}: rows still there {len(came_back)}")
    print(f"  duplicates (GROUP BY user, exercise, day HAVING COUNT(*) > 1)  {len(duplicates)}")
    print(f"  rows nobody asked for                          {len(unasked)}")
    print(f"  not checked (a request for it was cut off)     {unchecked}")
    print(f'  "database is locked" in the server log         {locked}')
    problems = []
    if missing:
        problems.append(f"{len(missing)} acknowledged completions are missing, e.g. {sorted(missing)[:3]}")
    if came_back:
        problems.append(f"{len(came_back)} acknowledged undos left their row, e.g. {sorted(came_back)[:3]}")
    if duplicates:
        problems.append(f"{len(duplicates)} duplicated completions, e.g. {duplicates[:3]}")
    if unasked:
        problems.append(f"{len(unasked)} rows nobody asked for, e.g. {sorted(unasked)[:3]}")
    if locked:
        problems.append(f'the server log says "database is locked" {locked} times')
    if not expected:
        problems.append("no completion was acknowledged: the load never exercised marking")
    return problems


def run(args: argparse.Namespace, database: Database, workdir: Path) -> list[str]:
    """Prepare, serve, load, kill, check. Returns the problems found (none means PASS)."""
    seed = args.seed if args.seed is not None else random.randrange(1_000_000)
    kill_at = args.kill_at if args.kill_at is not None else args.seconds / 2
    # The runners play the part of a TLS proxy too, so trust one X-Forwarded-For hop.
    env = server_env(database, {"ALLAUTH_TRUSTED_PROXY_COUNT": "1"})
    print("Stronger Ankles load and fault test")
    print(f"  database   {database.describe()}")
    print("  preparing  migrate (and collectstatic if stale), create the existing runners...", flush=True)
    prepare(env)
    existing = [n for n in range(args.users) if n % 2 == 1]
    create_users(env, [(f"existing-{n}@loadtest.example.com", PASSWORD, ZONES[n % len(ZONES)]) for n in existing])

    with Server(env, workdir / "gunicorn.log", workers=args.workers, threads=args.threads) as server:
        print(f"  server     gunicorn {' '.join(server.command[3:])}")
        print(f"             master {server.master_pid}, workers {server.settled_workers()}")
        print(
            f"  load       {args.users} runners ({args.users - len(existing)} sign up, {len(existing)} sign in) "
            f"for {args.seconds:g} s, seed {seed}; one worker is killed at {kill_at:g} s"
        )
        print(flush=True)
        started = time.monotonic()
        stop_at = started + args.seconds
        # Runners arrive over the first seconds, not in one instant: each sign-in hashes a
        # password with Argon2, by design the most expensive request there is.
        ramp = min(5.0, args.seconds / 6)
        runners = [
            Runner(
                n,
                server.port,
                new=n not in existing,
                start_at=started + ramp * n / args.users,
                stop_at=stop_at,
                seed=seed + n,
            )
            for n in range(args.users)
        ]
        for runner in runners:
            runner.start()
        time.sleep(max(0.0, started + kill_at - time.monotonic()))
        problems = kill_a_worker(server, started)
        for runner in runners:
            runner.join(timeout=max(1.0, stop_at - time.monotonic() + 40))
        elapsed = time.monotonic() - started
        print(f"[{elapsed:5.1f} s] load stopped", flush=True)
        if server.process.poll() is not None:
            problems.append("the gunicorn master died")
    if any(runner.is_alive() for runner in runners):
        problems.append("some runners were still waiting on the server 40 s after the end")
    problems += report_requests([runner.tally for runner in runners], elapsed)
    problems += check_database(runners, database, server.log_text())
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=40, help="simulated runners (default 40)")
    parser.add_argument("--seconds", type=float, default=60, help="how long the load lasts (default 60)")
    parser.add_argument("--kill-at", type=float, default=None, help="when to kill a worker, in seconds (default: half)")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: gunicorn.conf.py)")
    parser.add_argument("--threads", type=int, default=None, help="threads per worker (default: gunicorn.conf.py)")
    parser.add_argument("--seed", type=int, default=None, help="random seed, to replay a run's choices")
    parser.add_argument("--keep", action="store_true", help="keep the server log and the database afterwards")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="ankles-loadtest-"))
    database = fresh_database(workdir, label="loadtest")
    problems = ["the run did not finish"]
    try:
        problems = run(args, database, workdir)
    finally:
        if args.keep or problems:
            print(f"\n  kept for a look: {workdir}/gunicorn.log and the {database.describe()}")
        else:
            database.drop()
            shutil.rmtree(workdir, ignore_errors=True)
    print()
    if problems:
        print("FAIL")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    print(
        "PASS: one worker killed and replaced under load; every acknowledged completion is stored, "
        "none twice, and no acknowledged undo came back."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
