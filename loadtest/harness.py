"""A real gunicorn on a fresh database, and a small cookie-keeping HTTP client to drive it.

Shared by loadtest/run.py and tests/concurrency/. The server runs the production settings
(DEBUG off, Argon2, WhiteNoise) with gunicorn.conf.py when it exists, listens on loopback
only, and writes everything it prints to a log file so callers can search it afterwards
(for "database is locked", tracebacks...).

The database is SQLite (a new file) by default. When DATABASE_URL is set (the PostgreSQL
run of CI), a new PostgreSQL database is created beside the one it names, and dropped
afterwards. The results are read back with plain SQL (sqlite3 / psycopg), never through
the app, so a check cannot share a bug with the code it checks.

Standard library only, apart from psycopg, which the app already depends on.
"""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"

# Read back what the server stored: one row per completion, with the natural key spelled out.
COMPLETIONS_SQL = """
    SELECT u.email, e.slug, c.completed_on
    FROM tracking_completion c
    JOIN accounts_user u ON u.id = c.user_id
    JOIN routines_exercise e ON e.id = c.exercise_id
"""
DUPLICATES_SQL = """
    SELECT user_id, exercise_id, completed_on, COUNT(*)
    FROM tracking_completion
    GROUP BY user_id, exercise_id, completed_on
    HAVING COUNT(*) > 1
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# --- The database ------------------------------------------------------------------------


@dataclass
class Database:
    """A database made for one run: its settings for the server, and plain SQL to check it."""

    kind: str  # "sqlite" or "postgresql"
    env: dict[str, str]  # SQLITE_PATH or DATABASE_URL, for the server's environment
    path: Path | None = None
    url: str | None = None
    admin_url: str | None = None  # the DATABASE_URL we were given, to drop ours from
    name: str | None = None

    def query(self, sql: str) -> list[tuple]:
        if self.kind == "sqlite":
            connection = sqlite3.connect(self.path, timeout=30)
            try:
                return connection.execute(sql).fetchall()
            finally:
                connection.close()
        import psycopg

        with psycopg.connect(self.url) as connection:
            return connection.execute(sql).fetchall()

    def completions(self) -> list[tuple[str, str, str]]:
        """Every stored completion as (email, exercise slug, YYYY-MM-DD)."""
        return [(email, slug, str(day)) for email, slug, day in self.query(COMPLETIONS_SQL)]

    def duplicates(self) -> list[tuple]:
        return self.query(DUPLICATES_SQL)

    def describe(self) -> str:
        if self.kind == "sqlite":
            return f"SQLite file {self.path}"
        return f"PostgreSQL database {self.name}"

    def drop(self) -> None:
        if self.kind != "postgresql":
            return  # the SQLite file lives in the caller's temporary directory
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            # FORCE: a killed worker's connection may linger for a moment.
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def fresh_database(workdir: Path, *, label: str) -> Database:
    """A new, empty database: PostgreSQL beside $DATABASE_URL when it is set, else SQLite."""
    given = os.environ.get("DATABASE_URL", "")
    if not given:
        path = workdir / "db.sqlite3"
        return Database(kind="sqlite", env={"SQLITE_PATH": str(path)}, path=path)
    import psycopg

    name = f"ankles_{label}_{secrets.token_hex(4)}"
    with psycopg.connect(given, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = urllib.parse.urlsplit(given)._replace(path=f"/{name}").geturl()
    return Database(kind="postgresql", env={"DATABASE_URL": url}, url=url, admin_url=given, name=name)


def server_env(database: Database, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a production-like run: DEBUG off, a throwaway key, this database."""
    env = dict(os.environ)
    # The caller's own settings (pytest sets the test settings) must not leak into the server.
    for name in list(env):
        if name in ("DATABASE_URL", "SQLITE_PATH", "DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "PORT"):
            del env[name]
        elif name.startswith(("SECURE_", "GUNICORN_")) or name == "WEB_CONCURRENCY":
            del env[name]  # HTTPS-only cookies or another server size would change what is tested
    env.update(
        DJANGO_SETTINGS_MODULE="ankleapp.settings",
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=f"{HOST},localhost",
        PYTHONUNBUFFERED="1",
    )
    env.update(database.env)
    env.update(extra or {})
    return env


def manage(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    """Run a manage.py command in a child process; raise with its output if it fails."""
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=REPO, env=env, input=stdin, capture_output=True, text=True, timeout=300
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def static_files_stale(env: dict[str, str]) -> bool:
    """True when WhiteNoise's manifest is missing or older than a file under static/."""
    manifest = Path(env.get("STATIC_ROOT", REPO / "staticfiles")) / "staticfiles.json"
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    return any(path.stat().st_mtime > built for path in (REPO / "static").rglob("*") if path.is_file())


def prepare(env: dict[str, str]) -> None:
    """Migrate the fresh database, and build the static files if they are missing or stale."""
    manage(env, "migrate", "--noinput", "-v0")
    # With DEBUG off every page needs WhiteNoise's manifest (`make test` builds it first).
    if static_files_stale(env):
        manage(env, "collectstatic", "--noinput", "-v0")


CREATE_USERS = """
import json, sys
from accounts.models import User
for email, password, zone in json.load(sys.stdin):
    User.objects.create_user(email=email, password=password, timezone=zone)
"""


def create_users(env: dict[str, str], users: list[tuple[str, str, str]]) -> None:
    """Create accounts (email, password, time zone) the way an operator would: manage.py shell."""
    import json

    manage(env, "shell", "-c", CREATE_USERS, stdin=json.dumps(users))


# --- The server --------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    """Live child processes of `pid` (gunicorn's workers when `pid` is the master)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # Fields after the command name, which is in parentheses and may hold spaces.
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == pid and state != "Z":
            found.append(int(entry.name))
    return sorted(found)


class Server:
    """gunicorn serving ankleapp.wsgi on a free loopback port; a context manager."""

    def __init__(
        self,
        env: dict[str, str],
        log_path: Path,
        *,
        workers: int | None = None,
        threads: int | None = None,
    ) -> None:
        self.env = env
        self.log_path = log_path
        self.workers = workers
        self.threads = threads
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def command(self) -> list[str]:
        command = [PYTHON, "-m", "gunicorn", "ankleapp.wsgi"]
        config = REPO / "gunicorn.conf.py"
        if config.exists():
            command += ["-c", str(config)]
        # Command-line flags override the config file: loopback only, and the asked-for size.
        command += ["--bind", f"{HOST}:{self.port}"]
        if self.workers:
            command += ["--workers", str(self.workers)]
        if self.threads:
            command += ["--threads", str(self.threads)]
        return command

    def start(self, *, timeout: float = 60) -> Server:
        env = dict(self.env, GUNICORN_BIND=f"{HOST}:{self.port}")
        with open(self.log_path, "ab") as log:
            # Own session: a stray server can always be stopped as one process group.
            self.process = subprocess.Popen(
                self.command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_text()[-3000:]}")
            try:
                if Browser(self.port, timeout=5).get("/healthz").status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer /healthz within {timeout} s:\n{self.log_text()[-3000:]}")

    @property
    def master_pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def worker_pids(self) -> list[int]:
        return _children(self.master_pid)

    def wait_for_workers(self, count: int, *, timeout: float = 30) -> list[int]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pids = self.worker_pids()
            if len(pids) >= count:
                return pids
            time.sleep(0.05)
        return self.worker_pids()

    def settled_workers(self, *, timeout: float = 15) -> list[int]:
        """The workers once the master has forked them all (the list stops changing)."""
        deadline = time.monotonic() + timeout
        pids = self.worker_pids()
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now = self.worker_pids()
            if now and now == pids:
                break
            pids = now
        return pids

    def kill_worker(self) -> int:
        """SIGKILL one worker (never the master); gunicorn's master should fork a new one."""
        pid = secrets.choice(self.worker_pids())
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self, *, timeout: float = 30) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # SIGTERM: gunicorn's graceful shutdown
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


# --- The client --------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    location: str
    body: str


@dataclass
class Browser:
    """One person's browser: keeps cookies, sends the CSRF token and Origin like a browser.

    Every request opens its own connection and closes it: a failure then always means
    this request was cut off (for example its worker was killed), never that an idle
    keep-alive connection went stale.
    """

    port: int
    forwarded_for: str | None = None
    timeout: float = 30
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def csrf_token(self) -> str:
        for name, value in self.cookies.items():
            if name.endswith("csrftoken"):
                return value
        return ""

    @property
    def signed_in(self) -> bool:
        return any(name.endswith("sessionid") for name in self.cookies)

    def request(self, method: str, path: str, fields: dict[str, str] | None = None) -> Reply:
        """Raises OSError or http.client.HTTPException when the connection fails."""
        headers = {"User-Agent": "ankles-loadtest/1", "Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if self.forwarded_for:
            headers["X-Forwarded-For"] = self.forwarded_for
        body = None
        if method == "POST":
            body = urllib.parse.urlencode({**(fields or {}), "csrfmiddlewaretoken": self.csrf_token})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
        connection = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            self._remember(response.msg.get_all("Set-Cookie") or [])
            return Reply(response.status, response.getheader("Location", ""), text)
        finally:
            connection.close()

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, fields: dict[str, str]) -> Reply:
        if not self.csrf_token:
            self.get("/accounts/login/")  # any form page sets the CSRF cookie
        return self.request("POST", path, fields)

    def sign_up(self, email: str, password: str, timezone: str = "UTC") -> Reply:
        self.get("/accounts/signup/")
        return self.post(
            "/accounts/signup/", {"email": email, "password1": password, "password2": password, "timezone": timezone}
        )

    def log_in(self, email: str, password: str) -> Reply:
        self.get("/accounts/login/")
        return self.post("/accounts/login/", {"login": email, "password": password})

    def _remember(self, set_cookie_headers: list[str]) -> None:
        for header in set_cookie_headers:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)  # Django deletes a cookie by expiring it empty
                else:
                    self.cookies[name] = morsel.value
