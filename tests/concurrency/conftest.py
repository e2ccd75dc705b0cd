"""A real gunicorn on a fresh database for the concurrency tests, and their `concurrency` marker."""

import pytest

from loadtest.database import fresh_database, prepare
from loadtest.harness import Server, production_env


@pytest.fixture(scope="module")
def live_app(tmp_path_factory):
    """gunicorn with 3 worker processes x 4 threads, so requests race across processes and
    database connections as in production; on SQLite, or PostgreSQL when DATABASE_URL is set."""
    workdir = tmp_path_factory.mktemp("concurrency")
    database = fresh_database(workdir, label="concurrency")
    try:
        env = production_env(database.env)
        prepare(env)
        with Server(env, workdir / "gunicorn.log", workers=3, threads=4) as server:
            yield server, database
    finally:
        database.drop()
