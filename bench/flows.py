"""The two flows at the size of a real firm (issue 5, item 8).

1. Post a 12-period plan of 60 accounts x 12 classes (8,640 lines) through the real service,
   worker and Web Connector, QuickBooks simulated with a latency model; beside the usual
   one-request-per-entry design (bench/peer.py) run through the same service on one period
   and scaled to twelve.
2. Import a year of actuals from 100,000 posted transactions (bench/actuals.py).

    python -m bench flows
    MLC_BENCH_SLEEP_SCALE=0.05 MLC_BENCH_TRANSACTIONS=100000 python -m bench flows
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass

from app.settings import Settings
from bench import big_plan
from bench.actuals import ImportRun, import_actuals
from bench.peer import OneRequestPerEntry
from bench.support import Row, print_table, stopwatch
from bench.world import (
    CALLER,
    Product,
    QuickBooksTime,
    TimedLatency,
    Updates,
    connect,
    connection_settings,
    migrated_database,
    product_in_process,
    product_settings,
    update_until,
)
from simulators.anaplan import AnaplanSimulator, TaskTiming
from simulators.webconnector import WebConnectorAgent

PASSWORD = "bench-wc-password"


@dataclass
class Run:
    updates: Updates
    wall: float
    simulated: float  # wall time plus the QuickBooks time that was not slept


async def main() -> None:
    sleep_scale = float(os.environ.get("MLC_BENCH_SLEEP_SCALE", "0.05"))
    await posting(sleep_scale, int(os.environ.get("MLC_BENCH_PEER_ENTRIES", "180")))
    transactions = int(os.environ.get("MLC_BENCH_TRANSACTIONS", "100000"))
    small = await import_actuals(transactions // 10)
    _print_import(await import_actuals(transactions), small)


async def posting(sleep_scale: float, peer_entries: int) -> None:
    """Our flow posts the whole plan; the peer, slower by design, posts its first
    `peer_entries` entries and its figures are scaled linearly to the whole plan."""
    latency = TimedLatency(sleep_scale=sleep_scale)
    url = await migrated_database("mlc_bench_flows")
    async with AnaplanSimulator() as sim:
        sim.config.task_timing = TaskTiming(polls=1)
        model = big_plan.seed_anaplan(sim)
        async with product_in_process(product_settings(url)) as product:
            product.container.clock = latency.time.now
            ours = await _post_plan(product, sim, model, latency)
            peer = await _post_peer(product, sim, model, latency, peer_entries)
    _print_posting(ours, peer, product.container.settings, latency, big_plan.LINES / peer_entries)


async def _post_plan(product: Product, sim, model, latency: TimedLatency) -> Run:
    company = big_plan.quickbooks_company(latency)
    cid = await connect(product.ops, connection_settings(sim, model, username="ours"), PASSWORD)
    agent = _agent(product, "ours", company)
    run_id = await product.ops.syncs.request_plan(CALLER, cid)
    run = await _timed(latency.time, agent, lambda: _posted(product, cid, run_id))
    _check_posted(company)
    return run


async def _post_peer(product: Product, sim, model, latency: TimedLatency, entries: int) -> Run:
    peer = OneRequestPerEntry(itertools.islice(big_plan.plan_lines(), entries))
    product.container.work_sources.append(peer)
    company = big_plan.quickbooks_company(latency)
    settings = connection_settings(sim, model, username="peer")
    peer.connection_id = await connect(product.ops, settings, PASSWORD)
    run = await _timed(latency.time, _agent(product, "peer", company), peer.finished)
    if peer.failures:
        raise RuntimeError(f"the peer failed: {peer.failures[:5]}")
    return run


async def _timed(time: QuickBooksTime, agent: WebConnectorAgent, done) -> Run:
    unslept = time.unslept
    with stopwatch() as clock:
        updates = await update_until(agent, done)
    wall = clock["seconds"]
    return Run(updates, wall, wall + time.unslept - unslept)


def _agent(product: Product, username: str, company) -> WebConnectorAgent:
    return WebConnectorAgent(
        f"{product.url}/qbwc", username, PASSWORD, company, noop_wait=0.05, max_exchanges=5000
    )


async def _posted(product: Product, cid: str, run_id: str) -> bool:
    pool = product.container.pool
    if await pool.fetchval("SELECT status FROM sync_runs WHERE run_id = $1", run_id) != "staged":
        return False
    statuses = await pool.fetch("SELECT status FROM journal_entries WHERE connection_id = $1", cid)
    return bool(statuses) and all(row["status"] == "posted" for row in statuses)


def _check_posted(company) -> None:
    entries = [t for t in company.txns.values() if t.txn_type == "JournalEntry"]
    lines = sum(len(t.lines) - 1 for t in entries)  # less each part's offset line
    if lines != big_plan.LINES:
        raise RuntimeError(f"posted {lines} plan lines, expected {big_plan.LINES}")


def _print_posting(
    ours: Run, peer: Run, settings: Settings, latency: TimedLatency, scale: float
) -> None:
    target = settings.qbwc_message_target_seconds
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


def _print_import(run: ImportRun, small: ImportRun) -> None:
    updates, peer = run.updates, run.peer
    rows = [
        Row("line rows read", "", run.rows, peer.rows, "ours: all, then by class",
            lower_is_better=True),
        Row("Web Connector round trips (SOAP calls)", "", updates.round_trips, None,
            lower_is_better=True),
        Row("largest message, simulated QuickBooks s", "s", updates.max_qb_seconds,
            peer.qb_seconds, "<= 20 s budget", lower_is_better=True),
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
