"""Start gunicorn, find its workers, make requests: the one module that the load test
(loadtest/), the benchmark (bench/) and the concurrency tests (tests/concurrency/) share.

- `production_env(database_env, extra)`: the environment of a production-like run
  (DEBUG off, a throwaway SECRET_KEY), cleaned of the caller's own settings.
- `Server(env, log_path, app=..., workers=..., threads=...)`: gunicorn with the repository's
  gunicorn.conf.py on a free loopback port, a context manager; `url`, `worker_pids()`,
  `settled_workers()`, `kill_worker()`, `log_text()`.
- `fetch(base_url, method, path, headers=..., body=...)`: one request on its own
  connection, no redirects followed, no decompression: a `Reply`.
- `Browser(base_url)`: one person's browser. It keeps the cookies it is given (the
  session, and the CSRF cookie, which it sends back as a browser does), puts the CSRF
  token in every form it posts with an Origin header, and signs up or logs in through the
  real forms.

Standard library only.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import secrets
import signal
import socket
import ssl
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
GUNICORN_CONF = REPO / "gunicorn.conf.py"

# The caller's settings that would take a run off its own database, off plain HTTP on
# loopback (HTTPS-only cookies) or off the server size it asked for.
NOT_INHERITED = ("DATABASE_URL", "SQLITE_PATH", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "PORT")
NOT_INHERITED_PREFIXES = ("SECURE_", "GUNICORN_", "WEB_CONCURRENCY")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def production_env(database_env: dict[str, str], extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a production-like run: DEBUG off, a throwaway key, this database
    (SQLITE_PATH or DATABASE_URL), then `extra` on top."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in NOT_INHERITED and not name.startswith(NOT_INHERITED_PREFIXES)
    }
    env.update(
        DJANGO_SETTINGS_MODULE="ankleapp.settings",
        DEBUG="False",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=f"{HOST},localhost",
        PYTHONUNBUFFERED="1",
    )
    env.update(database_env)
    env.update(extra or {})
    return env


# --- Processes ---------------------------------------------------------------------------


def children_of(pid: int) -> list[int]:
    """Live child processes of `pid` (gunicorn's workers when `pid` is the master)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, IndexError, ValueError):
            # Fields after the command name, which is in parentheses and may hold spaces.
            state, ppid = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
            if int(ppid) == pid and state != "Z":
                found.append(int(entry.name))
    return sorted(found)


def _stop_when_parent_dies() -> None:
    """In the child before exec: ask Linux for a SIGTERM if our process dies, even by
    SIGKILL, so no gunicorn outlives the run that started it."""
    with contextlib.suppress(Exception):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


class Server:
    """gunicorn serving `app` with gunicorn.conf.py on a free loopback port; a context manager.

    `workers` and `threads` override the config's defaults (None: as gunicorn.conf.py says).
    Everything gunicorn prints goes to `log_path`, to be searched afterwards.
    """

    def __init__(
        self,
        env: dict[str, str],
        log_path: Path,
        *,
        app: str = "ankleapp.wsgi",
        ready_path: str = "/healthz",
        workers: int | None = None,
        threads: int | None = None,
    ) -> None:
        self.env = dict(env)
        if workers:
            self.env["WEB_CONCURRENCY"] = str(workers)
        if threads:
            self.env["GUNICORN_THREADS"] = str(threads)
        self.log_path = log_path
        self.app = app
        self.ready_path = ready_path
        self.port = free_port()
        self.env["GUNICORN_BIND"] = f"{HOST}:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def command(self) -> list[str]:
        return [PYTHON, "-m", "gunicorn", self.app, "-c", str(GUNICORN_CONF)]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def launch(self) -> None:
        """Start gunicorn without waiting for it (see `wait_ready`)."""
        with open(self.log_path, "ab") as log:
            # Own session: a stray server can always be stopped as one process group.
            self.process = subprocess.Popen(
                self.command,
                cwd=REPO,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_stop_when_parent_dies,
            )

    def wait_ready(self, *, timeout: float = 60) -> None:
        assert self.process is not None, "launch() first"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_text()[-3000:]}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                if fetch(self.url, "GET", self.ready_path, timeout=5).status == 200:
                    return
            time.sleep(0.1)
        self.stop()
        tail = self.log_text()[-3000:]
        raise RuntimeError(f"gunicorn did not answer {self.ready_path} within {timeout:g} s:\n{tail}")

    def start(self, *, timeout: float = 60) -> Server:
        self.launch()
        self.wait_ready(timeout=timeout)
        return self

    @property
    def master_pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def worker_pids(self) -> list[int]:
        return children_of(self.master_pid) if self.running else []

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
        if not self.running:
            return
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)  # gunicorn's graceful shutdown, master and workers
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


# --- Requests ----------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    content: bytes  # as sent: not decompressed

    def header(self, name: str) -> str:
        return next((value for key, value in self.headers if key.lower() == name.lower()), "")

    @property
    def location(self) -> str:
        return self.header("Location")

    @property
    def body(self) -> str:
        return self.content.decode("utf-8", errors="replace")


def fetch(
    base_url: str,
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    body: str | None = None,
    timeout: float = 30,
) -> Reply:
    """One request on a connection of its own, closed afterwards.

    A failure then always means this request was cut off (its worker was killed, say),
    never that an idle keep-alive connection went stale. Raises OSError or
    http.client.HTTPException when the connection fails. An https URL is not verified
    (a test deployment's certificate is its own).
    """
    parts = urllib.parse.urlsplit(base_url)
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection(parts.hostname or HOST, parts.port, timeout=timeout, context=context)
    else:
        connection = http.client.HTTPConnection(parts.hostname or HOST, parts.port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Reply(response.status, response.getheaders(), response.read())
    finally:
        connection.close()


@dataclass
class Browser:
    """One person's browser against `base_url` (scheme://host:port): keeps its cookies,
    sends the CSRF token in forms and an Origin header with each POST."""

    base_url: str
    forwarded_for: str | None = None  # X-Forwarded-For, to stand for a client behind a trusted proxy
    timeout: float = 30
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        parts = urllib.parse.urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def csrf_token(self) -> str:
        """The CSRF cookie's value, which Django also accepts as the form token."""
        return next((value for name, value in self.cookies.items() if name.endswith("csrftoken")), "")

    @property
    def signed_in(self) -> bool:
        return any(name.endswith("sessionid") for name in self.cookies)

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(
        self, method: str, path: str, fields: dict[str, str] | None = None, *, headers: dict[str, str] | None = None
    ) -> Reply:
        """Raises OSError or http.client.HTTPException when the connection fails."""
        sent = {"User-Agent": "ankles-harness/1", "Accept": "text/html"}
        if self.cookies:
            sent["Cookie"] = self.cookie_header()
        if self.forwarded_for:
            sent["X-Forwarded-For"] = self.forwarded_for
        body = None
        if method == "POST":
            body = urllib.parse.urlencode({**(fields or {}), "csrfmiddlewaretoken": self.csrf_token})
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = self.origin
        sent.update(headers or {})
        reply = fetch(self.base_url, method, path, headers=sent, body=body, timeout=self.timeout)
        self._remember([value for name, value in reply.headers if name.lower() == "set-cookie"])
        return reply

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
            jar: SimpleCookie = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)  # Django deletes a cookie by expiring it empty
                else:
                    self.cookies[name] = morsel.value
