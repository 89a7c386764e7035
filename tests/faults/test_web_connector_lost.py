"""The Web Connector's connection lost at every point of a posting exchange, including
after QuickBooks applied the writes: the next session looks each entry up by RefNumber
before it writes again, so every entry is posted, modified or voided exactly once."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from simulators.anaplan import TIME, VERSIONS
from tests.faults.world import fault_world


@dataclass(frozen=True)
class Loss:
    name: str
    method: str
    exchange: int  # 1: the lookups by RefNumber, 2: the writes
    after_server_handled: bool
    # QuickBooks applied the writes but their answer never reached us: the next session's
    # lookup finds them (TxnRecorded from a query) instead of writing them again.
    found_later: bool

    def inject(self, world) -> None:
        faults = world.firm.agent.faults
        faults.drop_call(self.method, self.exchange, after_server_handled=self.after_server_handled)


LOSSES = [
    Loss(
        "lookups answered, the answer lost on the way to us", "receiveResponseXML", 1, False, False
    ),
    Loss("writes applied, the answer lost on the way to us", "receiveResponseXML", 2, False, True),
    Loss("writes applied and recorded, our reply lost", "receiveResponseXML", 2, True, False),
    Loss("writes handed out, lost before QuickBooks saw them", "sendRequestXML", 2, True, False),
]


@pytest.fixture
async def world(db_url, spares):
    async with fault_world(db_url, spares) as w:
        await w.read_chart()
        yield w


async def lose_during_posting(world, loss: Loss) -> str:
    run = await world.firm.plan_sync()
    await world.staged(run)
    loss.inject(world)
    await world.finish([run])
    assert not world.firm.agent.faults.breaks  # the connection was lost as planned
    return run


@pytest.mark.parametrize("loss", LOSSES, ids=lambda loss: loss.name)
async def test_entries_added_while_the_connection_is_lost_are_posted_once(world, loss):
    run = await lose_during_posting(world, loss)
    await world.check([run])
    await world.check_complete([run])
    assert len(world.firm.our_journal_entries()) == len(await world.firm.entries())
    assert bool(await found_by_lookup(world)) == loss.found_later


async def found_by_lookup(world) -> int:
    return await world.pool.fetchval(
        "SELECT count(*) FROM events WHERE event_type = 'TxnRecorded' "
        "AND data->>'operation' = 'query'"
    )


@pytest.mark.parametrize("loss", LOSSES[1:3], ids=lambda loss: loss.name)
async def test_entries_modified_and_voided_while_the_connection_is_lost_change_once(world, loss):
    first = await world.firm.plan_sync()
    await world.finish([first])
    before = {e["ref_number"]: e for e in await world.firm.entries()}
    world.firm.set_plan("Budget", {("Consulting Fees", "Strategy Consulting", "Feb 27"): 54_321})
    withdraw_forecast(world, "Mar 27")
    revised = await lose_during_posting(world, loss)

    after = {e["ref_number"]: e for e in await world.firm.entries()}
    modified = [ref for ref, e in after.items() if e["revision"] == 2 and not e["withdrawn"]]
    voided = [ref for ref, e in after.items() if e["withdrawn"]]
    assert len(modified) == 1 and len(voided) == 1
    assert after[modified[0]]["txn_id"] == before[modified[0]]["txn_id"]
    assert world.firm.company.txns[before[voided[0]]["txn_id"]].voided
    assert after[voided[0]]["status"] == "voided"
    assert await found_by_lookup(world) == loss.found_later  # the modification
    await world.check([first, revised])
    await world.check_complete([first, revised])


def withdraw_forecast(world, month: str) -> None:
    """Planners clear a month of the forecast: its posted entry must be voided."""
    module = world.firm.model.module
    time, version = module.axis_index(TIME), module.axis_index(VERSIONS)
    for key in [k for k in module.cells if k[time] == month and k[version] == "Forecast"]:
        del module.cells[key]
