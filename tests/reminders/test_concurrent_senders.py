"""Two senders at once on one database (two processes, as on two machines) send each due
runner exactly one reminder: the claim's unique constraint decides, not a read-then-write.

Runs on a fresh SQLite file, or on a fresh PostgreSQL database beside $DATABASE_URL."""

import os
import re
import secrets
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

RUNNERS = 30
ZONES = ["Europe/London", "America/New_York", "Asia/Tokyo", "Pacific/Auckland", "UTC", "America/Los_Angeles"]

# Every runner's reminder is at local midnight, switched on long ago: all are due now.
# No password: they never sign in, and production's Argon2 took 6 s to hash 30 of them.
MAKE_RUNNERS = f"""
import datetime as dt
from accounts.models import User
from reminders.models import ReminderSettings
zones = {ZONES!r}
for number in range({RUNNERS}):
    user = User.objects.create_user(
        email=f"runner{{number}}@example.com", password=None, timezone=zones[number % len(zones)]
    )
    ReminderSettings.objects.create(user=user, enabled=True, remind_at=dt.time(0, 0), days="every",
                                    changed_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
"""


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def database_env(tmp_path):
    """The production settings on a new database: a SQLite file, or PostgreSQL beside $DATABASE_URL."""
    env = {name: value for name, value in os.environ.items() if name not in ("DJANGO_SETTINGS_MODULE", "SQLITE_PATH")}
    # No EMAIL_HOST: the console backend prints every email to the sender's stdout.
    env.update(DEBUG="False", SECRET_KEY=secrets.token_urlsafe(50), EMAIL_HOST="", LOG_LEVEL="WARNING")
    given = os.environ.get("DATABASE_URL", "")
    name = f"ankles_reminders_{secrets.token_hex(4)}"
    if given:
        import psycopg

        with psycopg.connect(given, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = urllib.parse.urlsplit(given)._replace(path=f"/{name}").geturl()
    else:
        env["SQLITE_PATH"] = str(tmp_path / "db.sqlite3")
    try:
        manage(env, "migrate", "--noinput")
        manage(env, "shell", "-c", MAKE_RUNNERS)
        yield env
    finally:
        if given:
            with psycopg.connect(given, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_two_senders_at_once_send_one_email_per_runner(database_env):
    senders = [
        subprocess.Popen(
            [sys.executable, "manage.py", "send_reminders"],
            cwd=REPO,
            env=database_env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [sender.communicate(timeout=300)[0] for sender in senders]
    assert [sender.returncode for sender in senders] == [0, 0]

    recipients = re.findall(r"^To: (runner\d+@example.com)$", "".join(outputs), flags=re.MULTILINE)
    assert sorted(recipients) == sorted(f"runner{number}@example.com" for number in range(RUNNERS))
    sent = [int(n) for output in outputs for n in re.findall(r"Reminders: (\d+) sent", output)]
    print("reminders sent by each sender:", sent)
    assert sum(sent) == RUNNERS

    # A third pass finds everyone already reminded today.
    assert "To: " not in manage(database_env, "send_reminders")
