"""Plan -> ledger at size: the plan of bench/big_plan.py posted through the real service,
worker and Web Connector, QuickBooks simulated with a latency model whose time the
service's clock sees (bench/world.py), beside the peer of bench/peer.py run through the
same service on a connection of its own."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from bench import big_plan
from bench.peer import OneRequestPerEntry
from bench.support import stopwatch
from bench.world import (
    CALLER,
    Product,
    QuickBooksTime,
    TimedLatency,
    Updates,
    agent,
    connect,
    connection_settings,
    migrated_database,
    product_in_process,
    product_settings,
    update_until,
)
from simulators.anaplan import AnaplanSimulator, TaskTiming
from simulators.quickbooks.company import CompanyFile
from simulators.webconnector import WebConnectorAgent


@dataclass
class Run:
    updates: Updates
    wall: float
    simulated: float  # wall time plus the QuickBooks time that was not slept


@dataclass
class Posting:
    ours: Run
    peer: Run
    peer_scale: float  # the peer ran 1/peer_scale of the plan
    latency: TimedLatency
    message_target_seconds: float


async def post_plan(sleep_scale: float, peer_entries: int) -> Posting:
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
    target = product.container.settings.qbwc_message_target_seconds
    return Posting(ours, peer, big_plan.LINES / peer_entries, latency, target)


async def _post_plan(product: Product, sim, model, latency: TimedLatency) -> Run:
    company = big_plan.quickbooks_company(latency)
    cid = await connect(product.ops, connection_settings(sim, model, username="ours"))
    wc = agent(product.url, "ours", company)
    run_id = await product.ops.syncs.request_plan(CALLER, cid)
    run = await _timed(latency.time, wc, lambda: _posted(product, cid, run_id))
    _check_posted(company)
    return run


async def _post_peer(product: Product, sim, model, latency: TimedLatency, entries: int) -> Run:
    peer = OneRequestPerEntry(itertools.islice(big_plan.plan_lines(), entries))
    product.container.work_sources.append(peer)
    company = big_plan.quickbooks_company(latency)
    settings = connection_settings(sim, model, username="peer")
    peer.connection_id = await connect(product.ops, settings)
    run = await _timed(latency.time, agent(product.url, "peer", company), peer.finished)
    if peer.failures:
        raise RuntimeError(f"the peer failed: {peer.failures[:5]}")
    return run


async def _timed(time: QuickBooksTime, wc: WebConnectorAgent, done) -> Run:
    unslept = time.unslept
    with stopwatch() as clock:
        updates = await update_until(wc, done)
    wall = clock["seconds"]
    return Run(updates, wall, wall + time.unslept - unslept)


async def _posted(product: Product, cid: str, run_id: str) -> bool:
    pool = product.container.pool
    if await pool.fetchval("SELECT status FROM sync_runs WHERE run_id = $1", run_id) != "staged":
        return False
    statuses = await pool.fetch("SELECT status FROM journal_entries WHERE connection_id = $1", cid)
    return bool(statuses) and all(row["status"] == "posted" for row in statuses)


def _check_posted(company: CompanyFile) -> None:
    """Every plan line posted once, in balanced entries."""
    entries = [t for t in company.txns.values() if t.txn_type == "JournalEntry"]
    lines = sum(len(t.lines) - 1 for t in entries)  # less each part's offset line
    unbalanced = [t.ref_number for t in entries if sum(ln.signed for ln in t.lines)]
    if lines != big_plan.LINES or unbalanced:
        raise RuntimeError(f"posted {lines} plan lines of {big_plan.LINES}; {unbalanced=}")
