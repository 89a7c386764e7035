"""Load: N simulated Web Connectors (N company files) cycling against one service with two
worker processes, all on loopback. Reports the latency of each SOAP method as the Web
Connector sees it (p50/p99/max), updates and calls per second, the processes' CPU per
call, and errors. Aim: zero errors and p99 under 100 ms on a 2-core machine.

Two phases: every Web Connector's first update (the whole company file is read and the
password checked with scrypt), spread over a minute; then the steady state the aim is
judged on, where each Web Connector updates every --every seconds (QBWC's shortest
schedule is a minute; the default is twice that pace), first at a random moment within
the first interval; --every 0 runs them back to back, to find the most the machine can do.

    python -m bench load                      # 200 connections, two minutes or so
    python -m bench load --connections 50 --cycles 5 --every 0
    python -m bench load --seconds 120        # a steady state of two minutes
"""

from __future__ import annotations

import argparse
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bench.fleet import Fleet, Services, failures, fleet, run_cycles
from simulators.webconnector import CycleReport

TARGET_P99_MS = 100.0


def options(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench load", description=__doc__)
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--cycles", type=int, default=1, help="steady-state updates per connection")
    parser.add_argument("--seconds", type=float, default=None, help="steady state this long")
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


@dataclass
class Phase:
    reports: list[CycleReport]
    wall: float
    cpu: tuple[float, float]  # service, workers: their own CPU seconds in the phase

    def print_rates(self) -> None:
        calls = sum(len(report.calls) for report in self.reports)
        print(f"  {len(self.reports) / self.wall:.1f} updates/s, {calls / self.wall:.0f} calls/s")
        service, workers = (1000 * seconds / max(calls, 1) for seconds in self.cpu)
        print(f"  CPU per SOAP call: service {service:.1f} ms, workers {workers:.1f} ms")


async def phase(fleet_: Fleet, running: Services, args: argparse.Namespace, cycles: int) -> Phase:
    reports: list[CycleReport] = []
    before = running.cpu_seconds()
    wall = await run_cycles(
        fleet_,
        cycles=None if args.seconds else cycles,
        seconds=args.seconds,
        every=args.every,
        on_cycle=lambda report, _: reports.append(report),
    )
    after = running.cpu_seconds()
    return Phase(reports, wall, (after[0] - before[0], after[1] - before[1]))


def print_report(first: Phase, steady: Phase, connections: int) -> bool:
    """The figures; True when the aim is met. It is judged on the steady state: a Web
    Connector's first update reads the whole company file and checks the password with
    scrypt, and the fleet's first updates all come within one interval. CPU time is the
    processes' own, whatever else the machine runs: what the work costs, not how long it
    waited for a core."""
    print(f"\n{connections} Web Connectors")
    print_latencies(f"first updates, {first.wall:.0f} s", first.reports)
    first.print_rates()
    worst = print_latencies(f"steady state, {steady.wall:.0f} s", steady.reports)
    steady.print_rates()
    errors = [text for p in (first, steady) for report in p.reports for text in failures(report)]
    print(f"\n  errors: {len(errors)}")
    for text in errors[:10]:
        print(f"    {text}")
    met = not errors and worst < TARGET_P99_MS
    print(
        f"  aim (no errors, every p99 in the steady state < {TARGET_P99_MS:.0f} ms): "
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
        first = await phase(fleet_, running, first_phase(args), cycles=1)
        steady = await phase(fleet_, running, args, cycles=args.cycles)
        check_processes(running)
        print_report(first, steady, args.connections)


def first_phase(args: argparse.Namespace) -> argparse.Namespace:
    """One update each, spread over a minute at least: a first update costs about three
    times a later one, and QBWC schedules no faster anyway."""
    return argparse.Namespace(**{**vars(args), "seconds": None, "every": max(args.every, 60.0)})
