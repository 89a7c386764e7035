"""The reactors run ahead of a read model: a restarted worker's projections have not
caught up yet, or a projection is backing off after a failed batch. A run waiting for the
Web Connector (the chart of accounts, the ledger) must still go on when what it waited for
arrives meanwhile: nothing may be lost because a read model was late."""

from __future__ import annotations

import pytest

from tests.faults.world import FaultWorld, eventually, fault_world


@pytest.fixture
async def world(db_url, spares):
    # Retried for as long as the read model is held back, not parked (another scenario).
    async with fault_world(db_url, spares, retry_max_attempts=1000) as w:
        yield w


async def hold_back(world: FaultWorld, projection: str) -> None:
    """The projection's state after a failed batch: it waits before trying again."""
    await world.pool.execute(
        "UPDATE subscription_checkpoints SET next_attempt_at = now() + interval '1 hour' "
        "WHERE name = $1",
        projection,
    )


async def let_go(world: FaultWorld, projection: str) -> None:
    await world.pool.execute(
        "UPDATE subscription_checkpoints SET next_attempt_at = '-infinity' WHERE name = $1",
        projection,
    )


@pytest.mark.parametrize(
    ("flow", "arrived"),
    [("plan", "ChartOfAccountsRead"), ("actuals", "LedgerCheckpointAdvanced")],
)
async def test_a_run_waiting_for_the_web_connector_goes_on_though_the_runs_read_model_lags(
    world, flow, arrived
):
    await hold_back(world, "sync_runs")
    if flow == "plan":
        run = await world.firm.plan_sync()
    else:
        run = await world.firm.actuals_sync("2027-01", "2027-02")
    await world.cycle_until(lambda: world.has_event(arrived), f"{arrived} while sync_runs lags")
    reactor = "plan-stager" if flow == "plan" else "actuals-importer"
    await eventually(lambda: reacted(world, reactor, arrived), f"{reactor} to handle {arrived}")

    await let_go(world, "sync_runs")
    await world.finish([run])
    await world.check([run])
    await world.check_complete([run])


async def reacted(world: FaultWorld, reactor: str, event_type: str) -> bool:
    """The reactor handled the stream that holds the event, or tried and failed to."""
    return bool(
        await world.pool.fetchval(
            "SELECT count(*) FROM stream_cursors c JOIN events e USING (stream_id) "
            "WHERE c.consumer = $1 AND e.event_type = $2 "
            "AND (c.handled_version >= e.version OR c.attempts > 0)",
            reactor,
            event_type,
        )
    )
