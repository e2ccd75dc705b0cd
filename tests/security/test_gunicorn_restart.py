"""A gunicorn master started again right after a SIGKILL binds its port at once.

When the master dies by SIGKILL (the OOM killer, a container runtime), its workers live on
for a moment holding the listening socket; a new master then failed with "Connection in
use" and retried for seconds. With gunicorn 27 the workers go with their master and the
socket is bound with SO_REUSEADDR, so it binds at once; this test keeps it so.

And a worker recycled after max_requests is replaced without a request lost (it leaves
through ankleapp.serving.exit_worker_at_once).
"""

import os
import signal
import subprocess
import sys
import time

import pytest

from loadtest.harness import children_of, fetch
from tests.security.helpers import PROJECT_DIR, production_environment
from tests.security.test_production_probe import free_port

pytestmark = pytest.mark.concurrency


def start(env: dict[str, str], log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "ankleapp.wsgi", "-c", "gunicorn.conf.py"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def wait_for_health(url: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if fetch(url, "GET", "/healthz", timeout=2).status == 200:
                return True
        except OSError:
            time.sleep(0.05)
    return False


def migrated_app(tmp_path, **overrides: str) -> tuple[dict[str, str], str]:
    """The production environment on a fresh, migrated SQLite file and a free port: (env, url)."""
    port = free_port()
    env = production_environment(
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_ACCESS_LOG="False",
        **overrides,
    )
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=PROJECT_DIR, env=env, capture_output=True
    )
    assert migrate.returncode == 0, migrate.stderr
    return env, f"http://127.0.0.1:{port}"


@pytest.mark.parametrize("victims", ["master only", "master and workers"])
def test_a_master_restarted_right_after_a_sigkill_binds_at_once(tmp_path, victims):
    env, url = migrated_app(tmp_path, WEB_CONCURRENCY="2")
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    second = None
    with first_log.open("w") as log:
        first = start(env, log)
    try:
        assert wait_for_health(url, 60), first_log.read_text()[-2000:]
        workers = children_of(first.pid)
        assert workers
        if victims == "master only":
            os.kill(first.pid, signal.SIGKILL)  # the workers live on, holding the socket
        else:
            os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        with second_log.open("w") as log:
            second = start(env, log)
        started = time.monotonic()
        assert wait_for_health(url, 30), second_log.read_text()[-2000:]
        took = time.monotonic() - started
        assert "Connection in use" not in second_log.read_text(), second_log.read_text()[-2000:]
        assert took < 15, f"the new master took {took:.1f} s to serve"
    finally:
        for process in (first, second):
            if process is not None:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait(timeout=10)


def test_a_recycled_worker_is_replaced_and_every_request_is_answered(tmp_path):
    # One worker, recycled every 10 requests: it leaves through exit_worker_at_once
    # (ankleapp/serving.py) and the master replaces it each time.
    env, url = migrated_app(
        tmp_path, WEB_CONCURRENCY="1", GUNICORN_MAX_REQUESTS="10", GUNICORN_MAX_REQUESTS_JITTER="0", LOG_FORMAT="plain"
    )
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("w") as log:
        server = start(env, log)
    try:
        assert wait_for_health(url, 60), log_path.read_text()[-2000:]
        statuses = [fetch(url, "GET", "/healthz", timeout=10).status for _ in range(45)]
        assert statuses == [200] * 45
        assert server.poll() is None  # the master lives on
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    text = log_path.read_text()
    assert text.count("Autorestarting worker after current request") >= 4, text[-2000:]
    assert text.count("Booting worker with pid") >= 5, text[-2000:]
    assert "Exception during worker exit" not in text, text[-2000:]
    assert "exited with code" not in text, text[-2000:]
    assert server.returncode == 0
