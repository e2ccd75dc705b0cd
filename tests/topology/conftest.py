"""The production topology, running: nginx in front of two app servers, PostgreSQL, Redis.

`scripts/topology.sh start` brings it up; these tests run against it when
ANKLES_TOPOLOGY_DIR names its directory (CI does this), and are skipped otherwise:

    export ANKLES_TOPOLOGY_DIR=/tmp/ankles-topology
    bash scripts/topology.sh start && .venv/bin/python -m pytest tests/topology; bash scripts/topology.sh stop
"""

import os
import secrets
import signal
import subprocess
import time
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pytest

from loadtest.harness import Browser, Reply, children_of, fetch

PROJECT_DIR = Path(__file__).resolve().parents[2]
PASSWORD = "topology-password-42"
NGINX_FAIL_TIMEOUT = 5  # deploy/nginx/ankles.conf.template: fail_timeout=5s


@dataclass
class Topology:
    directory: Path
    base_url: str  # https, through nginx
    http_url: str  # plain HTTP, through nginx
    app_urls: list[str]  # each app server directly (loopback)
    app_pid_files: list[Path]
    database_url: str

    def browser(self, url: str | None = None) -> Browser:
        return Browser(url or self.base_url)

    def new_runner(self, url: str | None = None) -> tuple[Browser, str]:
        """A browser signed in as a new runner (through the sign-up form)."""
        browser = self.browser(url)
        email = f"topology-{secrets.token_hex(4)}@example.com"
        reply = browser.sign_up(email, PASSWORD)
        assert reply.status == 302 and reply.location == "/", (reply.status, reply.location, reply.body[:300])
        return browser, email

    def master_pid(self, index: int) -> int:
        return int(self.app_pid_files[index].read_text())

    def kill_app(self, index: int) -> list[int]:
        """SIGKILL app server `index`: its master and every worker, at once."""
        master = self.master_pid(index)
        victims = [master, *children_of(master)]
        os.killpg(master, signal.SIGKILL)  # topology.sh starts each server in its own group
        return victims

    def restart_app(self, index: int) -> None:
        subprocess.run(
            ["bash", "scripts/topology.sh", "restart-app", f"app{index + 1}"],
            cwd=PROJECT_DIR,
            env={**os.environ, "ANKLES_TOPOLOGY_DIR": str(self.directory)},
            check=True,
            capture_output=True,
            timeout=120,
        )


def read_topology() -> Topology | None:
    directory = os.environ.get("ANKLES_TOPOLOGY_DIR")
    if not directory or not (Path(directory) / "topology.env").exists():
        return None
    values = dict(
        line.split("=", 1) for line in (Path(directory) / "topology.env").read_text().splitlines() if "=" in line
    )
    return Topology(
        directory=Path(directory),
        base_url=values["BASE_URL"],
        http_url=values["HTTP_URL"],
        app_urls=values["APP_URLS"].split(","),
        app_pid_files=[Path(path) for path in values["APP_PID_FILES"].split(",")],
        database_url=values["DATABASE_URL"],
    )


def pytest_collection_modifyitems(config, items):
    if read_topology() is not None:
        return
    skip = pytest.mark.skip(reason="the topology is not up (bash scripts/topology.sh start; set ANKLES_TOPOLOGY_DIR)")
    for item in items:
        if "topology" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def topology() -> Topology:
    found = read_topology()
    assert found is not None
    # Both app servers up (an earlier test may have killed one): every test starts whole.
    for index, url in enumerate(found.app_urls):
        try:
            fetch(url, "GET", "/healthz", timeout=3)
        except OSError:
            found.restart_app(index)
    return found


@pytest.fixture
def whole_topology(topology: Topology) -> Topology:
    restarted = False
    for index, url in enumerate(topology.app_urls):
        try:
            fetch(url, "GET", "/healthz", timeout=3)
        except OSError:
            topology.restart_app(index)
            restarted = True
    if restarted:
        time.sleep(NGINX_FAIL_TIMEOUT + 1)  # nginx tries a failed server again after this
    return topology


class Headers:
    """A Reply's headers, case-insensitive, the way tests/security reads a response's."""

    def __init__(self, reply: Reply) -> None:
        self.message = Message()
        for name, value in reply.headers:
            self.message[name] = value
        self.content = reply.content

    @property
    def headers(self) -> Message:
        return self.message


def wait_until(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False
