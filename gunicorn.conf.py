"""Production gunicorn settings: `gunicorn ankleapp.wsgi -c gunicorn.conf.py`.

Everything a deployment may need to change comes from the environment, like the
Django settings; the defaults are the ones measured by `bench/run.py` on a 2-core
machine. The benchmark serves the app with this same file.

Environment:
  GUNICORN_BIND / PORT       address(es) to listen on; default 0.0.0.0:$PORT, PORT 8000
  WEB_CONCURRENCY            worker processes (default: one per CPU, at least 2)
  GUNICORN_THREADS           threads per worker; above 1 selects the gthread worker (1)
  GUNICORN_TIMEOUT           seconds a silent worker lives before it is killed (30)
  GUNICORN_GRACEFUL_TIMEOUT  seconds a worker gets to finish on restart or stop (20)
  GUNICORN_KEEPALIVE         seconds an idle keep-alive connection stays open, gthread only (5)
  GUNICORN_MAX_REQUESTS      requests before a worker is recycled, 0 = never (5000)
  GUNICORN_MAX_REQUESTS_JITTER  random extra requests per worker (a tenth of the above)
  GUNICORN_PRELOAD           "false" to import the app in each worker instead (true)
  GUNICORN_ACCESS_LOG        "false" to drop the access log (true)
  GUNICORN_CONTROL_SOCKET    path of gunicorn's control socket for gunicornc (off unless set)
  LOG_LEVEL, LOG_FORMAT      as for Django: level of gunicorn's own log; json or plain
"""

import logging
import os

from gunicorn.glogging import Logger

from ankleapp.logging import stdout_logging


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("true", "1", "yes", "on"):
        return True
    if value in ("false", "0", "no", "off"):
        return False
    raise ValueError(f"{name} must be true or false, not {value!r}")


def _cpus() -> int:
    # The CPUs this process may run on (a container's cpuset), not every CPU of the host.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# --- Where to listen -----------------------------------------------------------------
if os.environ.get("GUNICORN_BIND"):
    bind = [address.strip() for address in os.environ["GUNICORN_BIND"].split(",") if address.strip()]
else:
    bind = [f"0.0.0.0:{_env_int('PORT', 8000)}"]

# --- Workers -------------------------------------------------------------------------
# Measured with `bench/run.py --sweep` on a quiet 2-core machine (Today page signed in,
# 16 connections; bench/README.md has the tables). Sync workers, one per CPU, served
# the most Today pages with the lowest p99, on SQLite and on a local PostgreSQL alike:
#   SQLite      sync x2 365 req/s p99 63 ms | x3 312/76 | x4 299/72 | x5 292/76 | gthread 2x4 351/87
#   PostgreSQL  sync x2 310 req/s p99 72 ms | x3 274/94 | x4 237/99 | x5 217/99 | gthread 3x4 272/188
# A page is pure CPU (a few sub-millisecond queries), so a process beyond one per core
# only adds context switches and ~30 MB. With the database on another machine, workers
# wait on the network: try WEB_CONCURRENCY at 1.5-2x the CPUs and measure. Sync workers
# want a buffering proxy in front (any load balancer or nginx); exposed directly to slow
# clients, set GUNICORN_THREADS=4 for the gthread worker, which was within 5% here.
workers = _env_int("WEB_CONCURRENCY", max(_cpus(), 2))
threads = _env_int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# --- Time limits ---------------------------------------------------------------------
# No page does slow work: 30 s is only a backstop against a stuck worker.
timeout = _env_int("GUNICORN_TIMEOUT", 30)
# On deploy or scale-down, let in-flight requests finish (well within the 30 s most
# orchestrators wait before SIGKILL).
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 20)
# Only the gthread worker keeps connections open. Behind a load balancer that reuses
# connections, set it above the balancer's idle timeout, so gunicorn never closes a
# connection the balancer is about to send on.
keepalive = _env_int("GUNICORN_KEEPALIVE", 5)

# Recycle workers now and then so a slow leak (in us or a library) cannot grow without
# bound; the jitter keeps all workers from restarting in the same second. With
# preload_app a restart is a fork (milliseconds), and the new worker's first requests
# pay for filling its template and URL caches, so not too often.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", max(max_requests // 10, 0))

# Import Django and the app once in the master, then fork: workers share those pages
# (copy-on-write), start in milliseconds when recycled, and a broken deploy fails at
# boot instead of in a restart loop. Nothing opens a database connection at import
# time, so no connection is shared across the fork.
preload_app = _env_bool("GUNICORN_PRELOAD", True)


def when_ready(server):
    """With preload_app, import every view once in the master, before the first fork.

    Django imports the URLconf and so every view module (allauth, admin...) on the first
    request of each process: about 150 ms of CPU measured per fresh worker, paid again
    after every max_requests recycle. Done here, the workers inherit it copy-on-write.
    """
    if not server.cfg.preload_app:
        return  # the master never loaded Django
    try:
        from django.urls import get_resolver

        get_resolver().reverse_dict  # imports the URLconf and builds the lookup tables
    except Exception:  # a warm-up must never stop the server; the first request will say more
        server.log.exception("Could not warm up the URLconf in the master")


# --- Logs: to stdout, one line per event, JSON like the app's (ankleapp/logging.py) ----
# gunicorn writes its error log to stderr and a fixed-format access line; instead both
# go through a logging config: stdout, one record per request carrying method, path,
# status and duration as fields, formatted by the app's JsonFormatter (LOG_FORMAT=plain
# for people reading a terminal, the default when DEBUG is on, as in settings.py).


class RequestLogger(Logger):
    """gunicorn's logger, with each access line as a record whose fields a collector can index."""

    def access(self, resp, req, environ, request_time):
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


logger_class = RequestLogger
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
_debug = os.environ.get("DEBUG", "") in ("True", "true", "1")
_log_format = os.environ.get("LOG_FORMAT") or ("plain" if _debug else "json")
logconfig_dict = {
    **stdout_logging(_log_format),
    "loggers": {
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["stdout"], "propagate": False},
        # Off = above INFO: RequestLogger.access returns before building anything.
        "gunicorn.access": {
            "level": "INFO" if _env_bool("GUNICORN_ACCESS_LOG", True) else "WARNING",
            "handlers": ["stdout"],
            "propagate": False,
        },
    },
    # Replaces gunicorn's default root config (whose handler this dict does not define);
    # Django's LOGGING takes the root over once the app loads.
    "root": {"level": "INFO", "handlers": ["stdout"]},
}

# --- Process details -----------------------------------------------------------------
proc_name = "strongerankles"
# Heartbeat files in memory, not on a disk that may stall (gunicorn's advice for containers).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicorn's control socket lives in $HOME by default and a second instance on the
# same host takes it over; we do not use `gunicornc`, so it is off unless asked for.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
