"""Two app servers behind nginx: one SIGKILLed under load, and state shared through Redis and PostgreSQL.

The load test (loadtest/load.py) drives simulated runners through nginx for 30 s; at half
time one app server, master and workers, is killed with SIGKILL. nginx sends the traffic
to the other; every completion a runner was told was saved is stored once, no undo it was
told of comes back, and no runner is signed out (sessions live in PostgreSQL, read through
Redis, so either server knows every session).
"""

import socket
import time
from urllib.parse import urlsplit

import pytest

from loadtest.harness import fetch
from loadtest.load import run_load
from tests.topology.conftest import NGINX_FAIL_TIMEOUT, PASSWORD, wait_until

pytestmark = pytest.mark.topology

TOO_MANY = "Too many failed login attempts"


def as_proxied(url: str) -> dict[str, str]:
    """Headers for a request straight to an app server, as nginx would pass it (trusted from loopback)."""
    return {"X-Forwarded-Proto": "https", "Origin": url.replace("http://", "https://")}


def refuses_connections(url: str) -> bool:
    address = urlsplit(url)
    try:
        socket.create_connection((address.hostname, address.port), timeout=1).close()
    except ConnectionRefusedError:
        return True
    except OSError:  # a full backlog lets the connect time out: the server is still there
        return False
    return False


def test_the_load_test_with_one_app_server_killed_halfway(whole_topology):
    topology = whole_topology
    killed: dict[str, float] = {}

    def kill_one_app_server() -> list[str]:
        topology.kill_app(0)
        if not wait_until(lambda: refuses_connections(topology.app_urls[0]), 10):
            return ["app server 1 still took connections 10 s after SIGKILL"]
        killed["gone_at"] = time.monotonic()
        return []

    result = run_load(
        base_url=topology.base_url,
        database_url=topology.database_url,
        runners=16,
        seconds=30,
        at_half_time=kill_one_app_server,
        forwarded_for=False,  # nginx sets X-Forwarded-For itself
        say=lambda line: None,
    )
    try:
        assert result.problems == [], result.problems
        assert killed, "the half-time callback never ran"
        lost = [entry for tally in result.tallies for entry in tally.lost_in_flight]
        # Only what app server 1 held when it died is lost: the requests its 2 workers were
        # serving and those queued in its listen backlog (with 16 runners, up to about 8).
        # Whatever was sent once its port refused connections went to app server 2: nginx
        # passes a refused connect to the next server, POSTs included.
        after = [what for what, sent_at in lost if sent_at >= killed["gone_at"]]
        assert after == [], (after, lost)
        requests = sum(tally.requests for tally in result.tallies)
        assert requests > 100, requests
        assert result.stored.expected > 0
        with pytest.raises(OSError):
            fetch(topology.app_urls[0], "GET", "/healthz", timeout=3)
        assert fetch(topology.base_url, "GET", "/healthz", timeout=5).status == 200
    finally:
        topology.restart_app(0)
        time.sleep(NGINX_FAIL_TIMEOUT + 1)


def test_a_session_made_on_one_app_server_works_on_the_other(whole_topology):
    topology = whole_topology
    runner, email = topology.new_runner()
    for url in topology.app_urls:
        runner.base_url = url
        page = runner.request("GET", "/settings/", headers=as_proxied(url))
        assert page.status == 200, (url, page.status)
        assert email in page.body, f"{url} did not know the session"


def test_the_login_lockout_holds_across_app_servers(whole_topology):
    topology = whole_topology
    _runner, email = topology.new_runner()
    attacker = topology.browser(topology.app_urls[0])
    for attempt in range(5):
        url = topology.app_urls[attempt % 2]  # alternate: app 1, app 2, app 1...
        attacker.base_url = url
        attacker.request("GET", "/accounts/login/", headers=as_proxied(url))
        reply = attacker.request(
            "POST", "/accounts/login/", {"login": email, "password": f"wrong-{attempt}"}, headers=as_proxied(url)
        )
        assert reply.status == 200 and "not correct" in reply.body, (attempt, url, reply.status, reply.body[-2000:])
    for url in topology.app_urls + [topology.base_url]:
        browser = topology.browser(url)
        headers = as_proxied(url) if url != topology.base_url else {}
        browser.request("GET", "/accounts/login/", headers=headers)
        reply = browser.request("POST", "/accounts/login/", {"login": email, "password": PASSWORD}, headers=headers)
        assert reply.status == 200 and TOO_MANY in reply.body, f"{url} let the locked account in: {reply.status}"


def test_the_killed_app_server_comes_back_and_takes_traffic_again(whole_topology):
    topology = whole_topology
    topology.kill_app(1)
    assert fetch(topology.base_url, "GET", "/healthz", timeout=5).status == 200
    topology.restart_app(1)
    assert wait_until(lambda: fetch(topology.app_urls[1], "GET", "/healthz", timeout=3).status == 200, 20)
