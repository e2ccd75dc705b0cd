"""Where a request's CPU goes: the real WSGI handler, in this process, in a loop.

    .venv/bin/python bench/inprocess.py                       # Today, ten-year runner: ms of CPU a request
    .venv/bin/python bench/inprocess.py --path /calendar/ --runner new
    .venv/bin/python bench/inprocess.py --cprofile 30         # and the 30 costliest functions (own time)
    .venv/bin/python bench/inprocess.py --path /bench/floor/ --settings bench.settings
    .venv/bin/python bench/inprocess.py --instructions          # instructions a request, under valgrind

The same production settings (DEBUG off) and the same database as `make bench` (a fresh
SQLite file in a temporary directory, or `DATABASE_URL` / `--database-url`), with the
same runners; the request carries the session and the CSRF cookie as a browser would.
No gunicorn, no sockets: the figure is the app's own CPU a request (process time),
which moves little with the machine's load. Compare it with the benchmark's "server
CPU per request", which adds gunicorn's HTTP parsing and the kernel's socket work, and
in which the same code costs more, run in bursts rather than back to back
(bench/README.md): this figure is a lower bound.

CPU time still moves by 10-20% from one run to the next on a shared machine, more than
most single changes save. `--instructions` counts instead: the script runs again under
valgrind's callgrind (Debian's `valgrind`), which counts the instructions the process
executes while the timed requests run (collection is switched on and off around them
with `callgrind_control`), and prints their number a request. Runs of the same code agree
within about 0.4% (each builds a fresh database), whatever the machine is doing, so two
versions of the code compare where CPU time cannot (the count is not time: a cache miss
or a system call costs no more instructions than a hit or a function call).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.data import HISTORY_DAYS, build_database, session_cookie, setup_django  # noqa: E402
from loadtest.harness import production_env  # noqa: E402


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", default="/", help="the page (default /, Today)")
    parser.add_argument("--method", default="GET", choices=["GET", "POST"])
    parser.add_argument("--body", default="", help="form body of a POST; {csrf} stands for the token")
    parser.add_argument("--runner", default="ten-year", choices=[*HISTORY_DAYS, "marker"])
    parser.add_argument("--requests", type=int, help="requests per timed round (default 2000; counted: 100)")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds; the median is printed (default 5)")
    parser.add_argument("--cprofile", type=int, default=0, metavar="N", help="also print the N costliest functions")
    parser.add_argument("--settings", default="bench.settings", help="Django settings module (default bench.settings)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count the instructions a request under valgrind instead (--requests of them, default 100)",
    )
    parser.add_argument("--under-callgrind", action="store_true", help=argparse.SUPPRESS)  # the counted run
    args = parser.parse_args(argv)
    if args.requests is None:
        args.requests = 100 if args.instructions else 2000  # valgrind runs it about 50 times slower
    return args


def count_instructions(argv: list[str], requests: int) -> int:
    """Run this script again under callgrind and print the instructions a request; the exit status."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        print("--instructions needs valgrind (Debian: apt-get install valgrind)", file=sys.stderr)
        return 2
    rest = [arg for arg in argv if arg != "--instructions"]
    command = [valgrind, "--tool=callgrind", "--instr-atstart=no", "--callgrind-out-file=/dev/null"]
    command += [sys.executable, __file__, *rest, "--under-callgrind", "--requests", str(requests)]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    collected = [line.split(":")[-1] for line in run.stderr.splitlines() if "Collected :" in line]
    if run.returncode != 0 or not collected:
        print(run.stderr[-3000:], file=sys.stderr)
        return run.returncode or 1
    print("\n".join(line for line in run.stderr.splitlines() if not line.startswith("==")), file=sys.stderr)
    total = int(collected[-1].strip().replace(",", ""))
    print(f"Instructions a request: {total / requests / 1e6:.3f} million ({requests} requests, callgrind)")
    return 0


def callgrind_collect(on: bool) -> None:
    """Switch callgrind's counting on or off for this process (it waits for the answer)."""
    switch = ["callgrind_control", f"--instr={'on' if on else 'off'}", str(os.getpid())]
    subprocess.run(switch, capture_output=True, check=True)


def environ_for(method: str, path: str, cookie: str, body: bytes) -> dict:
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_COOKIE": cookie,
        "HTTP_ACCEPT": "text/html",
        "HTTP_ACCEPT_ENCODING": "gzip, deflate, br",
        "HTTP_ORIGIN": "http://127.0.0.1:8000",
        "CONTENT_TYPE": "application/x-www-form-urlencoded" if body else "",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.instructions:
        return count_instructions(argv, args.requests)
    workdir = Path(tempfile.mkdtemp(prefix="ankles-profile-"))
    try:
        database = (
            {"DATABASE_URL": args.database_url} if args.database_url else {"SQLITE_PATH": str(workdir / "db.sqlite3")}
        )
        extra = {
            "DJANGO_SETTINGS_MODULE": args.settings,
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
        }
        setup_django(production_env(database, extra))
        users = build_database()
        from django.core.wsgi import get_wsgi_application
        from django.db import connection

        handler = get_wsgi_application()
        statuses: list[str] = []
        set_cookies: list[str] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info=None) -> None:
            statuses.append(status)
            set_cookies.extend(value for name, value in headers if name.lower() == "set-cookie")

        def request(cookie: str, body: bytes = b"") -> bytes:
            result = handler(environ_for(args.method, args.path, cookie, body), start_response)
            try:
                return b"".join(result)
            finally:
                result.close()

        # A browser: the session cookie, then the CSRF cookie the first page sets.
        cookie = session_cookie(users[args.runner])
        method, path = args.method, args.path
        args.method, args.path = "GET", "/"
        page = request(cookie).decode()
        jar: SimpleCookie = SimpleCookie()
        for header in set_cookies:
            jar.load(header)
        cookie += "".join(f"; {name}={morsel.value}" for name, morsel in jar.items())
        token = jar["csrftoken"].value if "csrftoken" in jar else ""
        args.method, args.path = method, path
        body = args.body.replace("{csrf}", token).encode()
        statuses.clear()
        request(cookie, body)
        print(
            f"{args.method} {args.path} as the {args.runner} runner: {statuses[-1]}, "
            f"{len(request(cookie, body)):,} bytes, {connection.vendor}",
            file=sys.stderr,
        )
        del page

        for _ in range(200):  # warm up (the plan cache, the template loaders, the URL resolver)
            request(cookie, body)
        if args.under_callgrind:
            callgrind_collect(True)
            for _ in range(args.requests):
                request(cookie, body)
            callgrind_collect(False)
            return 0
        rounds = []
        for _ in range(args.rounds):
            started = time.process_time()
            for _ in range(args.requests):
                request(cookie, body)
            rounds.append((time.process_time() - started) / args.requests * 1000)
        bad = [status for status in statuses if not status.startswith(("200", "302"))]
        print(
            f"CPU a request: {statistics.median(rounds):.3f} ms (median of {args.rounds} rounds of "
            f"{args.requests}: {' '.join(f'{r:.3f}' for r in rounds)})" + (f"; bad statuses: {bad[:3]}" if bad else "")
        )
        if args.cprofile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.requests):
                request(cookie, body)
            profiler.disable()
            stats = pstats.Stats(profiler)
            stats.sort_stats("tottime").print_stats(args.cprofile)
            stats.sort_stats("cumulative").print_stats(args.cprofile)
        return 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
