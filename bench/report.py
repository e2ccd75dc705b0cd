"""What the benchmark prints: the table of a run with its targets and the same figures in
Markdown for the README (dated, with the exact command), and the table of a worker sweep."""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys

from ankleapp.env import cpu_count
from bench.measure import MemorySampler, PageWeight, Scenario, cpu_model, python_build
from loadtest.harness import GUNICORN_CONF, REPO

# The rows the targets are about (bench/run.py names its scenarios with these).
FLOOR = "Floor: signed-in fixed page"
TODAY = "Today, ten-year runner"
CALENDAR_OLD = "Calendar, ten-year runner"
CALENDAR_NEW = "Calendar, new runner"
MARK = "Mark done (POST, 302)"

# The performance targets the app is built to.
TODAY_MIN_RATIO = 0.30  # Today's requests/s as a share of the ceiling's
TODAY_MAX_CPU_MS = 1.0  # Today's server CPU a request
CALENDAR_MIN_RATIO = 0.20  # the ten-year calendar's requests/s as a share of the ceiling's
CALENDAR_MIN_NEW = 0.9  # ... and of the new runner's calendar, by requests/s and by CPU a request
MARK_MIN_RATIO = 0.40  # the mark-done POST's requests/s as a share of the ceiling's
P99_MAX_MS = 25.0
WORKER_MAX_MB = 100.0
PAGE_MAX_KB = 50.0
ARITHMETIC_MAX_MS = 2.0


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def vs_floor(scenario: Scenario, floor: Scenario) -> str:
    """Requests/s against the floor's, for the app's pages (not the ceiling, the floor or a file)."""
    if scenario.is_ceiling or scenario is floor or scenario.path.startswith("/static/"):
        return "-"
    return f"{scenario.rps / floor.rps:.2f}"


def gunicorn_description(env: dict[str, str]) -> str:
    """What gunicorn.conf.py makes of this environment (workers, class, threads)."""
    probe = (
        "import runpy, sys; c = runpy.run_path(sys.argv[1]); "
        "print(c['workers'], c['worker_class'], c['threads'], c['preload_app'], c['max_requests'])"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe, str(GUNICORN_CONF)], env=env, cwd=REPO, capture_output=True, text=True
    )
    if output.returncode != 0:
        return "unknown (gunicorn.conf.py did not load)"
    workers, worker_class, threads, preload, max_requests = output.stdout.split()
    threads_text = f" x {threads} threads" if worker_class == "gthread" else ""
    return f"{workers} {worker_class} workers{threads_text}, preload {preload}, max_requests {max_requests}"


def database_name() -> str:
    from django.db import connection

    return connection.vendor.replace("postgresql", "PostgreSQL").replace("sqlite", "SQLite")


def machine_note(scenarios: list[Scenario]) -> str:
    others = statistics.median(r["others_cpus"] for s in scenarios for r in s.results)
    wrk_cpus = statistics.median(r["wrk_cpus"] for s in scenarios for r in s.results)
    note = (
        f"During the runs wrk used {wrk_cpus:.2f} CPUs and everything else (other processes, the kernel) "
        f"{others:.2f} CPUs of {cpu_count()} (medians)."
    )
    if others > 0.25:
        note += (
            " The machine was busy: requests/s and latencies are lower and noisier than on an idle machine;"
            " server CPU per request is the steadier figure."
        )
    return note


def print_report(
    scenarios: list[Scenario],
    memory: MemorySampler,
    weights: list[PageWeight],
    arithmetic: dict[str, float],
    config_text: str,
    args: argparse.Namespace,
    command: str,
) -> None:
    import django

    ceiling = scenarios[0]
    by_name = {s.name: s for s in scenarios}
    floor = by_name[FLOOR]
    app_rows = [s for s in scenarios if not s.is_ceiling]
    date = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    machine = f"{cpu_count()} CPUs ({cpu_model()}), {python_build()}, Django {django.get_version()}"
    load = f"{args.connections} connections, {args.rounds} alternated rounds of {args.seconds:g} s"

    print()
    print(f"Stronger Ankles benchmark, {date}")
    print(f"Machine: {machine}")
    print(f"gunicorn: {config_text}")
    if args.settings != "bench.settings" or args.env:
        overrides = " ".join(f"{key}={value}" for key, value in args.env.items())
        print(f"Variant: settings {args.settings}; environment {overrides or '(as is)'}")
    print(f"Load: wrk ({args.wrk_threads} threads), {load}, medians of the rounds. {database_name()}, DEBUG off.")
    print(f"Machine load before the run (uptime): {args.load_before}")
    print(machine_note(scenarios))
    print()
    header = (
        f"{'':30} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'vs ceiling':>10} {'vs floor':>8} {'errors':>6}"
        f" {'CPU ms/req':>10}   rounds (req/s)"
    )
    print(header)
    print("-" * len(header))
    for s in scenarios:
        rounds = " ".join(f"{r['rps']:.0f}" for r in s.results)
        print(
            f"{s.name:30} {s.rps:7.0f} {s.p50_ms:7.2f} {s.p99_ms:7.2f} {s.rps / ceiling.rps:10.2f}"
            f" {vs_floor(s, floor):>8} {s.errors:6d} {s.cpu_ms:10.2f}   {rounds}"
        )
    print("(CPU ms/req: CPU time of the gunicorn master and workers per request, all workers together.")
    print(" vs floor: requests/s against the floor's, a signed-in page that only loads the session and the user")
    print(" and renders a fixed template: the most a signed-in page can reach on this stack.)")
    print()
    app_peak_mb = memory.peak_kb["app"] / 1024
    print(
        f"Worker peak memory (VmHWM): app {app_peak_mb:.1f} MB, ceiling {memory.peak_kb['ceiling'] / 1024:.1f} MB; "
        f"app worker processes seen: {len(memory.pids['app'])}; "
        f"app master + workers now: {memory.pss_kb / 1024:.1f} MB PSS (shared pages split between them)"
    )
    for weight in weights:
        print(
            f"Page weight, {weight.name}: HTML {weight.html_served:,} B as served ({weight.html_encoding}), "
            f"{weight.html_gzip:,} B gzipped, {weight.html_brotli:,} B brotli; CSS + JS {weight.css_js:,} B; "
            f"total {weight.compressed_total / 1024:.1f} KB (HTML gzipped); icons {weight.other:,} B (not counted); "
            f"third-party requests: {len(weight.third_party)}"
        )
    for note in weights[0].notes:
        print(f"  {note}")
    print(
        f"Pure arithmetic over ten years of days: streaks {arithmetic['streaks']:.3f} ms, "
        f"month_summary {arithmetic['month']:.3f} ms, together {arithmetic['total']:.3f} ms"
    )

    today, mark = by_name[TODAY], by_name[MARK]
    calendar_old, calendar_new = by_name[CALENDAR_OLD], by_name[CALENDAR_NEW]
    worst_p99 = max(app_rows, key=lambda s: s.p99_ms)
    errors = sum(s.errors for s in app_rows)
    heaviest = max(weights, key=lambda w: w.compressed_total)
    checks = [
        (
            f"Today (ten-year runner) >= {TODAY_MIN_RATIO:.2f} x ceiling req/s",
            today.rps >= TODAY_MIN_RATIO * ceiling.rps,
            f"{today.rps / ceiling.rps:.2f} x ({today.rps:.0f} / {ceiling.rps:.0f} req/s); "
            f"{today.rps / floor.rps:.2f} x the floor ({floor.rps:.0f} req/s)",
        ),
        (
            f"Today (ten-year runner) <= {TODAY_MAX_CPU_MS:.1f} ms server CPU a request",
            today.cpu_ms <= TODAY_MAX_CPU_MS,
            f"{today.cpu_ms:.2f} ms (ceiling {ceiling.cpu_ms:.2f} ms, floor {floor.cpu_ms:.2f} ms)",
        ),
        (
            f"Calendar (ten-year runner) >= {CALENDAR_MIN_RATIO:.2f} x ceiling req/s",
            calendar_old.rps >= CALENDAR_MIN_RATIO * ceiling.rps,
            f"{calendar_old.rps / ceiling.rps:.2f} x ({calendar_old.rps:.0f} / {ceiling.rps:.0f} req/s)",
        ),
        (
            f"Calendar ten-year >= {CALENDAR_MIN_NEW} x new runner (req/s and CPU a request)",
            calendar_old.rps >= CALENDAR_MIN_NEW * calendar_new.rps
            and calendar_new.cpu_ms >= CALENDAR_MIN_NEW * calendar_old.cpu_ms,
            f"{calendar_old.rps / calendar_new.rps:.2f} x by req/s ({calendar_old.rps:.0f} / {calendar_new.rps:.0f}), "
            f"{calendar_new.cpu_ms / calendar_old.cpu_ms:.2f} x by CPU "
            f"({calendar_old.cpu_ms:.2f} against {calendar_new.cpu_ms:.2f} ms)",
        ),
        (
            f"Mark done (POST) >= {MARK_MIN_RATIO:.2f} x ceiling req/s",
            mark.rps >= MARK_MIN_RATIO * ceiling.rps,
            f"{mark.rps / ceiling.rps:.2f} x ({mark.rps:.0f} / {ceiling.rps:.0f} req/s)",
        ),
        (
            f"p99 < {P99_MAX_MS:g} ms at {args.connections} connections for every row, no errors",
            worst_p99.p99_ms < P99_MAX_MS and errors == 0,
            f"worst p99 {worst_p99.p99_ms:.1f} ms ({worst_p99.name}), {errors} errors",
        ),
        (f"Worker peak memory < {WORKER_MAX_MB:g} MB", app_peak_mb < WORKER_MAX_MB, f"{app_peak_mb:.1f} MB"),
        (
            f"Page weight < {PAGE_MAX_KB:g} KB, no third-party requests",
            all(w.compressed_total < PAGE_MAX_KB * 1024 and not w.third_party for w in weights),
            f"heaviest {heaviest.name} {heaviest.compressed_total / 1024:.1f} KB, "
            f"{sum(len(w.third_party) for w in weights)} third-party",
        ),
        (
            f"Streaks + month arithmetic < {ARITHMETIC_MAX_MS:g} ms",
            arithmetic["total"] < ARITHMETIC_MAX_MS,
            f"{arithmetic['total']:.2f} ms",
        ),
    ]
    print()
    print("Performance targets:")
    for label, ok, detail in checks:
        print(f"  {verdict(ok)}  {label}: {detail}")

    print()
    print("Markdown for the README:")
    print()
    print(f"Measured {date} with `{command}`: {machine}; gunicorn {config_text};")
    print(f"wrk with {load}, medians. {database_name()}. Load average before the run {args.load_before}.")
    print(machine_note(scenarios))
    print()
    print("| Request | Requests/s | p50 | p99 | vs ceiling | vs floor | Errors | Server CPU per request |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for s in scenarios:
        print(
            f"| {s.name} | {s.rps:,.0f} | {s.p50_ms:.1f} ms | {s.p99_ms:.1f} ms | {s.rps / ceiling.rps:.2f} "
            f"| {vs_floor(s, floor)} | {s.errors} | {s.cpu_ms:.2f} ms |"
        )
    print()
    print(
        f"Worker peak memory {app_peak_mb:.0f} MB. Transfer (HTML gzipped + CSS + JS): "
        + ", ".join(f"{w.name} {w.compressed_total / 1024:.1f} KB" for w in weights)
        + f". Streaks and month grid over ten years: {arithmetic['total']:.2f} ms."
    )
    print()
    print("| Target | Result | |")
    print("|---|---|---|")
    for label, ok, detail in checks:
        print(f"| {label} | {detail} | {verdict(ok)} |")


def print_sweep(
    labels: list[str],
    scenarios: list[Scenario],
    memory: MemorySampler,
    pss_kb: dict[str, int],
    args: argparse.Namespace,
    command: str,
) -> None:
    """The sweep's table: scenarios alternate ceiling, Today for each label."""
    print()
    print(f"gunicorn worker sweep, {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, {cpu_count()} CPUs, `{command}`")
    print(
        f"Today (ten-year runner) and the ceiling, wrk {args.connections} connections, medians of {args.rounds} rounds,"
        f" {database_name()}"
    )
    print()
    print(
        "| Workers | Today req/s | p50 | p99 | CPU ms/req | Ceiling req/s | ceiling p99 | Today / ceiling "
        "| Worker peak | All processes (PSS) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, ceiling, today in zip(labels, scenarios[::2], scenarios[1::2], strict=True):
        errors = today.errors + ceiling.errors
        print(
            f"| {label} | {today.rps:,.0f} | {today.p50_ms:.1f} ms | {today.p99_ms:.1f} ms | {today.cpu_ms:.2f} "
            f"| {ceiling.rps:,.0f} | {ceiling.p99_ms:.1f} ms | {today.rps / ceiling.rps:.2f} "
            f"| {memory.peak_kb[today.name] / 1024:.0f} MB | {pss_kb[today.name] / 1024:.0f} MB |"
            + (f" errors {errors}" if errors else "")
        )
    print()
    print(machine_note(scenarios))
