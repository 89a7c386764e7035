"""Load: N simulated Web Connectors (N company files) cycling against one service with two
worker processes, all on loopback. Reports the latency of each SOAP method as the Web
Connector sees it (p50/p99/max), cycles per second and errors. Aim: zero errors and p99
under 100 ms on a 2-core machine.

    python -m bench load                      # 200 connections, about a minute
    python -m bench load --connections 50 --cycles 5
    python -m bench load --seconds 120
"""

from __future__ import annotations

import argparse
import statistics
from collections import defaultdict
from collections.abc import Sequence

from bench.fleet import Fleet, Services, failures, fleet, run_cycles
from simulators.webconnector import CycleReport

TARGET_P99_MS = 100.0


def options(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench load", description=__doc__)
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--cycles", type=int, default=None, help="updates per connection")
    parser.add_argument("--seconds", type=float, default=35.0, help="when --cycles is not set")
    parser.add_argument("--transactions", type=int, default=40, help="per company file")
    return parser.parse_args(list(argv))


def percentile(sorted_values: list[float], fraction: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def latency_table(reports: Sequence[CycleReport]) -> dict[str, list[float]]:
    by_method: dict[str, list[float]] = defaultdict(list)
    for report in reports:
        for call in report.calls:
            by_method[call.method].append(call.wall_seconds * 1000)
    return {method: sorted(values) for method, values in by_method.items()}


def print_report(reports: Sequence[CycleReport], wall: float, connections: int) -> bool:
    """The figures; True when the aim is met."""
    table = latency_table(reports)
    errors = [(i, text) for i, report in enumerate(reports) for text in failures(report)]
    calls = sum(len(values) for values in table.values())
    print(f"\n{connections} Web Connectors, {len(reports)} updates in {wall:.1f} s")
    print(f"  {len(reports) / wall:.1f} updates/s, {calls / wall:.0f} SOAP calls/s")
    print(f"\n  {'SOAP method':<20} {'calls':>7} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    worst = 0.0
    for method, values in sorted(table.items(), key=lambda item: -len(item[1])):
        p99 = percentile(values, 0.99)
        worst = max(worst, p99)
        print(
            f"  {method:<20} {len(values):>7} {statistics.median(values):>8.1f} "
            f"{p99:>8.1f} {values[-1]:>8.1f}"
        )
    messages = sum(len(report.messages) for report in reports)
    print(
        f"\n  qbXML messages exchanged: {messages} ({messages / max(len(reports), 1):.1f}/update)"
    )
    print(f"  errors: {len(errors)}")
    for index, text in errors[:10]:
        print(f"    update {index}: {text}")
    met = not errors and worst < TARGET_P99_MS
    print(f"  aim (no errors, every p99 < {TARGET_P99_MS:.0f} ms): {'met' if met else 'MISSED'}")
    return met


async def warm_up(fleet_: Fleet) -> None:
    """One update each, unmeasured: the first ledger read of a company file reads it all."""
    await run_cycles(fleet_, cycles=1, seconds=None)


def check_processes(running: Services) -> None:
    if not running.alive():
        raise SystemExit("a service or worker process died; see var/bench-load/*.log")


async def main(argv: Sequence[str] = ()) -> None:
    args = options(argv)
    async with fleet("mlc_bench_load", args.connections, args.transactions) as (fleet_, running):
        workers = ", ".join(str(w.pid) for w in running.workers)
        print(f"service pid {running.service.pid}, worker pids {workers} (to profile by hand)")
        await warm_up(fleet_)
        reports: list[CycleReport] = []
        seconds = None if args.cycles else args.seconds
        wall = await run_cycles(
            fleet_, cycles=args.cycles, seconds=seconds, on_cycle=reports.append
        )
        check_processes(running)
        print_report(reports, wall, args.connections)
