"""PostgreSQL crashes and comes back while both flows run: the worker waits it out (it
does not die), the service answers the Web Connector with errors meanwhile, and every
run ends with every entry posted once."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from adapters.crypto import SecretBox, new_key
from adapters.postgres.credentials import CredentialStore
from adapters.postgres.eventstore import PostgresEventStore
from adapters.postgres.pool import create_pool
from app.connections import Connections
from app.scheduler import Scheduler
from domain.connection import Schedules
from projections.connections import ConnectionsProjection
from projections.runner import ProjectionRunner
from tests.faults.postgres import own_postgres
from tests.faults.world import eventually, fault_world
from tests.support.factories import connection_settings


@pytest.fixture(scope="module")
async def postgres():
    async with own_postgres() as server:
        yield server


async def test_a_postgres_restart_in_the_middle_of_both_flows_loses_and_repeats_nothing(
    postgres, spares
):
    url = await postgres.new_database("flows")
    async with fault_world(url, spares) as world:
        await world.read_chart()
        runs = [
            await world.firm.plan_sync(),
            await world.firm.actuals_sync("2027-01", "2027-02"),
        ]
        await world.wait_for_event("AnaplanTaskStarted")  # the export is running
        await postgres.crash()
        report = await world.firm.cycle()  # the Web Connector calls; no database
        assert report.outcome.value == "aborted" and "HTTP 500" in report.error
        await postgres.start_again()
        await eventually(postgres.answers, "PostgreSQL to accept connections again")

        await world.finish(runs)
        [worker] = world.processes.started
        assert worker.running, worker.log_tail()  # it waited for the database, not died
        await world.check(runs)
        await world.check_complete(runs)


async def test_the_scheduler_of_every_worker_outlives_a_postgres_restart(postgres):
    """Each worker runs the scheduler beside its reactors; if a tick that finds no
    database ended it, the worker process would end with it."""
    url = await postgres.new_database("schedules")
    pool = await create_pool(url)
    store = PostgresEventStore(pool)
    connections = Connections(store, CredentialStore(pool, SecretBox({"k": new_key()}, "k")))
    hourly = replace(connection_settings(), schedules=Schedules(plan_to_ledger_minutes=60))
    scheduler = asyncio.create_task(Scheduler(pool, store).run(every=0.05))
    try:
        await postgres.crash()
        await asyncio.sleep(0.3)  # a few ticks without a database
        await postgres.start_again()
        await eventually(postgres.answers, "PostgreSQL to accept connections again")
        assert not scheduler.done(), scheduler.exception()

        await connections.create("t", hourly, actor="admin")  # due at once
        await ProjectionRunner(pool, ConnectionsProjection()).catch_up()
        await eventually(lambda: requested(pool), "the scheduler to request the due run")
    finally:
        scheduler.cancel()
        await pool.close()


async def requested(pool) -> bool:
    return bool(
        await pool.fetchval("SELECT count(*) FROM events WHERE event_type = 'PlanSyncRequested'")
    )
