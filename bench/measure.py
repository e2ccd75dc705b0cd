"""What the benchmark measures: wrk runs against a gunicorn, the CPU and memory of its
processes, the weight of a page as served, and the pure streak and calendar arithmetic.

Nothing here prints a report (bench/report.py does); progress goes to stderr.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import threading
import time
import timeit
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from loadtest.harness import Server, fetch

WRK_SCRIPT = Path(__file__).resolve().parent / "wrk.lua"
# What a browser sends; WhiteNoise picks the brotli file for it.
ACCEPT_ENCODING = "gzip, deflate, br"
TEN_YEARS = 3652  # days of history of the longest-serving runner


class BenchError(RuntimeError):
    """The benchmark could not run as designed (not: the figures are bad)."""


def say(message: str = "") -> None:
    print(message, file=sys.stderr, flush=True)


def find_wrk() -> str:
    wrk = shutil.which("wrk") or ("/usr/bin/wrk" if os.path.exists("/usr/bin/wrk") else None)
    if wrk:
        return wrk
    if os.geteuid() != 0:
        raise BenchError("wrk is not installed: sudo apt-get install -y wrk")
    say("Installing wrk (apt-get install -y wrk) ...")
    apt_env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    installed = subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=apt_env, capture_output=True)
    if installed.returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=apt_env, check=True, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=apt_env, check=True, capture_output=True)
    wrk = shutil.which("wrk")
    if not wrk:
        raise BenchError("wrk is still missing after apt-get install")
    return wrk


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


# CPython's configure options for profile-guided and link-time optimisation. The official
# Docker images (the Dockerfile's base) use both; pyenv's default build uses neither.
OPTIMISING_FLAGS = ("--enable-optimizations", "--with-lto")


def python_build() -> str:
    """The interpreter's version and whether its configure line asked for PGO and LTO.

    The same Python code costs more CPU on a build without them (bench/README.md), so a
    figure says which kind of build it came from. Distributions may optimise without
    these flags (Debian's packaging does); this reports the configure line only.
    """
    config_args = str(sysconfig.get_config_var("CONFIG_ARGS") or "")
    used = [flag for flag in OPTIMISING_FLAGS if flag in config_args]
    how = f"configured with {' '.join(used)}" if used else f"configured without {' or '.join(OPTIMISING_FLAGS)}"
    return f"Python {platform.python_version()} ({how})"


# --- Processes: CPU time and memory ------------------------------------------------


def proc_status_kb(pid: int, key: str) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def proc_pss_kb(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def proc_cpu_seconds(pid: int, *, with_reaped_children: bool = False) -> float:
    """CPU time (user + system) of a process; with its exited children's if asked."""
    with contextlib.suppress(OSError, IndexError, ValueError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])  # utime, stime
        if with_reaped_children:
            ticks += int(fields[13]) + int(fields[14])  # cutime, cstime: recycled workers
        return ticks / CLOCK_TICKS
    return 0.0


def server_cpu_seconds(server: Server) -> float:
    """CPU time of a gunicorn master and all its workers, past and present."""
    if not server.running:
        return 0.0
    master = proc_cpu_seconds(server.master_pid, with_reaped_children=True)
    return master + sum(proc_cpu_seconds(pid) for pid in server.worker_pids())


def machine_busy_seconds() -> float:
    """CPU time spent by everything on the machine (all CPUs), from /proc/stat."""
    with contextlib.suppress(OSError, IndexError, ValueError):
        values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = values[3] + values[4]  # idle, iowait
        return (sum(values[:8]) - idle) / CLOCK_TICKS
    return 0.0


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class MemorySampler(threading.Thread):
    """Samples the peak resident memory (VmHWM) of each server's workers.

    Workers are recycled (max_requests), and a new process starts a new peak, so the
    workers are sampled all along rather than once at the end.
    """

    def __init__(self, servers: dict[str, Server], interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.servers = servers
        self.interval = interval
        self.peak_kb = dict.fromkeys(servers, 0)
        self.pids: dict[str, set[int]] = {name: set() for name in servers}
        self.pss_kb = 0  # filled in by the caller at the end: master + workers, shared pages split
        self.stopping = threading.Event()

    def sample(self) -> None:
        for name, server in self.servers.items():
            for pid in server.worker_pids():
                self.pids[name].add(pid)
                self.peak_kb[name] = max(self.peak_kb[name], proc_status_kb(pid, "VmHWM"))

    def run(self) -> None:
        while not self.stopping.wait(self.interval):
            self.sample()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=5)
        self.sample()


def server_pss_kb(server: Server) -> int:
    """Memory of a gunicorn master and its workers, shared pages split between them."""
    return sum(proc_pss_kb(pid) for pid in [server.master_pid, *server.worker_pids()]) if server.running else 0


# --- Scenarios and wrk -------------------------------------------------------------


ERROR_KEYS = ("status_errors", "connect_errors", "read_errors", "write_errors", "timeouts")


@dataclass
class Scenario:
    name: str
    server: Server
    path: str
    cookie: str = ""
    method: str = "GET"
    body: str = ""
    expect_status: int = 200
    expect_text: str = ""  # proves the request did what it claims (signed in, right page)
    is_ceiling: bool = False
    results: list[dict] = field(default_factory=list)

    def check(self) -> None:
        headers = {"Accept-Encoding": "identity"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if self.body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        response = fetch(self.server.url, self.method, self.path, headers=headers, body=self.body or None)
        if response.status != self.expect_status:
            raise BenchError(f"{self.name}: {self.method} {self.path} gave {response.status}, not {self.expect_status}")
        if self.expect_status == 302 and response.header("Location") != "/":
            raise BenchError(f"{self.name}: redirected to {response.header('Location')!r}, not to Today")
        if self.expect_text and self.expect_text not in response.body:
            raise BenchError(f"{self.name}: the response lacks {self.expect_text!r}")
        # A browser sends back the CSRF cookie it was given; Django then renews the same
        # secret (a page with a form sets the cookie again to extend it) but mints no new one.
        sent = dict(part.strip().split("=", 1) for part in self.cookie.split(";") if "=" in part)
        for name, value in response.headers:
            cookie_name, _, rest = value.partition("=")
            if name.lower() == "set-cookie" and cookie_name.endswith("csrftoken") and cookie_name in sent:
                if rest.split(";", 1)[0] != sent[cookie_name]:
                    raise BenchError(f"{self.name}: the app minted a new CSRF secret although the request sent one")

    def median(self, key: str) -> float:
        return statistics.median(result[key] for result in self.results)

    def total(self, key: str) -> int:
        return sum(result[key] for result in self.results)

    @property
    def rps(self) -> float:
        return self.median("rps")

    @property
    def p50_ms(self) -> float:
        return self.median("p50_us") / 1000

    @property
    def p99_ms(self) -> float:
        return self.median("p99_us") / 1000

    @property
    def cpu_ms(self) -> float:
        return self.median("cpu_ms")

    @property
    def errors(self) -> int:
        """Responses other than 2xx/3xx, plus connect/read/write errors and timeouts."""
        return sum(self.total(key) for key in ERROR_KEYS)


def run_wrk(wrk: str, scenario: Scenario, *, seconds: float, connections: int, threads: int) -> dict:
    env = os.environ | {
        "BENCH_METHOD": scenario.method,
        "BENCH_BODY": scenario.body,
        "BENCH_COOKIE": scenario.cookie,
        "BENCH_ACCEPT_ENCODING": ACCEPT_ENCODING,
    }
    command = [
        wrk,
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{seconds:g}s",
        "--timeout",
        "2s",
        "-s",
        str(WRK_SCRIPT),
        scenario.server.url + scenario.path,
    ]
    server_before = server_cpu_seconds(scenario.server)
    machine_before, wrk_before, started = machine_busy_seconds(), children_cpu_seconds(), time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=seconds + 60)
    wall = time.monotonic() - started
    server_cpu = server_cpu_seconds(scenario.server) - server_before
    wrk_cpu = children_cpu_seconds() - wrk_before
    others_cpu = max(machine_busy_seconds() - machine_before - server_cpu - wrk_cpu, 0.0)
    line = next((line for line in done.stdout.splitlines() if line.startswith("BENCH-JSON ")), None)
    if done.returncode != 0 or line is None:
        raise BenchError(f"wrk failed for {scenario.name} ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    result = json.loads(line.removeprefix("BENCH-JSON "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    # Server CPU per request does not depend on what else runs on the machine; requests/s does.
    result["cpu_ms"] = 1000 * server_cpu / max(result["requests"], 1)
    result["others_cpus"] = others_cpu / wall  # CPUs' worth used by everything else meanwhile
    result["wrk_cpus"] = wrk_cpu / wall
    return result


def run_rounds(wrk: str, scenarios: list[Scenario], args, *, warmup: float = 1.0) -> None:
    say(f"Warming up each scenario for {warmup:g} s ...")
    for scenario in scenarios:
        run_wrk(wrk, scenario, seconds=warmup, connections=args.connections, threads=args.wrk_threads)
    for round_number in range(1, args.rounds + 1):
        # Each round starts one row later, so no row always follows the same neighbour
        # (a worker recycled by the static-file row, say, or a cache the row before warmed).
        shift = (round_number - 1) % len(scenarios)
        for scenario in scenarios[shift:] + scenarios[:shift]:
            result = run_wrk(
                wrk, scenario, seconds=args.seconds, connections=args.connections, threads=args.wrk_threads
            )
            scenario.results.append(result)
            bad = sum(result[key] for key in ERROR_KEYS)
            say(
                f"  round {round_number}/{args.rounds}  {scenario.name:<28} {result['rps']:8.0f} req/s"
                f"  p50 {result['p50_us'] / 1000:6.2f} ms  p99 {result['p99_us'] / 1000:6.2f} ms"
                f"  server CPU {result['cpu_ms']:5.2f} ms/req  everything else {result['others_cpus']:4.2f} CPUs"
                + (f"  errors {bad}" if bad else "")
            )


# --- Page weight -------------------------------------------------------------------


class AssetFinder(HTMLParser):
    """The URLs a browser fetches on its own when it loads the page."""

    def __init__(self):
        super().__init__()
        self.assets: list[tuple[str, str]] = []  # (kind, url)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        rel = (attributes.get("rel") or "").split()
        if tag == "link" and attributes.get("href"):
            if "stylesheet" in rel:
                self.assets.append(("css", attributes["href"]))
            elif {"icon", "preload", "modulepreload", "manifest"} & set(rel):
                self.assets.append(("other", attributes["href"]))
        elif tag == "script" and attributes.get("src"):
            self.assets.append(("js", attributes["src"]))
        elif tag in ("img", "iframe", "source", "video", "audio", "embed") and attributes.get("src"):
            self.assets.append(("other", attributes["src"]))


@dataclass
class PageWeight:
    name: str
    html_served: int  # bytes as the app sends it
    html_encoding: str
    html_gzip: int  # bytes if gzip-compressed (by a proxy, a CDN or GZipMiddleware)
    html_brotli: int
    css_js: int  # CSS and JavaScript as WhiteNoise serves them (brotli for a browser)
    other: int  # icons and images (not counted by the target)
    third_party: list[str]
    notes: list[str]

    @property
    def compressed_total(self) -> int:
        return min(self.html_served, self.html_gzip) + self.css_js


def page_weight(app: Server, name: str, path: str, cookie: str) -> PageWeight:
    import brotli

    headers = {"Cookie": cookie, "Accept-Encoding": ACCEPT_ENCODING}
    page = fetch(app.url, "GET", path, headers=headers)
    if page.status != 200:
        raise BenchError(f"page weight: {path} gave {page.status}")
    html = page.content if not page.header("Content-Encoding") else None
    raw = html if html is not None else fetch(app.url, "GET", path, headers={"Cookie": cookie}).content
    finder = AssetFinder()
    finder.feed(raw.decode("utf-8", "replace"))
    css_js = other = 0
    third_party, notes = [], []
    for kind, url in dict.fromkeys(finder.assets):  # each URL once, in page order
        parts = urlsplit(url)
        if parts.netloc and parts.netloc not in (f"127.0.0.1:{app.port}", f"localhost:{app.port}"):
            third_party.append(url)
            continue
        asset = fetch(app.url, "GET", parts.path, headers={"Accept-Encoding": ACCEPT_ENCODING})
        size = len(asset.content)
        encoding = asset.header("Content-Encoding") or "identity"
        notes.append(f"{parts.path} {size:,} B {encoding}, Cache-Control: {asset.header('Cache-Control') or '-'}")
        if kind in ("css", "js"):
            css_js += size
        else:
            other += size
    return PageWeight(
        name=name,
        html_served=len(page.content),
        html_encoding=page.header("Content-Encoding") or "identity",
        html_gzip=len(gzip.compress(raw, compresslevel=6)),
        html_brotli=len(brotli.compress(raw, quality=5)),
        css_js=css_js,
        other=other,
        third_party=third_party,
        notes=notes,
    )


# --- Pure arithmetic ---------------------------------------------------------------


def time_arithmetic() -> dict[str, float]:
    """Milliseconds for the streaks over ten years of complete days and for one month grid."""
    from tracking import month, streaks

    today = dt.date.today()
    days = [today - dt.timedelta(days=back) for back in range(1, TEN_YEARS + 1)]
    done_by_day = dict.fromkeys(days, 3)

    def median_ms(function, number: int = 50) -> float:
        runs = timeit.repeat(function, number=number, repeat=9)
        return statistics.median(runs) / number * 1000

    streaks_ms = median_ms(lambda: streaks.streaks(days, today))
    facts = streaks.Facts(planned=3, done=done_by_day)
    month_ms = median_ms(lambda: month.month_summary(today.year, today.month, facts, today=today, started=days[-1]))
    return {"streaks": streaks_ms, "month": month_ms, "total": streaks_ms + month_ms}
