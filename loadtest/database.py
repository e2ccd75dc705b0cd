"""The database of a load or concurrency run, and plain SQL to check what it holds.

The database is SQLite (a new file) by default. When DATABASE_URL is set (the PostgreSQL
run of CI), a new PostgreSQL database is created beside the one it names, and dropped
afterwards. An existing deployment's database can be checked too (`Database.existing`).
Results are read back with plain SQL (sqlite3 / psycopg), never through the app, so a
check cannot share a bug with the code it checks.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import subprocess
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loadtest.harness import PYTHON, REPO

# Every completion with its natural key spelled out.
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
PLAN_SQL = "SELECT slug FROM routines_exercise WHERE in_plan ORDER BY position, id"


@dataclass
class Database:
    """A database for one run: its settings for the server, and plain SQL to check it."""

    kind: str  # "sqlite" or "postgresql"
    env: dict[str, str]  # SQLITE_PATH or DATABASE_URL, for the server's environment
    path: Path | None = None
    url: str | None = None
    admin_url: str | None = None  # the DATABASE_URL we were given, to drop ours from
    name: str | None = None

    @classmethod
    def existing(cls, url: str) -> Database:
        """A deployment's own database (a DATABASE_URL, or sqlite:///path): checked, never dropped."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme == "sqlite":
            path = Path(parts.path)
            return cls(kind="sqlite", env={"SQLITE_PATH": str(path)}, path=path)
        return cls(kind="postgresql", env={"DATABASE_URL": url}, url=url, name=parts.path.lstrip("/"))

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.kind == "sqlite":
            assert self.path is not None
            connection = sqlite3.connect(self.path, timeout=30)
            try:
                return connection.execute(sql).fetchall()
            finally:
                connection.close()
        import psycopg

        assert self.url is not None
        with psycopg.connect(self.url) as connection:
            return connection.execute(sql).fetchall()  # type: ignore[arg-type]

    def completions(self) -> list[tuple[str, str, str]]:
        """Every stored completion as (email, exercise slug, YYYY-MM-DD)."""
        return [(email, slug, str(day)) for email, slug, day in self.query(COMPLETIONS_SQL)]

    def duplicates(self) -> list[tuple[Any, ...]]:
        return self.query(DUPLICATES_SQL)

    def plan_slugs(self) -> list[str]:
        """The slugs of the plan's exercises, in plan order."""
        return [slug for (slug,) in self.query(PLAN_SQL)]

    def describe(self) -> str:
        if self.kind == "sqlite":
            return f"SQLite file {self.path}"
        return f"PostgreSQL database {self.name}"

    def drop(self) -> None:
        if self.kind != "postgresql" or self.admin_url is None:
            return  # a SQLite file lives in the caller's temporary directory; a deployment's is not ours
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            # FORCE: a killed worker's connection may linger for a moment. FORCE refuses to end
            # a backend of another role, such as an autovacuum worker busy with the freshly
            # filled tables (PostgreSQL 15 here: "must be a member of the role whose process
            # is being terminated"); such a worker finishes in a moment, so the drop is tried
            # again for up to ten seconds.
            give_up_at = time.monotonic() + 10
            while True:
                try:
                    connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')  # type: ignore[arg-type]
                    return
                except psycopg.errors.InsufficientPrivilege:
                    if time.monotonic() > give_up_at:
                        raise
                    time.sleep(0.5)


def fresh_database(workdir: Path, *, label: str) -> Database:
    """A new, empty database: PostgreSQL beside $DATABASE_URL when it is set, else SQLite."""
    given = os.environ.get("DATABASE_URL", "")
    if not given:
        path = workdir / "db.sqlite3"
        return Database(kind="sqlite", env={"SQLITE_PATH": str(path)}, path=path)
    import psycopg

    name = f"ankles_{label}_{secrets.token_hex(4)}"
    with psycopg.connect(given, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    url = urllib.parse.urlsplit(given)._replace(path=f"/{name}").geturl()
    return Database(kind="postgresql", env={"DATABASE_URL": url}, url=url, admin_url=given, name=name)


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
    manage(env, "shell", "-c", CREATE_USERS, stdin=json.dumps(users))
