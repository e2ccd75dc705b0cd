"""Django's PostgreSQL backend, with the health check at the start of each request made
without a round trip to the server.

    DATABASES["default"]["ENGINE"] = "ankleapp.db.postgresql"   (ankleapp/settings.py)

With persistent connections and `CONN_HEALTH_CHECKS`, Django runs `SELECT 1` before the
first statement of every request, so that a connection the server has ended since the
last request (a restart, a terminated backend, an idle timeout) is replaced instead of
failing the runner's page. That is one more round trip on every page: about 80 µs of the
worker's CPU here, a tenth of the signed-in floor page's.

A server that ends a connection says so on the socket: it sends its error message and
closes, and the socket becomes readable. An idle connection in autocommit, between two
requests, has nothing to read. So the check first asks the operating system whether
anything has arrived (`poll` with no wait): nothing, and the connection is used as it is;
anything at all, or a connection that psycopg already knows is closed, broken or not idle,
and Django's own `SELECT 1` decides, as before. A connection pool is left to do its own
checks, as in Django.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
    # Set by Django's wrapper (django-stubs does not declare them).
    health_check_enabled: bool
    health_check_done: bool

    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and not self.pool
            and self.health_check_enabled
            and not self.health_check_done
            and self.server_said_nothing()
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def server_said_nothing(self) -> bool:
        """The connection is open and idle, and nothing has arrived on its socket since
        the last statement's answer was read."""
        connection = self.connection
        if connection.closed or connection.broken:
            return False
        pgconn = connection.pgconn
        if pgconn.status != pq.ConnStatus.OK or pgconn.transaction_status != pq.TransactionStatus.IDLE:
            return False
        poller = select.poll()
        poller.register(pgconn.socket, select.POLLIN | select.POLLPRI)
        return not poller.poll(0)
