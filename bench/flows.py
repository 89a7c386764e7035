"""The two flows at the size of a real firm (issue 5, item 8); docs/benchmarks.md says
how to read the tables.

1. Post a 12-period plan of 60 accounts x 12 classes (8,640 lines) through the real
   service, worker and Web Connector, QuickBooks simulated with a latency model
   (bench/posting.py); beside the usual one-request-per-entry design (bench/peer.py), run
   through the same service on its first MLC_BENCH_PEER_ENTRIES entries and scaled.
2. Import a year of actuals from 100,000 posted transactions, the product in a child
   process whose memory is sampled, and again from a tenth of them (bench/actuals.py).

    python -m bench flows
    MLC_BENCH_SLEEP_SCALE=0.05 MLC_BENCH_PEER_ENTRIES=180 MLC_BENCH_TRANSACTIONS=100000 \
        python -m bench flows
"""

from __future__ import annotations

import os

from app import logging as app_logging
from bench import big_plan
from bench.actuals import ImportRun, import_actuals
from bench.posting import Posting, post_plan
from bench.support import Row, print_table


async def main() -> None:
    app_logging.configure("WARNING")
    sleep_scale = float(os.environ.get("MLC_BENCH_SLEEP_SCALE", "0.05"))
    peer_entries = int(os.environ.get("MLC_BENCH_PEER_ENTRIES", "180"))
    posting = await post_plan(sleep_scale, peer_entries)
    _print_posting(posting)
    transactions = int(os.environ.get("MLC_BENCH_TRANSACTIONS", "100000"))
    small = await import_actuals(transactions // 10)
    _print_import(await import_actuals(transactions), small, posting.message_target_seconds)


def _print_posting(posting: Posting) -> None:
    ours, peer, scale, latency = posting.ours, posting.peer, posting.peer_scale, posting.latency
    target = posting.message_target_seconds
    budget = f"<= {target:.0f} s budget"
    rows = [
        Row("Web Connector round trips (SOAP calls)", "", ours.updates.round_trips,
            peer.updates.round_trips * scale, ">= 50x fewer", lower_is_better=True),
        Row("qbXML messages", "", ours.updates.messages, peer.updates.messages * scale,
            lower_is_better=True),
        Row("largest message, simulated QuickBooks s", "s", ours.updates.max_qb_seconds,
            peer.updates.max_qb_seconds, budget, lower_is_better=True),
        Row("QuickBooks time, simulated total", "s", sum(ours.updates.qb_seconds),
            sum(peer.updates.qb_seconds) * scale, lower_is_better=True),
        Row("elapsed (wall + QuickBooks time not slept)", "s", ours.simulated,
            peer.simulated * scale, lower_is_better=True),
        Row(f"wall time at sleep_scale {latency.sleep_scale}", "s", ours.wall, peer.wall * scale,
            lower_is_better=True),
    ]  # fmt: skip
    print_table(
        f"Post a 12-period plan, {big_plan.ACCOUNTS} accounts x 12 classes "
        f"({big_plan.LINES:,} lines); peer: {peer.updates.messages // 2} entries run, "
        f"figures x{scale:.0f}",
        "1 req/entry",
        rows,
    )


def _print_import(run: ImportRun, small: ImportRun, target: float) -> None:
    updates, peer = run.updates, run.peer
    rows = [
        Row("line rows read", "", run.rows, peer.rows, "ours: all, then by class",
            lower_is_better=True),
        Row("Web Connector round trips (SOAP calls)", "", updates.round_trips, None,
            lower_is_better=True),
        Row("largest message, simulated QuickBooks s", "s", updates.max_qb_seconds,
            peer.qb_seconds, f"<= {target:.0f} s budget", lower_is_better=True),
        Row("largest response", "MB", run.largest_response_mb, peer.response_mb,
            lower_is_better=True),
        Row(f"service+worker peak RSS, {run.transactions:,} txns", "MB", run.rss_peak_mb,
            None, f"flat (started at {run.rss_before_mb:.0f} MB)", lower_is_better=True),
        Row(f"service+worker peak RSS, {small.transactions:,} txns", "MB", small.rss_peak_mb,
            None, f"started at {small.rss_before_mb:.0f} MB", lower_is_better=True),
        Row("wall time, request to imported", "s", run.wall, None, lower_is_better=True),
    ]  # fmt: skip
    print_table(
        f"Import a year of actuals from {run.transactions:,} posted transactions; "
        "peer: all lines in one unbounded TransactionQuery",
        "1 query",
        rows,
    )
