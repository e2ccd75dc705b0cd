"""What `make loadtest` prints about a load run: requests, latency and the stored completions."""

from __future__ import annotations

from collections import Counter

from loadtest.load import LoadResult


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def print_requests(result: LoadResult) -> None:
    tallies = result.tallies
    total = sum(t.requests for t in tallies)
    statuses: Counter[int] = sum((t.statuses for t in tallies), Counter())
    actions: Counter[str] = sum((t.by_action for t in tallies), Counter())
    errors = {code: count for code, count in sorted(statuses.items()) if code >= 400}
    lost = sorted(what for t in tallies for what, _sent_at in t.lost_in_flight)
    latencies = [value for t in tallies for value in t.latencies]
    print()
    print("Requests")
    print(f"  made              {total} in {result.elapsed:.1f} s ({total / result.elapsed:.0f} per second)")
    print(f"  by action         {', '.join(f'{name} {count}' for name, count in actions.most_common())}")
    print(f"  by status         {', '.join(f'{code}: {count}' for code, count in sorted(statuses.items()))}")
    print(f"  errors by status  {', '.join(f'{code}: {count}' for code, count in errors.items()) or 'none'}")
    print(f"  lost in flight, not acknowledged (connection cut by the fault): {len(lost)}")
    for entry in lost[:10]:
        print(f"                    {entry}")
    print(
        f"  latency           p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
        f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, p99 {percentile(latencies, 0.99) * 1000:.0f} ms, "
        f"max {max(latencies, default=0) * 1000:.0f} ms"
    )


def print_completions(result: LoadResult, *, locked: int | None = None) -> None:
    check = result.stored
    marks = sum(t.marks_acknowledged for t in result.tallies)
    undos = sum(t.undos_acknowledged for t in result.tallies)
    print()
    print("Completions")
    print(f"  acknowledged requests                          {marks} marks, {undos} undos")
    print(f"  rows in the database                           {check.stored}")
    print(
        f"  last acknowledged action a mark                {check.expected}: "
        f"present {check.expected - len(check.missing)}, missing {len(check.missing)}"
    )
    print(f"  last acknowledged action an undo               {check.undone}: rows still there {len(check.came_back)}")
    print(f"  duplicates (GROUP BY user, exercise, day HAVING COUNT(*) > 1)  {len(check.duplicates)}")
    print(f"  rows nobody asked for                          {len(check.unasked)}")
    print(f"  not checked (a request for it was cut off)     {check.unchecked}")
    if locked is not None:
        print(f'  "database is locked" in the server log         {locked}')


def print_verdict(problems: list[str], success: str) -> None:
    print()
    if problems:
        print("FAIL")
        for problem in problems:
            print(f"  - {problem}")
    else:
        print(f"PASS: {success}")
