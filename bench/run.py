"""The performance benchmark: the app under gunicorn, measured with wrk.

    .venv/bin/python bench/run.py            # about 2 minutes; prints tables and PASS/FAIL
    .venv/bin/python bench/run.py --sweep    # compares gunicorn worker settings instead

What one run does, all on loopback and in a temporary directory removed at the end:

1. a fresh SQLite database (migrate), collectstatic, and four runners: one with no
   history, one with a year and one with ten years of daily completions, one for the
   mark-done POST; their streak summaries are rebuilt as after an import (bench/data.py);
2. two gunicorn servers with the production settings (DEBUG off) and the repository's
   gunicorn.conf.py, started by the harness the load test shares (loadtest/harness.py):
   the app, and bench/ceiling.py (bare Django, no middleware, no database) as the ceiling;
3. signed-in session cookies made with the session store, a CSRF token read from the
   Today page, and a check that each request does what it should before any load;
4. rounds of wrk (16 connections, a few seconds each) alternating between the ceiling,
   Today, the calendar month, the mark-done POST and the hashed CSS file; the median
   of the rounds is reported, with the peak memory of the app's workers (bench/measure.py);
5. the page weight of Today and the calendar (HTML, CSS and JavaScript as served),
   and the time of the pure streak and calendar arithmetic over ten years;
6. a table, the same table in Markdown for the README dated and with this command,
   and PASS/FAIL per target (bench/report.py).

It reports; it is not a test: the exit code is 0 whatever the figures, 1 only when the
benchmark itself could not run (2 for bad arguments, 130 on Ctrl-C).
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import FrameType

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import report  # noqa: E402
from bench.data import build_database, csrf_for, plan_slug, session_cookie, setup_django  # noqa: E402
from bench.measure import (  # noqa: E402
    BenchError,
    MemorySampler,
    Scenario,
    find_wrk,
    page_weight,
    run_rounds,
    say,
    server_pss_kb,
    time_arithmetic,
)
from bench.report import CALENDAR_NEW, CALENDAR_OLD, FLOOR, MARK, TODAY  # noqa: E402
from loadtest.harness import Server, production_env  # noqa: E402


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5, help="length of one wrk run (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="alternated rounds per row (default 3)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections (default 16)")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs, database)")
    parser.add_argument(
        "--settings",
        default="bench.settings",
        help="Django settings module to measure (default bench.settings: production's, plus the floor page;"
        " put a variant that imports it on PYTHONPATH)",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="measure on this database (a throwaway PostgreSQL: it gets migrated and filled) instead of a fresh"
        " SQLite file; default $DATABASE_URL",
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


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as `uptime` prints them."""
    try:
        return ", ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def bench_env(workdir: Path, args: argparse.Namespace) -> dict[str, str]:
    """The production environment, pointed at the bench's own files and its variant, if any."""
    database = (
        {"DATABASE_URL": args.database_url} if args.database_url else {"SQLITE_PATH": str(workdir / "db.sqlite3")}
    )
    own_files = {
        "DJANGO_SETTINGS_MODULE": args.settings,
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
    }
    return production_env(database, {**own_files, **args.env})


def start(servers: dict[str, Server]) -> None:
    for server in servers.values():
        server.launch()
    for server in servers.values():
        server.wait_ready()


def run_sweep(
    wrk: str, env: dict[str, str], workdir: Path, users: dict, args: argparse.Namespace, command: str
) -> None:
    """Today and the ceiling under each worker setting, all servers up, rounds alternated."""
    servers: dict[str, Server] = {}
    for label, workers, threads in SWEEP:
        slug = label.replace(" ", "")
        servers[f"ceiling {label}"] = Server(
            env,
            workdir / f"ceiling-{slug}.log",
            app="bench.ceiling:application",
            ready_path="/",
            workers=workers,
            threads=threads,
        )
        servers[f"app {label}"] = Server(env, workdir / f"app-{slug}.log", workers=workers, threads=threads)
    try:
        start(servers)
        cookie, _ = csrf_for(servers["app sync x 2"], session_cookie(users["ten-year"]))
        scenarios = [
            Scenario(name, server, "/", expect_text="ok", is_ceiling=True)
            if name.startswith("ceiling")
            else Scenario(name, server, "/", cookie=cookie, expect_text='data-testid="progress"')
            for name, server in servers.items()
        ]
        for scenario in scenarios:
            scenario.check()
        memory = MemorySampler(servers)
        memory.start()
        run_rounds(wrk, scenarios, args)
        memory.stop()
        pss = {name: server_pss_kb(server) for name, server in servers.items()}
    finally:
        for server in servers.values():
            server.stop()
    report.print_sweep([label for label, _, _ in SWEEP], scenarios, memory, pss, args, command)


def run_once(wrk: str, env: dict[str, str], workdir: Path, users: dict, args: argparse.Namespace, command: str) -> None:
    """The full run: every row, page weights, memory, the marks stored; then the report."""
    servers = {
        "app": Server(env, workdir / "app.log"),
        "ceiling": Server(env, workdir / "ceiling.log", app="bench.ceiling:application", ready_path="/"),
    }
    app, ceiling = servers["app"], servers["ceiling"]
    arithmetic = time_arithmetic()  # first, on a machine the servers do not load yet
    try:
        start(servers)
        say(f"gunicorn: app on {app.url}, ceiling on {ceiling.url}")
        from django.contrib.staticfiles.storage import staticfiles_storage

        css_path = staticfiles_storage.url("css/app.css")  # the hashed name, from the manifest
        # Each runner's browser: the session cookie, then the CSRF cookie its first page set,
        # sent back with every request (so no request mints a new CSRF secret).
        browsers = {name: csrf_for(app, session_cookie(user)) for name, user in users.items()}
        cookies = {name: cookie for name, (cookie, _) in browsers.items()}
        marker_cookie, csrf_token = browsers["marker"]
        progress, calendar_cell = 'data-testid="progress"', "data-status="
        scenarios = [
            Scenario('Ceiling: bare Django "ok"', ceiling, "/", expect_text="ok", is_ceiling=True),
            Scenario(FLOOR, app, "/bench/floor/", cookies["ten-year"], expect_text='data-testid="floor"'),
            Scenario(TODAY, app, "/", cookies["ten-year"], expect_text=progress),
            Scenario("Today, new runner", app, "/", cookies["new"], expect_text=progress),
            Scenario(CALENDAR_OLD, app, "/calendar/", cookies["ten-year"], expect_text=calendar_cell),
            Scenario(CALENDAR_NEW, app, "/calendar/", cookies["new"], expect_text=calendar_cell),
            Scenario(
                MARK,
                app,
                "/track/mark/",
                marker_cookie,
                method="POST",
                body=f"csrfmiddlewaretoken={csrf_token}&exercise={plan_slug()}",
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
        memory.pss_kb = server_pss_kb(app)
    finally:
        for server in servers.values():
            server.stop()

    from tracking.models import Completion

    marks = Completion.objects.filter(user=users["marker"]).count()
    if marks != 1:
        raise BenchError(f"the mark-done POSTs stored {marks} completions, not 1")
    report.print_report(scenarios, memory, weights, arithmetic, report.gunicorn_description(env), args, command)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    command = shlex.join([".venv/bin/python", "bench/run.py", *argv])
    if os.environ.get("DATABASE_URL") and not any(arg.startswith("--database-url") for arg in argv):
        command = f"DATABASE_URL=<a throwaway PostgreSQL> {command}"
    started = time.monotonic()
    args.load_before = load_average()
    try:
        wrk = find_wrk()
    except (BenchError, subprocess.CalledProcessError) as error:
        say(f"The benchmark could not run: {error}")
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="ankles-bench-"))

    def stop_on_signal(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGHUP, stop_on_signal)
    try:
        env = bench_env(workdir, args)
        say(f"Working in {workdir}")
        say("Database: migrate, collectstatic, runners with 0, 1 and 10 years of history ...")
        setup_django(env)
        users = build_database()
        if args.sweep:
            run_sweep(wrk, env, workdir, users, args, command)
        else:
            run_once(wrk, env, workdir, users, args, command)
        say(f"\nBenchmark took {time.monotonic() - started:.0f} s.")
        return 0
    except (BenchError, RuntimeError) as error:
        say(f"\nThe benchmark could not run: {error}")
        return 1
    except KeyboardInterrupt:
        say("\nInterrupted; stopping gunicorn.")
        return 130
    finally:
        if args.keep:
            say(f"Kept {workdir} (database, static files, gunicorn logs).")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
