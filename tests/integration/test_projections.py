"""Projection runner and rebuilds against PostgreSQL."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from domain.envelope import START
from domain.ports import AppendRequest
from projections.rebuild import rebuild
from projections.runner import ProjectionRunner
from tests.support.events import AmountBooked, CounterIncremented
from tests.support.projections import CounterTotals, LatestBookings, Poisoned, create_tables


@pytest.fixture
async def tables(pool):
    await create_tables(pool)


def count(counter: str, by: int = 1) -> AppendRequest:
    return AppendRequest(
        f"counter-{counter}", "counter", [CounterIncremented(counter=counter, by=by)]
    )


def book(account: str, amount: str) -> AppendRequest:
    return AppendRequest(
        f"acct-{account}", "acct", [AmountBooked(account=account, amount=Decimal(amount))]
    )


async def rows(pool, table: str) -> list[tuple]:
    return [tuple(r) for r in await pool.fetch(f"SELECT * FROM {table} ORDER BY 1")]


async def test_runner_applies_each_event_once_and_remembers_where_it_was(pool, store, tables):
    for _ in range(3):
        await store.append(count("a"))
    assert await ProjectionRunner(pool, CounterTotals()).catch_up() == 3
    await store.append(count("a", by=10))
    assert await ProjectionRunner(pool, CounterTotals()).catch_up() == 1  # a fresh runner resumes
    assert await rows(pool, "test_counter_totals") == [("a", 13)]


async def test_runners_in_parallel_never_apply_an_event_twice(pool, store, tables):
    await asyncio.gather(*(store.append(count(f"c{n % 5}")) for n in range(300)))
    runners = [ProjectionRunner(pool, CounterTotals(), batch_size=7) for _ in range(4)]

    async def drain(runner):
        for _ in range(200):
            await runner.step()

    await asyncio.gather(*(drain(r) for r in runners))
    totals = dict(await pool.fetch("SELECT counter, total FROM test_counter_totals"))
    assert totals == {f"c{n}": 60 for n in range(5)}


async def test_a_failing_projection_keeps_no_partial_effects_and_records_the_error(
    pool, store, tables
):
    await store.append(count("p", by=1))
    await store.append(count("p", by=-1))
    runner = ProjectionRunner(pool, Poisoned(), batch_size=10)
    assert await runner.step() == 0
    assert await rows(pool, "test_counter_totals") == []  # the good event rolled back too
    row = await pool.fetchrow(
        "SELECT position, attempts, last_error FROM subscription_checkpoints WHERE name = $1",
        "test_poisoned",
    )
    assert (row["position"], row["attempts"]) == (0, 1)
    assert "negative increments" in row["last_error"]
    assert await ProjectionRunner(pool, CounterTotals()).catch_up() == 2  # others go on


async def test_rebuild_from_zero_equals_the_incrementally_built_rows(pool, store, tables):
    for n in range(40):
        await store.append(book(f"{4000 + n % 7}", f"{n}.{n % 10}0"))
    await ProjectionRunner(pool, LatestBookings(), batch_size=9).catch_up()
    incremental = await rows(pool, "test_latest_bookings")
    await pool.execute("UPDATE test_latest_bookings SET amount = 0")  # damage the read model
    result = await rebuild(pool, LatestBookings(), batch_size=8)
    assert result.events_applied == 40
    assert await rows(pool, "test_latest_bookings") == incremental


async def test_rebuild_from_a_position_converges_and_later_events_flow_on(pool, store, tables):
    for n in range(20):
        await store.append(book(f"{n % 4}", f"{n}.00"))
    runner = ProjectionRunner(pool, LatestBookings())
    await runner.catch_up()
    incremental = await rows(pool, "test_latest_bookings")
    tenth = (await store.read_all(START))[9]
    start = await store.log_position_before(tenth.position)
    await pool.execute(
        "UPDATE test_latest_bookings SET amount = -1 WHERE position >= $1", tenth.position
    )
    result = await rebuild(pool, LatestBookings(), start)
    assert result.events_applied == 11
    assert await rows(pool, "test_latest_bookings") == incremental
    await store.append(book("9", "1.00"))
    assert await runner.catch_up() == 1  # the live runner continues from the swapped checkpoint


async def test_rebuild_keeps_views_that_depend_on_the_tables(pool, store, tables):
    await pool.execute(
        "CREATE VIEW test_booking_sum AS SELECT sum(amount) AS s FROM test_latest_bookings"
    )
    await store.append(book("1", "2.50"))
    await rebuild(pool, LatestBookings())
    assert await pool.fetchval("SELECT s FROM test_booking_sum") == Decimal("2.50")
