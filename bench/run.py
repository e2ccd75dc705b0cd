"""The performance benchmark of issue #4: the app under gunicorn, measured with wrk.

    .venv/bin/python bench/run.py            # about 2 minutes; prints tables and PASS/FAIL
    .venv/bin/python bench/run.py --sweep    # compares gunicorn worker settings instead

What one run does, all on loopback and in a temporary directory removed at the end:

1. a fresh SQLite database (migrate), collectstatic, and four runners: one with no
   history, one with a year and one with ten years of daily completions, one for the
   mark-done POST; their streak summaries are rebuilt as after an import;
2. two gunicorn servers with the production settings (DEBUG off) and the repository's
   gunicorn.conf.py: the app, and bench/ceiling.py (bare Django, no middleware, no
   database) as the ceiling;
3. signed-in session cookies made with the session store, a CSRF token read from the
   Today page, and a check that each request does what it should before any load;
4. rounds of wrk (16 connections, a few seconds each) alternating between the ceiling,
   Today, the calendar month, the mark-done POST and the hashed CSS file; the median
   of the rounds is reported, with the peak memory of the app's workers;
5. the page weight of Today and the calendar (HTML, CSS and JavaScript as served),
   and the time of the pure streak and calendar arithmetic over ten years;
6. a table, the same table in Markdown for the README, and PASS/FAIL per target.

It reports; it is not a test: the exit code is 0 whatever the figures, 1 only when the
benchmark itself could not run (2 for bad arguments, 130 on Ctrl-C).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import http.client
import json
import os
import platform
import re
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import timeit
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
GUNICORN_CONF = REPO / "gunicorn.conf.py"
WRK_SCRIPT = BENCH / "wrk.lua"
COMMAND = ".venv/bin/python bench/run.py"

# What a browser sends; WhiteNoise picks the brotli file for it.
ACCEPT_ENCODING = "gzip, deflate, br"
TIME_ZONE = "Europe/London"
MARK_EXERCISE = "closed-chain-dorsiflexion"
HISTORY_DAYS = {"new": 0, "one-year": 365, "ten-year": 3652}

# The targets of issue #4.
TODAY_MIN_RATIO = 0.5  # Today's requests/s as a share of the ceiling's
CALENDAR_MIN_RATIO = 0.9  # the ten-year calendar's requests/s as a share of the new runner's
P99_MAX_MS = 50.0
WORKER_MAX_MB = 100.0
PAGE_MAX_KB = 50.0
ARITHMETIC_MAX_MS = 2.0

# Settings that would take the bench off a fresh local SQLite file or off plain HTTP.
NOT_INHERITED = (
    "DATABASE_URL",
    "REDIS_URL",
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "GUNICORN_BIND",
    "PORT",
    "GUNICORN_CMD_ARGS",
    "GUNICORN_CONTROL_SOCKET",
    "DJANGO_SETTINGS_MODULE",
)


class BenchError(RuntimeError):
    """The benchmark could not run as designed (not: the figures are bad)."""


def say(message: str = "") -> None:
    print(message, file=sys.stderr, flush=True)


# --- Environment and tools ---------------------------------------------------------


def find_wrk() -> str:
    wrk = shutil.which("wrk") or ("/usr/bin/wrk" if os.path.exists("/usr/bin/wrk") else None)
    if wrk:
        return wrk
    if os.geteuid() != 0:
        raise BenchError("wrk is not installed: sudo apt-get install -y wrk")
    say("Installing wrk (apt-get install -y wrk) ...")
    apt_env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    installed = subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=apt_env, capture_output=True)
    if installed.returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=apt_env, check=True, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=apt_env, check=True, capture_output=True)
    wrk = shutil.which("wrk")
    if not wrk:
        raise BenchError("wrk is still missing after apt-get install")
    return wrk


def production_env(
    workdir: Path, *, settings_module: str = "ankleapp.settings", extra: dict | None = None, database_url: str = ""
) -> dict:
    """The environment of a production deployment, pointed at the bench's own files.

    `settings_module` and `extra` (NAME=value overrides) let one measure a change to the
    settings or the gunicorn environment before making it.
    """
    env = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(50),
        SQLITE_PATH=str(workdir / "db.sqlite3"),
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update(extra or {})
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


# --- HTTP without redirects or decompression (what goes over the wire) -------------


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str:
        return next((value for key, value in self.headers if key.lower() == name.lower()), "")

    def cookies(self) -> dict[str, str]:
        found = {}
        for key, value in self.headers:
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                found[name.strip()] = rest.split(";", 1)[0]
        return found

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def fetch(
    port: int, path: str, *, method: str = "GET", headers: dict | None = None, body: str | None = None
) -> Response:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Response(response.status, response.getheaders(), response.read())
    finally:
        connection.close()


# --- gunicorn servers --------------------------------------------------------------


@dataclass
class Server:
    """One gunicorn master started with the repository's gunicorn.conf.py."""

    name: str
    app: str
    env: dict[str, str]
    log_path: Path
    ready_path: str = "/"
    extra_env: dict[str, str] = field(default_factory=dict)
    port: int = 0
    process: subprocess.Popen | None = None

    def start(self) -> None:
        self.port = free_port()
        env = self.env | self.extra_env | {"GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        command = [sys.executable, "-m", "gunicorn", self.app, "-c", str(GUNICORN_CONF)]
        with open(self.log_path, "ab") as log:
            # Its own session: Ctrl-C in the terminal reaches us, and we stop it in order.
            self.process = subprocess.Popen(
                command,
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=stop_when_parent_dies,
            )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn ({self.name}) exited with {self.process.returncode}:\n{self.log_tail()}")
            with contextlib.suppress(OSError):
                if fetch(self.port, self.ready_path).status == 200:
                    return
            time.sleep(0.1)
        raise BenchError(f"gunicorn ({self.name}) did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def workers(self) -> list[int]:
        if not self.process or self.process.poll() is not None:
            return []
        return children_of(self.process.pid)

    def stop(self) -> None:
        if not self.process or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)  # the master and its workers
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)

    def log_tail(self, lines: int = 30) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def stop_when_parent_dies() -> None:
    """In the child before exec: ask Linux for a SIGTERM if the benchmark dies, even by
    SIGKILL, so no gunicorn outlives it (the finally block covers everything else)."""
    with contextlib.suppress(Exception):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def children_of(pid: int) -> list[int]:
    children_file = Path(f"/proc/{pid}/task/{pid}/children")
    with contextlib.suppress(OSError):
        return [int(child) for child in children_file.read_text().split()]
    found = []  # kernels without CONFIG_PROC_CHILDREN: scan every process's parent
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
    return found


def proc_status_kb(pid: int, key: str) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def proc_pss_kb(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def proc_cpu_seconds(pid: int, *, with_reaped_children: bool = False) -> float:
    """CPU time (user + system) of a process; with its exited children's if asked."""
    with contextlib.suppress(OSError, IndexError, ValueError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])  # utime, stime
        if with_reaped_children:
            ticks += int(fields[13]) + int(fields[14])  # cutime, cstime: recycled workers
        return ticks / CLOCK_TICKS
    return 0.0


def server_cpu_seconds(server: Server) -> float:
    """CPU time of a gunicorn master and all its workers, past and present."""
    if not server.process:
        return 0.0
    master = proc_cpu_seconds(server.process.pid, with_reaped_children=True)
    return master + sum(proc_cpu_seconds(pid) for pid in server.workers())


def machine_busy_seconds() -> float:
    """CPU time spent by everything on the machine (all CPUs), from /proc/stat."""
    with contextlib.suppress(OSError, IndexError, ValueError):
        values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = values[3] + values[4]  # idle, iowait
        return (sum(values[:8]) - idle) / CLOCK_TICKS
    return 0.0


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class MemorySampler(threading.Thread):
    """Samples the peak resident memory (VmHWM) of each server's workers.

    Workers are recycled (max_requests), and a new process starts a new peak, so the
    workers are sampled all along rather than once at the end.
    """

    def __init__(self, servers: list[Server], interval: float = 0.2):
        super().__init__(daemon=True)
        self.servers = servers
        self.interval = interval
        self.peak_kb = {server.name: 0 for server in servers}
        self.pids = {server.name: set() for server in servers}
        self.pss_kb = 0  # filled in by the caller at the end: master + workers, shared pages split
        self.stopping = threading.Event()

    def sample(self) -> None:
        for server in self.servers:
            for pid in server.workers():
                self.pids[server.name].add(pid)
                self.peak_kb[server.name] = max(self.peak_kb[server.name], proc_status_kb(pid, "VmHWM"))

    def run(self) -> None:
        while not self.stopping.wait(self.interval):
            self.sample()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=5)
        self.sample()


# --- Data: runners with histories, sessions, CSRF ----------------------------------


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def build_database() -> dict[str, object]:
    """Migrate a fresh database and create the runners; returns them by history name."""
    from django.core.management import call_command
    from django.utils import timezone as django_timezone

    from accounts.models import User
    from accounts.timezones import local_today
    from routines.selectors import plan_exercises
    from tracking.models import Completion
    from tracking.services import streak_summary_rebuild

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)

    now = django_timezone.now()
    today = local_today(TIME_ZONE, now=now)
    plan = plan_exercises()
    if len(plan) != 3:
        raise BenchError(f"expected the 3 seeded plan exercises, found {len(plan)}")
    users = {}
    for name, days in {**HISTORY_DAYS, "marker": 0}.items():
        # A fresh suffix each run, so a reused --database-url never collides with an old run.
        email = f"{name}-{secrets.token_hex(4)}@bench.invalid"
        user = User.objects.create_user(email, password=None, timezone=TIME_ZONE)
        user.date_joined = now - dt.timedelta(days=days)
        user.save(update_fields=["date_joined"])
        # Every day complete, up to yesterday: the longest streaks, the most rows per user.
        Completion.objects.bulk_create(
            [
                Completion(
                    user=user,
                    exercise=exercise,
                    completed_on=today - dt.timedelta(days=back),
                    completed_at=now - dt.timedelta(days=back),
                )
                for back in range(1, days + 1)
                for exercise in plan
            ],
            batch_size=2000,
        )
        streak_summary_rebuild(user=user, now=now)
        users[name] = user
    return users


def session_cookie(user) -> str:
    """A signed-in session, as django.contrib.auth.login would store it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def csrf_for(app: Server, cookie: str) -> tuple[str, str]:
    """(cookie header with the CSRF cookie added, form token) from a real Today page."""
    from django.conf import settings

    page = fetch(app.port, "/", headers={"Cookie": cookie})
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    csrf_cookie = page.cookies().get(settings.CSRF_COOKIE_NAME)
    if page.status != 200 or not token or not csrf_cookie:
        raise BenchError(f"could not read a CSRF token from Today (status {page.status})")
    return f"{cookie}; {settings.CSRF_COOKIE_NAME}={csrf_cookie}", token.group(1)


# --- Scenarios and wrk -------------------------------------------------------------


ERROR_KEYS = ("status_errors", "connect_errors", "read_errors", "write_errors", "timeouts")


@dataclass
class Scenario:
    name: str
    server: Server
    path: str
    cookie: str = ""
    method: str = "GET"
    body: str = ""
    expect_status: int = 200
    expect_text: str = ""  # proves the request did what it claims (signed in, right page)
    is_ceiling: bool = False
    results: list[dict] = field(default_factory=list)

    def check(self) -> None:
        headers = {"Accept-Encoding": "identity"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if self.body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        response = fetch(self.server.port, self.path, method=self.method, headers=headers, body=self.body or None)
        if response.status != self.expect_status:
            raise BenchError(f"{self.name}: {self.method} {self.path} gave {response.status}, not {self.expect_status}")
        if self.expect_status == 302 and response.header("Location") != "/":
            raise BenchError(f"{self.name}: redirected to {response.header('Location')!r}, not to Today")
        if self.expect_text and self.expect_text not in response.text:
            raise BenchError(f"{self.name}: the response lacks {self.expect_text!r}")

    def median(self, key: str) -> float:
        return statistics.median(result[key] for result in self.results)

    def total(self, key: str) -> int:
        return sum(result[key] for result in self.results)

    @property
    def rps(self) -> float:
        return self.median("rps")

    @property
    def p50_ms(self) -> float:
        return self.median("p50_us") / 1000

    @property
    def p99_ms(self) -> float:
        return self.median("p99_us") / 1000

    @property
    def cpu_ms(self) -> float:
        return self.median("cpu_ms")

    @property
    def errors(self) -> int:
        """Responses other than 2xx/3xx, plus connect/read/write errors and timeouts."""
        return sum(self.total(key) for key in ERROR_KEYS)


def run_wrk(wrk: str, scenario: Scenario, *, seconds: float, connections: int, threads: int) -> dict:
    env = os.environ | {
        "BENCH_METHOD": scenario.method,
        "BENCH_BODY": scenario.body,
        "BENCH_COOKIE": scenario.cookie,
        "BENCH_ACCEPT_ENCODING": ACCEPT_ENCODING,
    }
    command = [
        wrk,
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{seconds:g}s",
        "--timeout",
        "2s",
        "-s",
        str(WRK_SCRIPT),
        scenario.server.url(scenario.path),
    ]
    server_before = server_cpu_seconds(scenario.server)
    machine_before, wrk_before, started = machine_busy_seconds(), children_cpu_seconds(), time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=seconds + 60)
    wall = time.monotonic() - started
    server_cpu = server_cpu_seconds(scenario.server) - server_before
    wrk_cpu = children_cpu_seconds() - wrk_before
    others_cpu = max(machine_busy_seconds() - machine_before - server_cpu - wrk_cpu, 0.0)
    line = next((line for line in done.stdout.splitlines() if line.startswith("BENCH-JSON ")), None)
    if done.returncode != 0 or line is None:
        raise BenchError(f"wrk failed for {scenario.name} ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    result = json.loads(line.removeprefix("BENCH-JSON "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    # Server CPU per request does not depend on what else runs on the machine; requests/s does.
    result["cpu_ms"] = 1000 * server_cpu / max(result["requests"], 1)
    result["others_cpus"] = others_cpu / wall  # CPUs' worth used by everything else meanwhile
    result["wrk_cpus"] = wrk_cpu / wall
    return result


def run_rounds(wrk: str, scenarios: list[Scenario], args, *, warmup: float = 1.0) -> None:
    say(f"Warming up each scenario for {warmup:g} s ...")
    for scenario in scenarios:
        run_wrk(wrk, scenario, seconds=warmup, connections=args.connections, threads=args.wrk_threads)
    for round_number in range(1, args.rounds + 1):
        # Each round starts one row later, so no row always follows the same neighbour
        # (a worker recycled by the static-file row, say, or a cache the row before warmed).
        shift = (round_number - 1) % len(scenarios)
        for scenario in scenarios[shift:] + scenarios[:shift]:
            result = run_wrk(
                wrk, scenario, seconds=args.seconds, connections=args.connections, threads=args.wrk_threads
            )
            scenario.results.append(result)
            bad = sum(result[key] for key in ERROR_KEYS)
            say(
                f"  round {round_number}/{args.rounds}  {scenario.name:<28} {result['rps']:8.0f} req/s"
                f"  p50 {result['p50_us'] / 1000:6.2f} ms  p99 {result['p99_us'] / 1000:6.2f} ms"
                f"  server CPU {result['cpu_ms']:5.2f} ms/req  everything else {result['others_cpus']:4.2f} CPUs"
                + (f"  errors {bad}" if bad else "")
            )


# --- Page weight -------------------------------------------------------------------


class AssetFinder(HTMLParser):
    """The URLs a browser fetches on its own when it loads the page."""

    def __init__(self):
        super().__init__()
        self.assets: list[tuple[str, str]] = []  # (kind, url)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        rel = (attributes.get("rel") or "").split()
        if tag == "link" and attributes.get("href"):
            if "stylesheet" in rel:
                self.assets.append(("css", attributes["href"]))
            elif {"icon", "preload", "modulepreload", "manifest"} & set(rel):
                self.assets.append(("other", attributes["href"]))
        elif tag == "script" and attributes.get("src"):
            self.assets.append(("js", attributes["src"]))
        elif tag in ("img", "iframe", "source", "video", "audio", "embed") and attributes.get("src"):
            self.assets.append(("other", attributes["src"]))


@dataclass
class PageWeight:
    name: str
    html_served: int  # bytes as the app sends it
    html_encoding: str
    html_gzip: int  # bytes if gzip-compressed (by a proxy, a CDN or GZipMiddleware)
    html_brotli: int
    css_js: int  # CSS and JavaScript as WhiteNoise serves them (brotli for a browser)
    other: int  # icons and images (not counted by the target)
    third_party: list[str]
    notes: list[str]

    @property
    def compressed_total(self) -> int:
        return min(self.html_served, self.html_gzip) + self.css_js


def page_weight(app: Server, name: str, path: str, cookie: str) -> PageWeight:
    import brotli

    headers = {"Cookie": cookie, "Accept-Encoding": ACCEPT_ENCODING}
    page = fetch(app.port, path, headers=headers)
    if page.status != 200:
        raise BenchError(f"page weight: {path} gave {page.status}")
    html = page.body if not page.header("Content-Encoding") else None
    raw = html if html is not None else fetch(app.port, path, headers={"Cookie": cookie}).body
    finder = AssetFinder()
    finder.feed(raw.decode("utf-8", "replace"))
    css_js = other = 0
    third_party, notes = [], []
    for kind, url in dict.fromkeys(finder.assets):  # each URL once, in page order
        parts = urlsplit(url)
        if parts.netloc and parts.netloc not in (f"127.0.0.1:{app.port}", f"localhost:{app.port}"):
            third_party.append(url)
            continue
        asset = fetch(app.port, parts.path, headers={"Accept-Encoding": ACCEPT_ENCODING})
        size = len(asset.body)
        encoding = asset.header("Content-Encoding") or "identity"
        notes.append(f"{parts.path} {size:,} B {encoding}, Cache-Control: {asset.header('Cache-Control') or '-'}")
        if kind in ("css", "js"):
            css_js += size
        else:
            other += size
    return PageWeight(
        name=name,
        html_served=len(page.body),
        html_encoding=page.header("Content-Encoding") or "identity",
        html_gzip=len(gzip.compress(raw, compresslevel=6)),
        html_brotli=len(brotli.compress(raw, quality=5)),
        css_js=css_js,
        other=other,
        third_party=third_party,
        notes=notes,
    )


# --- Pure arithmetic ---------------------------------------------------------------


def time_arithmetic() -> dict[str, float]:
    """Milliseconds for the streaks over ten years of complete days and for one month grid."""
    from tracking import streaks

    today = dt.date.today()
    days = [today - dt.timedelta(days=back) for back in range(1, HISTORY_DAYS["ten-year"] + 1)]
    done_by_day = dict.fromkeys(days, 3)

    def median_ms(function, number: int = 50) -> float:
        runs = timeit.repeat(function, number=number, repeat=9)
        return statistics.median(runs) / number * 1000

    streaks_ms = median_ms(lambda: streaks.streaks(days, today))
    if hasattr(streaks, "Facts"):  # month_summary(year, month, facts, ...) since issue #5
        grid_input = (streaks.Facts(planned=3, done=done_by_day),)
    else:
        grid_input = (done_by_day, 3)
    month_ms = median_ms(
        lambda: streaks.month_summary(
            today.year, today.month, *grid_input, today=today, started=days[-1], window_days=7
        )
    )
    return {"streaks": streaks_ms, "month": month_ms, "total": streaks_ms + month_ms}


# --- Reports -----------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def gunicorn_description(env: dict[str, str]) -> str:
    """What gunicorn.conf.py makes of this environment (workers, class, threads)."""
    probe = (
        "import runpy, sys; c = runpy.run_path(sys.argv[1]); "
        "print(c['workers'], c['worker_class'], c['threads'], c['preload_app'], c['max_requests'])"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe, str(GUNICORN_CONF)], env=env, cwd=REPO, capture_output=True, text=True
    )
    if output.returncode != 0:
        return "unknown (gunicorn.conf.py did not load)"
    workers, worker_class, threads, preload, max_requests = output.stdout.split()
    threads_text = f" x {threads} threads" if worker_class == "gthread" else ""
    return f"{workers} {worker_class} workers{threads_text}, preload {preload}, max_requests {max_requests}"


def database_name() -> str:
    from django.db import connection

    return connection.vendor.replace("postgresql", "PostgreSQL").replace("sqlite", "SQLite")


def machine_note(scenarios: list[Scenario]) -> str:
    others = statistics.median(r["others_cpus"] for s in scenarios for r in s.results)
    wrk_cpus = statistics.median(r["wrk_cpus"] for s in scenarios for r in s.results)
    note = (
        f"During the runs wrk used {wrk_cpus:.2f} CPUs and everything else (other processes, the kernel) {others:.2f} CPUs "
        f"of {cpu_count()} (medians)."
    )
    if others > 0.25:
        note += (
            " The machine was busy: requests/s and latencies are lower and noisier than on an idle machine;"
            " server CPU per request is the steadier figure."
        )
    return note


def print_report(scenarios, ceiling, memory, weights, arithmetic, config_text, args) -> None:
    import django

    by_name = {s.name: s for s in scenarios}
    app_rows = [s for s in scenarios if not s.is_ceiling]
    date = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    machine = f"{cpu_count()} CPUs ({cpu_model()}), Python {platform.python_version()}, Django {django.get_version()}"
    load = f"{args.connections} connections, {args.rounds} alternated rounds of {args.seconds:g} s"

    print()
    print(f"Stronger Ankles benchmark, {date}")
    print(f"Machine: {machine}")
    print(f"gunicorn: {config_text}")
    if args.settings != "ankleapp.settings" or args.env:
        overrides = " ".join(f"{key}={value}" for key, value in args.env.items())
        print(f"Variant: settings {args.settings}; environment {overrides or '(as is)'}")
    print(f"Load: wrk ({args.wrk_threads} threads), {load}, medians of the rounds. {database_name()}, DEBUG off.")
    print(machine_note(scenarios))
    print()
    header = (
        f"{'':30} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'vs ceiling':>10} {'errors':>6}"
        f" {'CPU ms/req':>10}   rounds (req/s)"
    )
    print(header)
    print("-" * len(header))
    for s in scenarios:
        rounds = " ".join(f"{r['rps']:.0f}" for r in s.results)
        print(
            f"{s.name:30} {s.rps:7.0f} {s.p50_ms:7.2f} {s.p99_ms:7.2f} {s.rps / ceiling.rps:10.2f} {s.errors:6d}"
            f" {s.cpu_ms:10.2f}   {rounds}"
        )
    print("(CPU ms/req: CPU time of the gunicorn master and workers per request, all workers together.)")
    print()
    app_peak_mb = memory.peak_kb["app"] / 1024
    print(
        f"Worker peak memory (VmHWM): app {app_peak_mb:.1f} MB, ceiling {memory.peak_kb['ceiling'] / 1024:.1f} MB; "
        f"app worker processes seen: {len(memory.pids['app'])}; "
        f"app master + workers now: {memory.pss_kb / 1024:.1f} MB PSS (shared pages split between them)"
    )
    for weight in weights:
        print(
            f"Page weight, {weight.name}: HTML {weight.html_served:,} B as served ({weight.html_encoding}), "
            f"{weight.html_gzip:,} B gzipped, {weight.html_brotli:,} B brotli; CSS + JS {weight.css_js:,} B; "
            f"total {weight.compressed_total / 1024:.1f} KB (HTML gzipped); icons {weight.other:,} B (not counted); "
            f"third-party requests: {len(weight.third_party)}"
        )
    for note in weights[0].notes:
        print(f"  {note}")
    print(
        f"Pure arithmetic over ten years of days: streaks {arithmetic['streaks']:.3f} ms, "
        f"month_summary {arithmetic['month']:.3f} ms, together {arithmetic['total']:.3f} ms"
    )

    today = by_name["Today, ten-year runner"]
    calendar_old = by_name["Calendar, ten-year runner"]
    calendar_new = by_name["Calendar, new runner"]
    worst_p99 = max(app_rows, key=lambda s: s.p99_ms)
    errors = sum(s.errors for s in app_rows)
    heaviest = max(weights, key=lambda w: w.compressed_total)
    checks = [
        (
            f"Today >= {TODAY_MIN_RATIO} x ceiling req/s",
            today.rps >= TODAY_MIN_RATIO * ceiling.rps,
            f"{today.rps / ceiling.rps:.2f} x ({today.rps:.0f} / {ceiling.rps:.0f} req/s; "
            f"by server CPU per request {ceiling.cpu_ms / today.cpu_ms:.2f} x)",
        ),
        (
            f"Calendar ten-year >= {CALENDAR_MIN_RATIO} x new runner",
            calendar_old.rps >= CALENDAR_MIN_RATIO * calendar_new.rps,
            f"{calendar_old.rps / calendar_new.rps:.2f} x ({calendar_old.rps:.0f} / {calendar_new.rps:.0f} req/s; "
            f"by server CPU per request {calendar_new.cpu_ms / calendar_old.cpu_ms:.2f} x)",
        ),
        (
            f"p99 < {P99_MAX_MS:g} ms at {args.connections} connections, no errors",
            worst_p99.p99_ms < P99_MAX_MS and errors == 0,
            f"worst p99 {worst_p99.p99_ms:.1f} ms ({worst_p99.name}), {errors} errors",
        ),
        (f"Worker peak memory < {WORKER_MAX_MB:g} MB", app_peak_mb < WORKER_MAX_MB, f"{app_peak_mb:.1f} MB"),
        (
            f"Page weight < {PAGE_MAX_KB:g} KB, no third-party requests",
            all(w.compressed_total < PAGE_MAX_KB * 1024 and not w.third_party for w in weights),
            f"heaviest {heaviest.name} {heaviest.compressed_total / 1024:.1f} KB, "
            f"{sum(len(w.third_party) for w in weights)} third-party",
        ),
        (
            f"Streaks + month arithmetic < {ARITHMETIC_MAX_MS:g} ms",
            arithmetic["total"] < ARITHMETIC_MAX_MS,
            f"{arithmetic['total']:.2f} ms",
        ),
    ]
    print()
    print("Targets (issue #4):")
    for label, ok, detail in checks:
        print(f"  {verdict(ok)}  {label}: {detail}")

    print()
    print("Markdown for the README:")
    print()
    print(f"Measured {date} with `make bench` (`{COMMAND}`): {machine}; gunicorn {config_text};")
    print(f"wrk with {load}, medians. {machine_note(scenarios)}")
    print()
    print("| Request | Requests/s | p50 | p99 | vs ceiling | Errors | Server CPU per request |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for s in scenarios:
        print(
            f"| {s.name} | {s.rps:,.0f} | {s.p50_ms:.1f} ms | {s.p99_ms:.1f} ms | {s.rps / ceiling.rps:.2f} "
            f"| {s.errors} | {s.cpu_ms:.2f} ms |"
        )
    print()
    print(
        f"Worker peak memory {app_peak_mb:.0f} MB. Transfer (HTML gzipped + CSS + JS): "
        + ", ".join(f"{w.name} {w.compressed_total / 1024:.1f} KB" for w in weights)
        + f". Streaks and month grid over ten years: {arithmetic['total']:.2f} ms."
    )
    print()
    print("| Target | Result | |")
    print("|---|---|---|")
    for label, ok, detail in checks:
        print(f"| {label} | {detail} | {verdict(ok)} |")


# --- Main --------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5, help="length of one wrk run (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="alternated rounds per row (default 3)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections (default 16)")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs, database)")
    parser.add_argument(
        "--settings",
        default="ankleapp.settings",
        help="Django settings module to measure (default ankleapp.settings; put a variant on PYTHONPATH)",
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="measure on this database (e.g. a throwaway PostgreSQL) instead of a fresh SQLite file",
    )
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="environment for the servers, e.g. --env WEB_CONCURRENCY=4 (repeatable)",
    )
    parser.add_argument(
        "--sweep",
        action="store_true",
        help="compare gunicorn worker settings on Today and the ceiling instead of the full run",
    )
    args = parser.parse_args(argv)
    if args.seconds <= 0 or args.rounds < 1 or args.connections < 1 or args.wrk_threads < 1:
        parser.error("--seconds, --rounds, --connections and --wrk-threads must be positive")
    if any("=" not in item for item in args.env):
        parser.error("--env takes NAME=VALUE")
    args.env = dict(item.split("=", 1) for item in args.env)
    return args


# (label, WEB_CONCURRENCY, GUNICORN_THREADS) for --sweep
SWEEP = [
    ("sync x 2", 2, 1),
    ("sync x 3", 3, 1),
    ("sync x 4", 4, 1),
    ("sync x 5", 5, 1),
    ("gthread 2 x 2", 2, 2),
    ("gthread 2 x 4", 2, 4),
    ("gthread 3 x 4", 3, 4),
]


def run_sweep(wrk: str, env: dict[str, str], workdir: Path, users, args) -> None:
    """Today and the ceiling under each worker setting, all servers up, rounds alternated."""
    servers, scenarios = [], []
    for label, workers, threads in SWEEP:
        extra = {"WEB_CONCURRENCY": str(workers), "GUNICORN_THREADS": str(threads)}
        slug = label.replace(" ", "")
        app = Server(f"app {label}", "ankleapp.wsgi", env, workdir / f"app-{slug}.log", "/healthz", extra)
        ceiling = Server(
            f"ceiling {label}", "bench.ceiling:application", env, workdir / f"ceiling-{slug}.log", "/", extra
        )
        servers += [app, ceiling]
    try:
        for server in servers:
            server.start()
        for server in servers:
            server.wait_ready()
        cookie = session_cookie(users["ten-year"])
        for app, ceiling in zip(servers[::2], servers[1::2], strict=True):
            scenarios.append(Scenario(ceiling.name, ceiling, "/", expect_text="ok", is_ceiling=True))
            scenarios.append(Scenario(app.name, app, "/", cookie=cookie, expect_text='data-testid="progress"'))
        for scenario in scenarios:
            scenario.check()
        memory = MemorySampler(servers)
        memory.start()
        run_rounds(wrk, scenarios, args)
        memory.stop()
        pss = {
            server.name: sum(proc_pss_kb(pid) for pid in [server.process.pid, *server.workers()]) for server in servers
        }
    finally:
        for server in servers:
            server.stop()
    print()
    print(f"gunicorn worker sweep, {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, {cpu_count()} CPUs")
    print(
        f"Today (ten-year runner) and the ceiling, wrk {args.connections} connections, medians of {args.rounds} rounds,"
        f" {database_name()}"
    )
    print()
    print(
        "| Workers | Today req/s | p50 | p99 | CPU ms/req | Ceiling req/s | ceiling p99 | Today / ceiling "
        "| Worker peak | All processes (PSS) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for (label, _, _), ceiling, today in zip(SWEEP, scenarios[::2], scenarios[1::2], strict=True):
        errors = today.errors + ceiling.errors
        print(
            f"| {label} | {today.rps:,.0f} | {today.p50_ms:.1f} ms | {today.p99_ms:.1f} ms | {today.cpu_ms:.2f} "
            f"| {ceiling.rps:,.0f} | {ceiling.p99_ms:.1f} ms | {today.rps / ceiling.rps:.2f} "
            f"| {memory.peak_kb[today.name] / 1024:.0f} MB | {pss[today.name] / 1024:.0f} MB |"
            + (f" errors {errors}" if errors else "")
        )
    print()
    print(machine_note(scenarios))


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    try:
        wrk = find_wrk()
    except (BenchError, subprocess.CalledProcessError) as error:
        say(f"The benchmark could not run: {error}")
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="ankles-bench-"))
    servers: list[Server] = []

    def stop_on_signal(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGHUP, stop_on_signal)
    try:
        env = production_env(workdir, settings_module=args.settings, extra=args.env, database_url=args.database_url)
        say(f"Working in {workdir}")
        say("Database: migrate, collectstatic, runners with 0, 1 and 10 years of history ...")
        setup_django(env)
        users = build_database()
        arithmetic = time_arithmetic()

        if args.sweep:
            run_sweep(wrk, env, workdir, users, args)
            return 0

        app = Server("app", "ankleapp.wsgi", env, workdir / "app.log", ready_path="/healthz")
        ceiling = Server("ceiling", "bench.ceiling:application", env, workdir / "ceiling.log")
        servers = [app, ceiling]
        for server in servers:
            server.start()
        for server in servers:
            server.wait_ready()
        say(f"gunicorn: app on 127.0.0.1:{app.port}, ceiling on 127.0.0.1:{ceiling.port}")

        from django.contrib.staticfiles.storage import staticfiles_storage

        css_path = staticfiles_storage.url("css/app.css")  # the hashed name, from the manifest
        cookies = {name: session_cookie(user) for name, user in users.items()}
        marker_cookie, csrf_token = csrf_for(app, cookies["marker"])
        progress, calendar_cell = 'data-testid="progress"', "data-status="
        scenarios = [
            Scenario('Ceiling: bare Django "ok"', ceiling, "/", expect_text="ok", is_ceiling=True),
            Scenario("Today, ten-year runner", app, "/", cookies["ten-year"], expect_text=progress),
            Scenario("Today, new runner", app, "/", cookies["new"], expect_text=progress),
            Scenario("Calendar, ten-year runner", app, "/calendar/", cookies["ten-year"], expect_text=calendar_cell),
            Scenario("Calendar, new runner", app, "/calendar/", cookies["new"], expect_text=calendar_cell),
            Scenario(
                "Mark done (POST, 302)",
                app,
                "/track/mark/",
                marker_cookie,
                method="POST",
                body=f"csrfmiddlewaretoken={csrf_token}&exercise={MARK_EXERCISE}",
                expect_status=302,
            ),
            Scenario("Static CSS (hashed, brotli)", app, css_path),
        ]
        for scenario in scenarios:
            scenario.check()

        weights = [
            page_weight(app, "Today", "/", cookies["ten-year"]),
            page_weight(app, "Calendar", "/calendar/", cookies["ten-year"]),
        ]

        memory = MemorySampler(servers)
        memory.start()
        run_rounds(wrk, scenarios, args)
        memory.stop()
        memory.pss_kb = sum(proc_pss_kb(pid) for pid in [app.process.pid, *app.workers()])

        from tracking.models import Completion

        marks = Completion.objects.filter(user=users["marker"]).count()
        if marks != 1:
            raise BenchError(f"the mark-done POSTs stored {marks} completions, not 1")

        print_report(scenarios, scenarios[0], memory, weights, arithmetic, gunicorn_description(env), args)
        say(f"\nBenchmark took {time.monotonic() - started:.0f} s.")
        return 0
    except BenchError as error:
        say(f"\nThe benchmark could not run: {error}")
        return 1
    except KeyboardInterrupt:
        say("\nInterrupted; stopping gunicorn.")
        return 130
    finally:
        for server in servers:
            server.stop()
        if args.keep:
            say(f"Kept {workdir} (database, static files, gunicorn logs).")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
