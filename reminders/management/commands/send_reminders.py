"""Send the reminders that are due: one pass, or a pass every minute with --loop."""

import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django.utils import timezone as django_timezone

from reminders.services import PassResult, send_due_reminders

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Send every due daily reminder once (exactly once per runner and day, even with several senders)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep making passes until stopped.")
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between passes (with --loop).")

    def handle(self, *args, loop: bool = False, interval: float = 60.0, **options):
        stopping = False

        def stop(signum, frame) -> None:
            nonlocal stopping
            stopping = True

        if loop:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        while True:
            started = time.monotonic()
            try:
                result = send_due_reminders(now=django_timezone.now())
            except DatabaseError as error:
                if not loop:
                    raise
                # The database is away (restarting, failing over): the next pass tries again.
                log.warning("Reminder pass failed: %s", error)
                result = PassResult()
            if result.sent or result.skipped or result.failed or options["verbosity"] > 1:
                self.stdout.write(f"Reminders: {result.sent} sent, {result.skipped} skipped, {result.failed} failed.")
            if not loop:
                return
            # A long-lived process: drop a connection that broke or outlived its age.
            close_old_connections()
            while not stopping and time.monotonic() - started < interval:
                time.sleep(min(1.0, interval))
            if stopping:
                return
