"""PostgreSQL crashes and comes back while both flows run: the worker waits it out (it
does not die), the service answers the Web Connector with errors meanwhile, and every
run ends with every entry posted once."""

from __future__ import annotations

import pytest

from tests.faults.postgres import own_postgres
from tests.faults.world import eventually, fault_world


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
