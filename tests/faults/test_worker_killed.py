"""A worker process killed with SIGKILL at each step boundary of both flows, then started
again: every entry is posted exactly once, every run ends, nothing is left stuck.

The test watches the event log and kills the worker the moment the event that marks the
boundary commits. Windows that would be too short to hit are widened with the
simulators' knobs only (a slower Anaplan task, small export chunks), never with hooks in
the product.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest

from simulators.anaplan import TaskTiming
from simulators.sandbox import anaplan_firm
from tests.faults.world import FaultWorld, fault_world


@dataclass(frozen=True)
class Boundary:
    name: str
    event_type: str
    stream_prefix: str


PLAN_BOUNDARIES = [
    Boundary("requested, export not started", "PlanSyncRequested", "plansync-"),
    Boundary("export task running", "AnaplanTaskStarted", "anaplan-"),
    Boundary("export file downloading", "AnaplanTaskCompleted", "anaplan-"),
    Boundary("exported, before or while staging", "PlanExported", "plansync-"),
    Boundary("chart asked for, not yet waiting", "ChartOfAccountsRequested", "qb-chart-"),
    Boundary("waiting for the chart of accounts", "PlanStagingWaiting", "plansync-"),
    Boundary("chart read, staging", "ChartOfAccountsRead", "qb-chart-"),
    Boundary("staged, posting", "PlanStaged", "plansync-"),
]
ACTUALS_BOUNDARIES = [
    Boundary("requested, ledger read not asked", "ActualsSyncRequested", "actualsync-"),
    Boundary("ledger read asked for, not yet waiting", "LedgerSyncRequested", "qb-ledger-"),
    Boundary("waiting for the ledger", "ActualsWaiting", "actualsync-"),
    Boundary("ledger read, before or while importing", "LedgerCheckpointAdvanced", "qb-ledger-"),
    Boundary("actuals file uploaded", "AnaplanFileUploaded", "anaplan-"),
    Boundary("import task running", "AnaplanTaskStarted", "anaplan-"),
    Boundary("computed and imported", "ActualsComputed", "actualsync-"),
]


@pytest.fixture
async def world(db_url, spares):
    async with fault_world(db_url, spares) as w:
        sim = w.firm.sim
        slow = TaskTiming(seconds=0.6)  # long enough to kill the worker mid-task
        sim.config.task_timing_by_object = {
            w.action_id(anaplan_firm.EXPORT): slow,
            w.action_id(anaplan_firm.IMPORT): slow,
        }
        yield w


async def kill_and_restart_at(world: FaultWorld, boundary: Boundary) -> None:
    await world.wait_for_event(boundary.event_type, boundary.stream_prefix)
    [worker] = world.processes.running
    await worker.kill()
    await world.start_worker()


@pytest.mark.parametrize("boundary", PLAN_BOUNDARIES, ids=lambda b: b.name)
async def test_plan_to_ledger_survives_a_killed_worker(world, boundary):
    killer = asyncio.ensure_future(kill_and_restart_at(world, boundary))
    run = await world.firm.plan_sync()
    await world.finish([run])
    await killer
    await world.check([run])
    await world.check_complete([run])
    assert world.firm.our_journal_entries()


@pytest.mark.parametrize("boundary", ACTUALS_BOUNDARIES, ids=lambda b: b.name)
async def test_ledger_to_plan_survives_a_killed_worker(world, boundary):
    killer = asyncio.ensure_future(kill_and_restart_at(world, boundary))
    run = await world.firm.actuals_sync("2027-01", "2027-02")
    await world.finish([run])
    await killer
    await world.check([run])
    await world.check_complete([run])


@dataclass(frozen=True)
class Outage:
    name: str
    flow: str  # plan | actuals
    down_at: Boundary  # the worker is killed when this event commits
    up_at: Boundary  # and started again once this one has (the Web Connector went on)


OUTAGES = [
    Outage(
        "down while the chart of accounts is read",
        "plan",
        Boundary("", "PlanStagingWaiting", "plansync-"),
        Boundary("", "ChartOfAccountsRead", "qb-chart-"),
    ),
    Outage(
        "down while the ledger is read",
        "actuals",
        Boundary("", "ActualsWaiting", "actualsync-"),
        Boundary("", "LedgerCheckpointAdvanced", "qb-ledger-"),
    ),
]


async def down_between(world: FaultWorld, outage: Outage) -> None:
    await world.wait_for_event(outage.down_at.event_type, outage.down_at.stream_prefix)
    [worker] = world.processes.running
    await worker.kill()
    await world.wait_for_event(outage.up_at.event_type, outage.up_at.stream_prefix)
    await world.start_worker()


@pytest.mark.parametrize("outage", OUTAGES, ids=lambda o: o.name)
async def test_a_worker_down_while_the_web_connector_reads_loses_no_run(world, outage):
    outages = asyncio.ensure_future(down_between(world, outage))
    if outage.flow == "plan":
        run = await world.firm.plan_sync()
    else:
        run = await world.firm.actuals_sync("2027-01", "2027-02")
    await world.finish([run])
    await outages
    await world.check([run])
    await world.check_complete([run])
