"""Production gunicorn settings: `gunicorn ankleapp.wsgi -c gunicorn.conf.py`.

Every value comes from the environment through the same helpers as the Django settings
(ankleapp/env.py); the logger and the warm-up hook live in ankleapp/serving.py. The
benchmark serves the app with this file, and its worker sweep (bench/README.md) chose the
defaults: one sync worker per CPU served the most pages with the lowest p99.

Environment (also in the README's configuration table):
  GUNICORN_BIND              address(es) to listen on, comma-separated (default 127.0.0.1:$PORT)
  PORT                       port of the default address (8000)
  WEB_CONCURRENCY            worker processes (one per CPU, at least 2)
  GUNICORN_THREADS           threads per worker; above 1 selects the gthread worker (1)
  GUNICORN_TIMEOUT           seconds a silent worker lives before it is killed (30)
  GUNICORN_GRACEFUL_TIMEOUT  seconds a worker gets to finish on restart or stop (20)
  GUNICORN_KEEPALIVE         seconds an idle keep-alive connection stays open, gthread only (5)
  GUNICORN_MAX_REQUESTS      requests before a worker is recycled, 0 = never (5000)
  GUNICORN_MAX_REQUESTS_JITTER  random extra requests per worker (a tenth of the above)
  GUNICORN_PRELOAD           False to import the app in each worker instead (True)
  GUNICORN_ACCESS_LOG        False to drop the access log (True)
  GUNICORN_CONTROL_SOCKET    path of gunicorn's control socket for gunicornc (off unless set)
  LOG_LEVEL, LOG_FORMAT      as for Django: level of gunicorn's own log; json or plain
"""

import os

from ankleapp.env import cpu_count, env_bool, env_int, env_list, env_str
from ankleapp.serving import exit_worker_at_once, log_config, warm_up_urlconf

# Loopback unless told otherwise: a proxy on the same host (nginx) or a container's
# published port (the Dockerfile sets GUNICORN_BIND=0.0.0.0:8000) decides who reaches us.
bind = env_list("GUNICORN_BIND") or [f"127.0.0.1:{env_int('PORT', 8000)}"]
# One listening socket shared by the workers (no SO_REUSEPORT). With reuse_port, gunicorn
# gives each worker a socket and an accept queue of its own, and every connection waiting
# in a worker's queue is reset when that worker is recycled (max_requests) or killed: the
# benchmark saw thousands of resets. A master started again right after a SIGKILL still
# binds at once (SO_REUSEADDR; tests/security/test_gunicorn_restart.py).
reuse_port = False

# Sync workers want a buffering proxy in front; exposed directly to slow clients, set
# GUNICORN_THREADS=4 for the gthread worker, which was within 5% in the sweep.
workers = env_int("WEB_CONCURRENCY", max(cpu_count(), 2))
threads = env_int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# No page does slow work: the timeout is only a backstop against a stuck worker. On
# deploy, in-flight requests finish well within the 30 s most orchestrators wait.
timeout = env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 20)
# gthread only: keep it above a load balancer's idle timeout.
keepalive = env_int("GUNICORN_KEEPALIVE", 5)

# Recycle workers now and then so a slow leak cannot grow without bound. The jitter spreads
# the restarts, but workers that share the load evenly still often go within a second of
# each other: a worker leaving normally skips Python's teardown (exit_worker_at_once), so a
# recycle leaves its place empty for ~17 ms instead of ~200 ms.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", max(max_requests // 10, 0))
worker_exit = exit_worker_at_once

# Import Django once in the master, then fork: workers share those pages, start in
# milliseconds when recycled, and a broken deploy fails at boot. Nothing opens a database
# connection at import time, so none is shared across the fork.
preload_app = env_bool("GUNICORN_PRELOAD", True)
when_ready = warm_up_urlconf

logger_class = "ankleapp.serving.RequestLogger"
loglevel = env_str("LOG_LEVEL", "info").lower()
logconfig_dict = log_config(
    log_format=env_str("LOG_FORMAT") or ("plain" if env_bool("DEBUG") else "json"),
    level=loglevel,
    access_log=env_bool("GUNICORN_ACCESS_LOG", True),
)

proc_name = "strongerankles"
# Heartbeat files in memory, not on a disk that may stall (gunicorn's advice for containers).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicorn's control socket lives in $HOME by default and a second instance on the same
# host takes it over; we do not use gunicornc, so it is off unless asked for.
control_socket = env_str("GUNICORN_CONTROL_SOCKET")
control_socket_disable = not control_socket
