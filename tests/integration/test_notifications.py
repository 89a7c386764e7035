"""LISTEN/NOTIFY wakes subscribers in other processes; polling covers a missed one."""

from __future__ import annotations

import asyncio
import contextlib

from adapters.postgres.eventstore import PostgresEventStore
from adapters.postgres.notifications import NotificationChannel, WakeHub
from domain.ports import AppendRequest
from projections.runner import ProjectionRunner
from tests.support.events import CounterIncremented
from tests.support.projections import CounterTotals, create_tables


@contextlib.asynccontextmanager
async def running(channel: NotificationChannel):
    task = asyncio.create_task(channel.run())
    try:
        yield channel
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_an_append_in_one_process_wakes_subscribers_in_another(db_url, pool):
    appender_hub, subscriber_hub = WakeHub(), WakeHub()
    woken = subscriber_hub.subscribe()
    async with (
        running(NotificationChannel(db_url, appender_hub)) as appender,
        running(NotificationChannel(db_url, subscriber_hub)),
    ):
        await asyncio.sleep(0.3)  # both listening
        woken.clear()
        store = PostgresEventStore(pool, on_append=appender.poke)
        await store.append(AppendRequest("n-1", "counter", [CounterIncremented(counter="n", by=1)]))
        await asyncio.wait_for(woken.wait(), 5)


async def test_pokes_in_this_process_wake_local_subscribers_without_the_database():
    hub = WakeHub()
    first, second = hub.subscribe(), hub.subscribe()
    NotificationChannel("postgresql://unused/none", hub).poke()
    assert first.is_set() and second.is_set()


async def test_a_subscriber_that_gets_no_notification_at_all_still_catches_up(pool, store):
    await create_tables(pool)
    never_woken = WakeHub().subscribe()
    runner = asyncio.create_task(ProjectionRunner(pool, CounterTotals()).run(never_woken, 0.05))
    try:
        await store.append(AppendRequest("n-2", "counter", [CounterIncremented(counter="n", by=2)]))
        for _ in range(200):
            if await pool.fetchval("SELECT total FROM test_counter_totals") == 2:
                break
            await asyncio.sleep(0.02)
        else:
            raise AssertionError("polling never picked the event up")
    finally:
        runner.cancel()
