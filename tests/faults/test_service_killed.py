"""The API process (the Web Connector's SOAP endpoint) killed with SIGKILL in the middle of
a posting exchange, then started again: QuickBooks may have applied what it was sent, the
service may have recorded some answers and not others; the next session looks every entry
up before writing, so each is posted exactly once."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest

from tests.faults.world import FaultWorld, fault_world


@dataclass(frozen=True)
class Kill:
    name: str
    event_type: str
    containing: str


KILLS = [
    Kill("lookups handed to the Web Connector", "QbxmlMessageSent", "JournalEntryQuery"),
    Kill("writes handed to the Web Connector", "QbxmlMessageSent", "JournalEntryAdd"),
    Kill("answers to the writes half recorded", "TxnRecorded", '"operation": "add"'),
]


@pytest.fixture
async def world(db_url, spares):
    async with fault_world(db_url, spares, service_process=True) as w:
        await w.read_chart()
        yield w


async def kill_and_restart_service(world: FaultWorld, kill: Kill) -> None:
    await world.wait_for_event(kill.event_type, containing=kill.containing)
    [service] = [p for p in world.processes.running if p.name.endswith("serve")]
    await service.kill()
    await world.start_service()


@pytest.mark.parametrize("kill", KILLS, ids=lambda kill: kill.name)
async def test_entries_posted_while_the_service_is_killed_are_posted_once(world, kill):
    run = await world.firm.plan_sync()
    await world.staged(run)
    killer = asyncio.ensure_future(kill_and_restart_service(world, kill))
    await world.finish([run])
    await killer

    assert len([p for p in world.processes.started if p.name.endswith("serve")]) == 2
    await world.check([run])
    await world.check_complete([run])
    assert len(world.firm.our_journal_entries()) == len(await world.firm.entries())
