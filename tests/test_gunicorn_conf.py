"""gunicorn.conf.py reads the environment with the app's own helpers (ankleapp/env.py).

Each case loads the file in a fresh process with a clean environment, as gunicorn does.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.security.helpers import production_environment, run_python

REPO = Path(__file__).resolve().parent.parent
PROBE = (
    "import json, runpy; c = runpy.run_path('gunicorn.conf.py'); "
    "print(json.dumps({k: c[k] for k in ('bind', 'reuse_port', 'workers', 'threads', 'worker_class', "
    "'preload_app', 'control_socket_disable')}))"
)


def config(**env: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=REPO, env={"PATH": "/usr/bin:/bin", **env}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_it_listens_on_loopback_by_default_on_one_shared_socket():
    loaded = config()
    assert loaded["bind"] == ["127.0.0.1:8000"]
    assert loaded["reuse_port"] is False  # per-worker queues reset their waiting connections
    assert loaded["control_socket_disable"] is True


def test_port_and_gunicorn_bind_choose_the_address():
    assert config(PORT="9000")["bind"] == ["127.0.0.1:9000"]
    assert config(GUNICORN_BIND="0.0.0.0:8000, unix:/tmp/a.sock")["bind"] == ["0.0.0.0:8000", "unix:/tmp/a.sock"]


def test_threads_above_one_select_the_gthread_worker():
    loaded = config(WEB_CONCURRENCY="3", GUNICORN_THREADS="4", GUNICORN_PRELOAD="False")
    assert (loaded["workers"], loaded["threads"], loaded["worker_class"]) == (3, 4, "gthread")
    assert loaded["preload_app"] is False


@pytest.mark.parametrize(("name", "value"), [("WEB_CONCURRENCY", "two"), ("GUNICORN_PRELOAD", "maybe")])
def test_a_malformed_value_stops_it_with_the_variables_name(name, value):
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", name: value},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert f"{name} must be" in result.stderr


def test_the_master_compiles_the_templates_before_forking_without_touching_the_database():
    # No database fixture: pytest-django refuses any query, and the warm-up would log it.
    from types import SimpleNamespace

    from django.template import engines

    from ankleapp.serving import warm_up_urlconf

    loader = engines["django"].engine.template_loaders[0]  # the cached loader (DEBUG off)
    loader.reset()
    logged: list[tuple] = []
    server = SimpleNamespace(
        cfg=SimpleNamespace(preload_app=True),
        log=SimpleNamespace(
            info=lambda *args: logged.append(args), exception=lambda *args: logged.append(("!",) + args)
        ),
    )
    warm_up_urlconf(server)
    compiled = {key.split(":")[0] for key in loader.get_template_cache}
    assert {"base.html", "tracking/today.html", "tracking/calendar.html", "includes/streaks.html"} <= compiled
    assert logged and logged[0][0] == "Warmed up the URLconf and %d templates in the master" and logged[0][1] > 40


def test_the_warm_up_compiles_nothing_for_an_app_without_templates(settings):
    # The benchmark's ceiling (bench/ceiling.py) configures no template engine; its master
    # logged the warm-up as an error on every start.
    from ankleapp.serving import warm_up_templates

    settings.DEBUG = False
    settings.TEMPLATES = []
    assert warm_up_templates() == 0


# --- A worker leaving: exit_worker_at_once (gunicorn's worker_exit hook) ------------------

# gunicorn's worker process at its end: inside its `finally`, with the SystemExit on its
# way out, it calls the hook. The database was written to, so SQLite keeps a WAL file
# beside it until its last connection is closed.
LEAVING = """
import atexit, logging, os, sys
from types import SimpleNamespace
import django
django.setup()
from django.db import connection
from ankleapp.serving import exit_worker_at_once
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS t (x integer)")
    cursor.execute("INSERT INTO t VALUES (1)")
assert os.path.exists(os.environ["SQLITE_PATH"] + "-wal")
atexit.register(lambda: print("python's teardown ran", flush=True))
logging.getLogger("gunicorn.error").warning("last words")
print("a print still in the buffer")  # stdout is a pipe: block-buffered
pid = int(os.environ.get("WORKER_PID") or os.getpid())
try:
    sys.exit(int(os.environ["EXIT_CODE"]))
finally:
    exit_worker_at_once(None, SimpleNamespace(pid=pid))
"""


def leave(tmp_path: Path, exit_code: int, worker_pid: str = "") -> subprocess.CompletedProcess:
    environment = production_environment(
        SQLITE_PATH=str(tmp_path / "db.sqlite3"), LOG_FORMAT="plain", EXIT_CODE=str(exit_code), WORKER_PID=worker_pid
    )
    return run_python(LEAVING, environment)


def test_a_worker_leaving_normally_skips_pythons_teardown_after_closing_the_database_and_logs(tmp_path):
    result = leave(tmp_path, 0)
    assert result.returncode == 0, result.stderr
    assert "python's teardown ran" not in result.stdout
    assert "last words" in result.stdout + result.stderr  # what was logged and printed reached the pipe
    assert "a print still in the buffer" in result.stdout
    assert not (tmp_path / "db.sqlite3-wal").exists()  # the connection was closed: SQLite removed its WAL


def test_a_worker_that_failed_keeps_its_exit_code_and_pythons_teardown(tmp_path):
    # 3 is gunicorn's "worker failed to boot": the master must see it to stop.
    result = leave(tmp_path, 3)
    assert result.returncode == 3, result.stderr
    assert "python's teardown ran" in result.stdout


def test_called_in_the_master_for_a_worker_already_gone_it_does_nothing(tmp_path):
    result = leave(tmp_path, 0, worker_pid="1")  # a pid that is not this process
    assert result.returncode == 0, result.stderr
    assert "python's teardown ran" in result.stdout
