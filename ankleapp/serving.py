"""What gunicorn.conf.py hands to gunicorn: the access logger, the master's warm-up hook, the
workers' exit hook and the log configuration. gunicorn.conf.py itself only reads settings
from the environment."""

import logging
import os
import sys
from pathlib import Path
from typing import Any

from gunicorn.glogging import Logger

from ankleapp.logging import stdout_logging


class RequestLogger(Logger):
    """gunicorn's logger, with each access line as a record whose fields a collector can index."""

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if not self.access_log.isEnabledFor(logging.INFO):
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        fields = {
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "status": int(status),
            "duration_ms": round(request_time.total_seconds() * 1000, 2),
            "bytes": getattr(resp, "sent", None),
            "remote": environ.get("REMOTE_ADDR"),
            "user_agent": environ.get("HTTP_USER_AGENT"),
        }
        self.access_log.info(
            "%s %s %s %.1fms", fields["method"], fields["path"], fields["status"], fields["duration_ms"], extra=fields
        )


def warm_up_urlconf(server: Any) -> None:
    """With preload_app, import every view and compile the project's templates once in the
    master, before the first fork.

    Django imports the URLconf and so every view module (allauth, admin...) on the first
    request of each process: about 150 ms of CPU measured per fresh worker, paid again
    after every max_requests recycle. A fresh worker's first Today then took 40 ms more,
    mostly compiling templates. Done here, the workers inherit both copy-on-write. Nothing
    here touches the database: a connection opened before the fork would be shared.
    """
    if not server.cfg.preload_app:
        return  # the master never loaded Django
    try:
        from django.urls import get_resolver

        get_resolver().reverse_dict  # noqa: B018  (imports the URLconf and builds the lookup tables)
        compiled = warm_up_templates()
        server.log.info("Warmed up the URLconf and %d templates in the master", compiled)
    except Exception:  # a warm-up must never stop the server; the first request will say more
        server.log.exception("Could not warm up the URLconf in the master")


def warm_up_templates() -> int:
    """Compile every template under the project's templates folder into the engine's
    cached loader (with DEBUG off; DEBUG reloads them anyway). Returns how many."""
    from django.conf import settings
    from django.template.loader import get_template

    if settings.DEBUG:
        return 0
    count = 0
    # The benchmark's ceiling app configures no template engine at all.
    folders: list[Any] = settings.TEMPLATES[0].get("DIRS", []) if settings.TEMPLATES else []  # type: ignore[assignment]
    for folder in folders:
        root = Path(folder)
        for path in sorted(root.rglob("*.html")):
            get_template(path.relative_to(root).as_posix())
            count += 1
    return count


def exit_worker_at_once(server: Any, worker: Any) -> None:
    """gunicorn's `worker_exit` hook: a worker leaving normally (recycled after max_requests,
    or stopped) ends without Python's interpreter teardown.

    After the worker's last request, gunicorn calls sys.exit(0), and Python then tears the
    process down, freeing its objects one by one (in a worker forked from the preloaded
    master, writing to pages it shared with the master copies them first). A child forked
    from a process holding the benchmark's bare ceiling app took 190-196 ms from sys.exit
    to being reaped, 2.7 ms with os._exit. The master forks the replacement only once the
    old worker is gone: with one worker every recycle stalled the waiting requests for
    about 200 ms, and two workers sharing the load evenly are often recycled together.
    With this hook the stall was about 17 ms.

    What Python's exit would do that matters is done here first: the database connections
    are closed (PostgreSQL gets its goodbye; SQLite's WAL is checkpointed by the last
    connection as usual) and the log handlers flushed. Any other exit (a worker that could
    not boot, a crash, with its exit code that tells the master to stop or to log it) goes
    on as gunicorn wrote it, and so does the master, which gunicorn also calls this from
    for a worker already gone.
    """
    if os.getpid() != worker.pid:
        return
    leaving = sys.exception()  # the SystemExit that gunicorn's `finally` is propagating
    if not isinstance(leaving, SystemExit) or leaving.code not in (0, None):
        return
    try:
        from django.db import connections

        connections.close_all()
    finally:
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


def log_config(*, log_format: str, level: str, access_log: bool) -> dict[str, Any]:
    """gunicorn's logs to stdout, one record per line, formatted like Django's (JSON or plain).

    Each access line carries method, path, status and duration as fields (RequestLogger).
    Turning the access log off raises its level above INFO, so RequestLogger.access
    returns before building anything.
    """
    return {
        **stdout_logging(log_format),
        "loggers": {
            "gunicorn.error": {"level": level.upper(), "handlers": ["stdout"], "propagate": False},
            "gunicorn.access": {
                "level": "INFO" if access_log else "WARNING",
                "handlers": ["stdout"],
                "propagate": False,
            },
        },
        # Replaces gunicorn's default root config (whose handler this dict does not define);
        # Django's LOGGING takes the root over once the app loads.
        "root": {"level": "INFO", "handlers": ["stdout"]},
    }
