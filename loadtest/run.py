"""Load and fault test: many runners at once, one app process killed mid-run, nothing lost.

    .venv/bin/python loadtest/run.py [--users 40] [--seconds 60]     (or: make loadtest)
    .venv/bin/python loadtest/run.py --base-url URL --database-url URL [--users N] [--seconds S]

Without --base-url it starts gunicorn (gunicorn.conf.py, loopback only) on a fresh
database: a new SQLite file, or a new PostgreSQL database beside $DATABASE_URL when it
is set; halfway through, one gunicorn worker gets SIGKILL and the master must fork a new
one while the load goes on. With --base-url it loads an already-running deployment and
checks the database named by --database-url afterwards (no fault injected: a caller
that wants one uses `loadtest.load.run_load(at_half_time=...)`).

The runners and the check are described in loadtest/load.py. Exit status 0 on PASS,
1 on FAIL.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loadtest import report  # noqa: E402
from loadtest.database import Database, fresh_database, prepare  # noqa: E402
from loadtest.harness import Server, production_env  # noqa: E402
from loadtest.load import LoadResult, run_load  # noqa: E402

SUCCESS = "every acknowledged completion is stored, none twice, and no acknowledged undo came back."


def say(message: str) -> None:
    print(message, flush=True)


def kill_a_worker(server: Server) -> list[str]:
    """SIGKILL one worker and watch the master replace it; the problems, if any."""
    before = server.worker_pids()
    if not before:
        return ["no worker was found to kill: the fault was not injected"]
    killed = server.kill_worker()
    killed_at = time.monotonic()
    say(f"SIGKILL worker {killed} (workers were {before})")
    while time.monotonic() < killed_at + 15:
        now = server.worker_pids()
        if killed not in now and len(now) >= len(before):
            say(f"the master forked a replacement in {time.monotonic() - killed_at:.2f} s: workers {now}")
            return []
        time.sleep(0.02)
    return [f"the master did not replace killed worker {killed} within 15 s"]


def database_url(database: Database) -> str:
    return database.url or f"sqlite:///{database.path}"


def run_local(args: argparse.Namespace, database: Database, workdir: Path) -> list[str]:
    """Prepare, serve, load, kill, check. Returns the problems found (none means PASS)."""
    # The runners play the part of a TLS proxy too, so trust one X-Forwarded-For hop.
    env = production_env(database.env, {"TRUSTED_PROXIES": "127.0.0.1", "ALLAUTH_TRUSTED_PROXY_COUNT": "1"})
    say("Stronger Ankles load and fault test")
    say(f"  database   {database.describe()}")
    say("  preparing  migrate (and collectstatic if stale)...")
    prepare(env)
    server = Server(env, workdir / "gunicorn.log", workers=args.workers, threads=args.threads)
    with server:
        say(f"  server     {' '.join(server.command[2:])} on {server.url}")
        say(f"             master {server.master_pid}, workers {server.settled_workers()}")
        kill_at = args.kill_at if args.kill_at is not None else args.seconds / 2
        say(f"  load       {args.users} runners for {args.seconds:g} s; one worker is killed at {kill_at:g} s\n")
        result = run_load(
            base_url=server.url,
            database_url=database_url(database),
            runners=args.users,
            seconds=args.seconds,
            at_half_time=lambda: kill_a_worker(server),
            callback_at=kill_at,
            seed=args.seed,
            say=say,
        )
        if not server.running:
            result.problems.append("the gunicorn master died")
    locked = server.log_text().count("database is locked")
    if locked:
        result.problems.append(f'the server log says "database is locked" {locked} times')
    print_result(result, locked=locked)
    return result.problems


def print_result(result: LoadResult, *, locked: int | None = None) -> None:
    say(f"  seed       {result.seed}")
    report.print_requests(result)
    report.print_completions(result, locked=locked)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--users", type=int, default=40, help="simulated runners (default 40)")
    parser.add_argument("--seconds", type=float, default=60, help="how long the load lasts (default 60)")
    parser.add_argument("--seed", type=int, default=None, help="random seed, to replay a run's choices")
    local = parser.add_argument_group("a local gunicorn (the default)")
    local.add_argument("--kill-at", type=float, default=None, help="when to kill a worker, in seconds (default: half)")
    local.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: gunicorn.conf.py)")
    local.add_argument("--threads", type=int, default=None, help="threads per worker (default: gunicorn.conf.py)")
    local.add_argument("--keep", action="store_true", help="keep the server log and the database afterwards")
    remote = parser.add_argument_group("a running deployment")
    remote.add_argument("--base-url", help="load this deployment instead, e.g. http://127.0.0.1:8080")
    remote.add_argument("--database-url", help="its database, checked afterwards (postgres://… or sqlite:///path)")
    args = parser.parse_args()

    if args.base_url:
        if not args.database_url:
            parser.error("--base-url needs --database-url, to check what was stored")
        say(f"Stronger Ankles load test against {args.base_url}")
        result = run_load(
            base_url=args.base_url,
            database_url=args.database_url,
            runners=args.users,
            seconds=args.seconds,
            seed=args.seed,
            say=say,
        )
        print_result(result)
        report.print_verdict(result.problems, SUCCESS)
        return 1 if result.problems else 0

    workdir = Path(tempfile.mkdtemp(prefix="ankles-loadtest-"))
    database = fresh_database(workdir, label="loadtest")
    problems = ["the run did not finish"]
    try:
        problems = run_local(args, database, workdir)
    finally:
        if args.keep or problems:
            say(f"\n  kept for a look: {workdir}/gunicorn.log and the {database.describe()}")
        else:
            database.drop()
            shutil.rmtree(workdir, ignore_errors=True)
    report.print_verdict(problems, f"one worker killed and replaced under load; {SUCCESS}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
