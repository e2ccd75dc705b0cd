"""Production gunicorn settings: `gunicorn ankleapp.wsgi -c gunicorn.conf.py`.

Everything a deployment may need to change comes from the environment, like the
Django settings; the defaults are the ones measured by `bench/run.py` on a 2-core
machine. The benchmark serves the app with this same file.

Environment:
  GUNICORN_BIND / PORT      address to listen on (default 0.0.0.0:8000, for containers)
  WEB_CONCURRENCY           worker processes (default: see WORKERS below)
  GUNICORN_THREADS          threads per worker; above 1 selects the gthread worker
  GUNICORN_TIMEOUT          seconds a silent worker lives before it is killed (30)
  GUNICORN_GRACEFUL_TIMEOUT seconds a worker gets to finish on restart/stop (20)
  GUNICORN_MAX_REQUESTS     requests before a worker is recycled, 0 = never (5000)
  GUNICORN_ACCESS_LOG       "false" to turn the access log off (on by default)
  GUNICORN_PRELOAD          "false" to import the app in each worker instead (on by default)
  GUNICORN_CONTROL_SOCKET   path of gunicorn's control socket (off unless set)
  LOG_LEVEL                 gunicorn's error log level (info)
"""

import logging
import os

from gunicorn.glogging import Logger


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


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
# Measured with `bench/run.py --sweep` on 2 cores (Today page, signed in, 16 connections,
# wrk on the same machine): see bench/README.md for the table. The request work is pure
# CPU (SQLite reads are in-process and sub-millisecond), so more processes than cores
# only add context switches and memory; one spare process per core-pair covers the
# moments a worker waits on SQLite's write lock or on a slow client. Sync workers were
# at least as fast as gthread on every page measured, and are simpler.
WORKERS_PER_CPU_DEFAULT = 1
workers = _env_int("WEB_CONCURRENCY", _cpus() * WORKERS_PER_CPU_DEFAULT + 1)
threads = _env_int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# --- Time limits ---------------------------------------------------------------------
# No page does slow work: 30 s is only a backstop against a stuck worker.
timeout = _env_int("GUNICORN_TIMEOUT", 30)
# On deploy or scale-down, let in-flight requests finish (well within the 30 s most
# orchestrators wait before SIGKILL).
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 20)
# Only the gthread worker keeps connections open; behind a load balancer that reuses
# connections, this should exceed nothing of the balancer's idle timeout.
keepalive = _env_int("GUNICORN_KEEPALIVE", 5)

# Recycle workers now and then so a slow leak (in us or a library) cannot grow without
# bound; the jitter keeps all workers from restarting in the same second. High enough
# that at benchmark rates (~1,000 requests/s) a worker restarts every few seconds at
# most, never mid-burst for every worker at once.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", max(max_requests // 10, 0))

# Import Django and the app once in the master, then fork: workers share those pages
# (copy-on-write), start in milliseconds when recycled, and a broken deploy fails at
# boot instead of in a restart loop. Nothing opens a database connection at import
# time, so no connection is shared across the fork.
preload_app = _env_bool("GUNICORN_PRELOAD", True)

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
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "ankleapp.logging.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": _log_format},
    },
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
