"""Projections used to test the projection machinery itself."""

from __future__ import annotations

from collections.abc import Iterable

import asyncpg

from domain.envelope import RecordedEvent
from projections.base import Sql
from tests.support.events import AmountBooked, CounterIncremented


class CounterTotals:
    """Deliberately NOT idempotent (adds), so a double application would show."""

    name = "test_counter_totals"
    tables = ("test_counter_totals",)

    def apply(self, event: RecordedEvent) -> Iterable[Sql]:
        if isinstance(event.event, CounterIncremented):
            yield Sql(
                "INSERT INTO {test_counter_totals} (counter, total) VALUES ($1, $2) "
                "ON CONFLICT (counter) DO UPDATE SET total = {test_counter_totals}.total + $2",
                (event.event.counter, event.event.by),
            )


class LatestBookings:
    """Idempotent: each row is decided by the last event that touched it."""

    name = "test_latest_bookings"
    tables = ("test_latest_bookings",)

    def apply(self, event: RecordedEvent) -> Iterable[Sql]:
        if isinstance(event.event, AmountBooked):
            yield Sql(
                "INSERT INTO {test_latest_bookings} (account, amount, position, booked_at) "
                "VALUES ($1, $2, $3, $4) ON CONFLICT (account) DO UPDATE SET "
                "amount = excluded.amount, position = excluded.position, "
                "booked_at = excluded.booked_at",
                (event.event.account, event.event.amount, event.position, event.recorded_at),
            )


class Poisoned(CounterTotals):
    """Fails on one event, like a projection with a bug."""

    name = "test_poisoned"
    tables = ("test_counter_totals",)

    def apply(self, event: RecordedEvent) -> Iterable[Sql]:
        if isinstance(event.event, CounterIncremented) and event.event.by < 0:
            raise ValueError("negative increments are not supported")
        return super().apply(event)


async def create_tables(pool: asyncpg.Pool) -> None:
    await pool.execute(
        "CREATE TABLE test_counter_totals (counter text PRIMARY KEY, total bigint NOT NULL)"
    )
    await pool.execute(
        "CREATE TABLE test_latest_bookings (account text PRIMARY KEY, amount numeric NOT NULL, "
        "position bigint NOT NULL, booked_at timestamptz NOT NULL)"
    )
