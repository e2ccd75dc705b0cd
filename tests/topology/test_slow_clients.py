"""Slow clients hold nginx connections, never the app's sync workers.

The attack the probe used: 4 connections each sending one more header line every 5 s, for
30 s. Against gunicorn's sync workers directly it takes both workers of a server; through
nginx, /healthz and Today keep answering everyone else.
"""

import socket
import ssl
import threading
import time
import urllib.parse

import pytest

from loadtest.harness import fetch

pytestmark = pytest.mark.topology

ATTACK_SECONDS = 30
LINE_EVERY = 5


def slow_connection(url: str, stop: threading.Event, opened: list[int]) -> None:
    """Send a request's header one line at a time, reconnecting whenever the server hangs up."""
    parts = urllib.parse.urlsplit(url)
    while not stop.is_set():
        try:
            raw = socket.create_connection((parts.hostname, parts.port), timeout=10)
            if parts.scheme == "https":
                context = ssl._create_unverified_context()
                raw = context.wrap_socket(raw, server_hostname=parts.hostname)
            opened.append(1)
            with raw:
                raw.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                line = 0
                while not stop.wait(LINE_EVERY):
                    line += 1
                    raw.sendall(f"X-Slow-{line}: {'a' * 20}\r\n".encode())
        except OSError:
            stop.wait(0.5)  # hung up on (a timeout): come back, as an attacker would


def attack(url: str, connections: int = 4) -> tuple[threading.Event, list[threading.Thread], list[int]]:
    stop, opened = threading.Event(), []
    threads = [
        threading.Thread(target=slow_connection, args=(url, stop, opened), daemon=True) for _ in range(connections)
    ]
    for thread in threads:
        thread.start()
    return stop, threads, opened


def test_slow_clients_leave_health_and_today_answering_through_the_proxy(whole_topology):
    topology = whole_topology
    runner, _email = topology.new_runner()
    stop, threads, opened = attack(topology.base_url)
    answered, slow = 0, []
    try:
        started = time.monotonic()
        while time.monotonic() - started < ATTACK_SECONDS:
            for path, fetcher in (
                ("/healthz", lambda: fetch(topology.base_url, "GET", "/healthz", timeout=5)),
                ("/", lambda: runner.get("/")),
            ):
                asked = time.monotonic()
                reply = fetcher()
                took = time.monotonic() - asked
                assert reply.status == 200, (path, reply.status)
                if path == "/":
                    assert "Today" in reply.body
                if took > 2:
                    slow.append(f"{path} {took:.1f} s")
                answered += 1
            time.sleep(1)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=15)
    assert len(opened) >= 4, "the slow connections never opened"
    assert answered >= 40
    assert not slow, f"answers slowed by the attack: {slow}"


def test_without_the_proxy_the_same_attack_takes_an_app_servers_workers(whole_topology):
    """The control: gunicorn's sync workers, reached directly, wait on the slow clients.

    This is why gunicorn binds to loopback and is never exposed: only nginx talks to it.
    """
    topology = whole_topology
    direct = topology.app_urls[0]
    stop, threads, _opened = attack(direct, connections=4)
    try:
        time.sleep(3)
        with pytest.raises(OSError):  # a timeout: no worker free to answer
            fetch(direct, "GET", "/healthz", timeout=5)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=15)
    # Once the attackers leave, it answers again.
    assert fetch(direct, "GET", "/healthz", timeout=30).status == 200
