"""PostgreSQL-specific guarantees of the event store: gap-free tailing, append-only log."""

from __future__ import annotations

import asyncio
import random

import asyncpg
import pytest

from adapters.postgres.eventstore import append_on
from domain.envelope import NO_STREAM, START, LogPosition
from domain.errors import ConcurrencyError
from domain.ports import AppendRequest
from tests.support.events import CounterIncremented


def bump(stream: str, expected: int = -1) -> AppendRequest:
    return AppendRequest(stream, "counter", [CounterIncremented(counter=stream, by=1)], expected)


async def test_an_event_that_commits_late_is_not_skipped(pool, store):
    async with pool.acquire() as slow:
        tx = slow.transaction()
        await tx.start()
        await append_on(slow, bump("late"))  # takes the lower position, commits last
        await store.append(bump("early"))
        assert await store.read_all(START) == []  # the reader waits instead of skipping
        await tx.commit()
    seen = await store.read_all(START)
    assert [e.stream_id for e in seen] == ["late", "early"]


async def test_a_rolled_back_append_leaves_no_hole_readers_wait_on(pool, store):
    async with pool.acquire() as conn:
        tx = conn.transaction()
        await tx.start()
        await append_on(conn, bump("never"))
        await tx.rollback()
    await store.append(bump("after"))
    assert [e.stream_id for e in await store.read_all(START)] == ["after"]


async def test_concurrent_appenders_and_a_tailing_reader_see_every_event_once_in_order(pool, store):
    writers, appends = 8, 200
    done = asyncio.Event()

    async def writer(n: int) -> None:
        async with pool.acquire() as conn:
            for i in range(appends):
                async with conn.transaction():
                    await append_on(conn, bump(f"w{n}", expected=i))
                    if random.random() < 0.2:  # hold some commits back to interleave them
                        await asyncio.sleep(random.random() / 500)

    async def reader() -> list:
        seen, after = [], START
        while True:
            finished = done.is_set()
            batch = await store.read_all(after, limit=137)
            seen += batch
            after = batch[-1].log_position if batch else after
            if finished and not batch:
                return seen
            if not batch:
                await asyncio.sleep(0.001)

    tail = asyncio.create_task(reader())
    await asyncio.gather(*(writer(n) for n in range(writers)))
    done.set()
    seen = await tail

    assert len(seen) == writers * appends
    assert len({e.position for e in seen}) == writers * appends
    order = [e.log_position for e in seen]
    assert order == sorted(order, key=lambda p: (p.tx_id, p.position))
    for n in range(writers):
        versions = [e.version for e in seen if e.stream_id == f"w{n}"]
        assert versions == list(range(1, appends + 1))


async def test_racing_appenders_with_the_same_expected_version_exactly_one_wins(store):
    await store.append(bump("race", expected=NO_STREAM))
    results = await asyncio.gather(
        *(store.append(bump("race", expected=1)) for _ in range(6)), return_exceptions=True
    )
    assert sum(1 for r in results if r == 2) == 1
    assert all(isinstance(r, ConcurrencyError) for r in results if r != 2)


async def test_appends_without_expected_version_all_land_under_contention(store):
    await asyncio.gather(*(store.append(bump("busy")) for _ in range(20)))
    assert [e.version for e in await store.read_stream("busy")] == list(range(1, 21))


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE events SET data = '{}'",
        "DELETE FROM events",
        "TRUNCATE events",
    ],
)
async def test_the_database_refuses_to_change_or_remove_events(pool, store, statement):
    await store.append(bump("kept"))
    with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
        await pool.execute(statement)
    assert len(await store.read_stream("kept")) == 1


async def test_replay_position_before_an_event_starts_with_that_event(store):
    for name in ("a", "b", "c"):
        await store.append(bump(name))
    second = (await store.read_all(START))[1]
    start: LogPosition = await store.log_position_before(second.position)
    assert [e.stream_id for e in await store.read_all(start)] == ["b", "c"]


async def test_a_writing_transaction_in_another_database_does_not_hold_readers_back(
    pg_server_url, store
):
    import asyncpg as pg

    from adapters.postgres.urls import asyncpg_url, with_database

    other = await pg.connect(asyncpg_url(with_database(pg_server_url, "postgres")))
    try:
        tx = other.transaction()
        await tx.start()
        await other.execute("CREATE TEMP TABLE busy (x int); INSERT INTO busy VALUES (1)")
        await store.append(bump("meanwhile"))
        assert [e.stream_id for e in await store.read_all(START)] == ["meanwhile"]
        await tx.rollback()
    finally:
        await other.close()
