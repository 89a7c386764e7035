"""The tenant's request budget is shared by every worker through PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import sys
import time

from adapters.postgres.pool import create_pool
from adapters.postgres.rate_budget import PostgresRequestBudget, RateLimit
from simulators.anaplan import limits as sim_limits
from tests.conftest import ROOT

from .world import EMAIL, PASSWORD


async def grants_within(budget, seconds):
    """Permits one worker got before the deadline, taking them as fast as it may."""
    deadline, granted = time.monotonic() + seconds, 0
    while True:
        await budget.acquire("tenant-x")
        if time.monotonic() > deadline:
            return granted
        granted += 1


async def test_workers_with_their_own_pools_share_one_budget(db_url):
    limit = RateLimit(requests=600)  # 20 at once, then 8.67 a second
    pools = [await create_pool(db_url, max_size=2) for _ in range(2)]
    try:
        budgets = [PostgresRequestBudget(pool, limit) for pool in pools]
        started = time.monotonic()
        granted = await asyncio.gather(*(grants_within(b, 0.5) for b in budgets))
        elapsed = time.monotonic() - started
    finally:
        for pool in pools:
            await pool.close()

    assert limit.capacity <= sum(granted) <= limit.capacity + limit.refill_per_second * elapsed + 1
    assert min(granted) > 0


async def test_two_worker_processes_stay_under_the_tenant_limit(sim, world, db_url, monkeypatch):
    # Anaplan counts per minute; a 2-second window keeps the test short, on both sides.
    monkeypatch.setattr(sim_limits, "WINDOW", 2.0)
    sim.config.rate_limit_per_minute = 40
    sim.counters.reset()
    job = {
        "db_url": db_url,
        "api": sim.urls.api,
        "auth": sim.urls.auth,
        "user": EMAIL,
        "password": PASSWORD,
        "tenant": "tenant-1",
        "limit": 40,
        "window": 2.0,
        "calls": 20,
        "concurrency": 4,
    }
    workers = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.support.anaplan_worker",
            json.dumps(job),
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
        )
        for _ in range(2)
    ]
    outputs = [json.loads((await worker.communicate())[0]) for worker in workers]

    assert [output["calls"] for output in outputs] == [20, 20]
    counters = sim.counters.snapshot()
    assert counters["requests"]["GET /2/0/workspaces"] == 40
    assert counters["throttled"] == 0
    assert counters["maxRequestsPerMinute"] <= 40
