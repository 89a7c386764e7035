"""Load: N simulated Web Connectors (N company files) cycling against one service with two
worker processes, all on loopback. Reports the latency of each SOAP method as the Web
Connector sees it (p50/p99/max), cycles per second and errors. Aim: zero errors and p99
under 100 ms on a 2-core machine.

Each Web Connector updates every --every seconds (QBWC's shortest schedule is a minute;
the default is twice that pace), first at a random moment within the first interval;
--every 0 runs updates back to back, to find the most the machine can do.

    python -m bench load                      # 200 connections, about a minute
    python -m bench load --connections 50 --cycles 5 --every 0
    python -m bench load --seconds 120
"""

from __future__ import annotations

import argparse
import statistics
from collections import defaultdict
from collections.abc import Sequence

from bench.fleet import Services, failures, fleet, run_cycles
from simulators.webconnector import CycleReport

TARGET_P99_MS = 100.0


def options(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench load", description=__doc__)
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--cycles", type=int, default=2, help="updates per connection")
    parser.add_argument("--seconds", type=float, default=None, help="run this long instead")
    parser.add_argument("--every", type=float, default=30.0, help="seconds between updates")
    parser.add_argument("--transactions", type=int, default=40, help="per company file")
    return parser.parse_args(list(argv))


def percentile(sorted_values: list[float], fraction: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def latency_table(reports: Sequence[CycleReport]) -> dict[str, list[float]]:
    """Milliseconds per call, by SOAP method, sorted."""
    by_method: dict[str, list[float]] = defaultdict(list)
    for report in reports:
        for call in report.calls:
            by_method[call.method].append(call.wall_seconds * 1000)
    return {method: sorted(values) for method, values in by_method.items()}


def print_latencies(title: str, reports: Sequence[CycleReport]) -> float:
    """The table for some updates; returns the worst p99."""
    table = latency_table(reports)
    messages = sum(len(report.messages) for report in reports) / max(len(reports), 1)
    print(f"\n  {title}: {len(reports)} updates, {messages:.1f} qbXML messages each")
    print(f"  {'SOAP method':<20} {'calls':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    worst = 0.0
    for method, values in sorted(table.items(), key=lambda item: -len(item[1])):
        p99 = percentile(values, 0.99)
        worst = max(worst, p99)
        print(
            f"  {method:<20} {len(values):>7} {statistics.median(values):>8.1f} "
            f"{p99:>8.1f} {values[-1]:>8.1f}"
        )
    return worst


def print_report(
    runs: Sequence[tuple[CycleReport, int]], wall: float, connections: int, cpu: Sequence[float]
) -> bool:
    """The figures; True when the aim is met (judged on the updates after each Web
    Connector's first, which reads the whole company file and checks the password with
    scrypt). CPU time is the service's and the workers' own, whatever else the machine
    runs: what the work costs, not how long it waited."""
    reports = [report for report, _ in runs]
    errors = [text for report in reports for text in failures(report)]
    calls = sum(len(report.calls) for report in reports)
    print(f"\n{connections} Web Connectors, {len(reports)} updates in {wall:.1f} s")
    print(f"  {len(reports) / wall:.1f} updates/s, {calls / wall:.0f} SOAP calls/s")
    service, workers = (1000 * seconds / max(calls, 1) for seconds in cpu)
    print(f"  CPU per SOAP call: service {service:.1f} ms, workers {workers:.1f} ms")
    print_latencies("first updates", [report for report, number in runs if number == 1])
    later = [report for report, number in runs if number > 1]
    worst = print_latencies("later updates", later) if later else float("inf")
    print(f"\n  errors: {len(errors)}")
    for text in errors[:10]:
        print(f"    {text}")
    met = not errors and worst < TARGET_P99_MS
    print(
        f"  aim (no errors, every p99 of later updates < {TARGET_P99_MS:.0f} ms): "
        + ("met" if met else "MISSED")
    )
    return met


def check_processes(running: Services) -> None:
    if not running.alive():
        raise SystemExit("a service or worker process died; see var/bench-load/*.log")


async def main(argv: Sequence[str] = ()) -> None:
    args = options(argv)
    async with fleet("mlc_bench_load", args.connections, args.transactions) as (fleet_, running):
        workers = ", ".join(str(w.pid) for w in running.workers)
        print(f"service pid {running.service.pid}, worker pids {workers} (to profile by hand)")
        runs: list[tuple[CycleReport, int]] = []
        cycles = None if args.seconds else args.cycles
        cpu_before = running.cpu_seconds()
        wall = await run_cycles(
            fleet_,
            cycles=cycles,
            seconds=args.seconds,
            every=args.every,
            on_cycle=lambda *run: runs.append(run),
        )
        cpu = tuple(a - b for a, b in zip(running.cpu_seconds(), cpu_before, strict=True))
        check_processes(running)
        print_report(runs, wall, args.connections, cpu)
