"""Two senders at once on one database (two processes, as on two machines) send each due
runner exactly one reminder: the claim's unique constraint decides, not a read-then-write.

Runs on a fresh SQLite file, or on a fresh PostgreSQL database beside $DATABASE_URL."""

import re
import subprocess

import pytest

from loadtest.harness import PYTHON, REPO, fresh_database, manage, server_env

RUNNERS = 30
ZONES = ["Europe/London", "America/New_York", "Asia/Tokyo", "Pacific/Auckland", "UTC", "America/Los_Angeles"]

# Every runner's reminder is at local midnight, switched on long ago: all are due now.
MAKE_RUNNERS = f"""
import datetime as dt
from accounts.models import User
from reminders.models import ReminderSettings
zones = {ZONES!r}
for number in range({RUNNERS}):
    user = User.objects.create_user(
        email=f"runner{{number}}@example.com", password="x" * 12, timezone=zones[number % len(zones)]
    )
    ReminderSettings.objects.create(user=user, enabled=True, remind_at=dt.time(0, 0), days="every",
                                    changed_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
"""


@pytest.fixture
def database_env(tmp_path):
    database = fresh_database(tmp_path, label="reminders")
    try:
        # No EMAIL_HOST: the console backend prints every email to the sender's stdout.
        env = server_env(database, {"EMAIL_HOST": "", "LOG_LEVEL": "WARNING"})
        manage(env, "migrate", "--noinput")
        manage(env, "shell", "-c", MAKE_RUNNERS)
        yield env
    finally:
        database.drop()


def test_two_senders_at_once_send_one_email_per_runner(database_env):
    senders = [
        subprocess.Popen(
            [PYTHON, "manage.py", "send_reminders"], cwd=REPO, env=database_env, stdout=subprocess.PIPE, text=True
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
