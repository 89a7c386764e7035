"""Soak: Web Connectors cycling for minutes against the service and two workers (the load
benchmark's fleet), sampling the resident memory of the service process. The verdict is
"flat" when the last third of the samples after the warm-up sits within 5% (plus 8 MB of
allocator slack) of the first third: steady work must not grow the service.

    python -m bench soak                      # 30 connections, back to back, 5 minutes
    python -m bench soak --minutes 30 --connections 100 --every 10
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import time
from collections.abc import Sequence

from bench.fleet import Services, failures, fleet, run_cycles
from simulators.webconnector import CycleReport

MB = 2**20
TOLERANCE, SLACK = 0.05, 8 * MB


def options(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench soak", description=__doc__)
    parser.add_argument("--connections", type=int, default=30)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--every", type=float, default=0.0, help="seconds between updates")
    parser.add_argument("--sample", type=float, default=10.0, help="seconds between samples")
    parser.add_argument("--warm-up", type=float, default=60.0, help="seconds not judged")
    return parser.parse_args(list(argv))


async def sample_memory(
    running: Services, every: float, reports: list[CycleReport], into: list[tuple[float, int, int]]
) -> None:
    started = time.monotonic()
    while True:
        into.append((time.monotonic() - started, running.service_rss, len(reports)))
        await asyncio.sleep(every)


def verdict(samples: Sequence[tuple[float, int, int]], warm_up: float) -> tuple[bool, str]:
    judged = [rss for at, rss, _ in samples if at >= warm_up]
    if len(judged) < 6:
        return False, f"too few samples after the warm-up ({len(judged)}); run longer"
    third = len(judged) // 3
    first, last = statistics.median(judged[:third]), statistics.median(judged[-third:])
    flat = last <= first * (1 + TOLERANCE) + SLACK
    growth = (last - first) / MB
    return (
        flat,
        f"first third {first / MB:.1f} MB, last third {last / MB:.1f} MB ({growth:+.1f} MB)",
    )


async def main(argv: Sequence[str] = ()) -> None:
    args = options(argv)
    async with fleet("mlc_bench_soak", args.connections) as (fleet_, running):
        samples: list[tuple[float, int, int]] = []
        reports: list[CycleReport] = []
        sampler = asyncio.create_task(sample_memory(running, args.sample, reports, samples))
        try:
            wall = await run_cycles(
                fleet_,
                cycles=None,
                seconds=args.minutes * 60,
                every=args.every,
                on_cycle=lambda report, _: reports.append(report),
            )
        finally:
            sampler.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sampler
        alive = running.alive()
    errors = [text for report in reports for text in failures(report)]
    print(f"\n{args.connections} Web Connectors, {len(reports)} updates in {wall:.0f} s")
    print(f"  errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    print(f"  {'seconds':>9} {'updates':>8} {'service RSS MB':>15}")
    for at, rss, done in samples:
        marker = "" if at >= args.warm_up else "  (warm-up)"
        print(f"  {at:9.0f} {done:8d} {rss / MB:15.1f}{marker}")
    flat, detail = verdict(samples, args.warm_up)
    print(f"  memory: {detail}: {'flat' if flat else 'GROWING'}")
    if not alive:
        print("  a service or worker process died; see var/bench-load/*.log")
