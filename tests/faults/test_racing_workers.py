"""Two worker processes on one database, several runs of both flows requested at once:
each run is exported, staged and imported exactly once, one Anaplan task at a time per
model, and every entry posted once."""

from __future__ import annotations

import asyncio

import pytest

from simulators.sandbox import anaplan_firm
from tests.faults.world import fault_world


@pytest.fixture
async def world(db_url, spares):
    async with fault_world(db_url, spares, workers=2) as w:
        yield w


def tasks_of(world, action: str) -> list:
    action_id = world.action_id(action)
    return [t for t in world.firm.sim.tasks(world.model) if t.object_id == action_id]


async def test_two_workers_racing_for_the_same_streams_do_each_step_once(world):
    firm = world.firm
    plans = await asyncio.gather(*(firm.plan_sync() for _ in range(3)))
    actuals = await asyncio.gather(
        firm.actuals_sync("2027-01", "2027-01"), firm.actuals_sync("2027-01", "2027-02")
    )
    runs = [*plans, *actuals]
    await world.finish(runs)

    assert all(w.running for w in world.processes.started)
    await world.check(runs)  # one PlanExported / PlanStaged / ActualsImported per run
    await world.check_complete(runs)
    assert len(tasks_of(world, anaplan_firm.EXPORT)) == len(plans)  # one export per run
    assert len(tasks_of(world, anaplan_firm.IMPORT)) == len(actuals)
    assert firm.sim.counters.max_tasks_per_model[world.model.id] == 1
    staged = [
        await world.pool.fetchval("SELECT rows_out FROM sync_runs WHERE run_id = $1", run)
        for run in plans
    ]
    assert sorted(staged) == [0, 0, len(await firm.entries())]  # the first staged them all
