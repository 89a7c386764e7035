"""Keeps one projection (or dispatcher) up to date with the log.

Each batch applies the projection's statements and moves its checkpoint in the same
transaction, so an event's effects are recorded exactly once even if the process dies.
Several processes may run the same projection: the checkpoint row is locked with SKIP
LOCKED, so one applies while the others pass.
"""

from __future__ import annotations

import asyncio
import random

import asyncpg
import structlog

from adapters.postgres.eventstore import read_all
from adapters.postgres.notifications import wait_for_wake
from adapters.postgres.pool import TRANSIENT, translated_errors
from adapters.postgres.sql import query
from domain.envelope import LogPosition
from domain.errors import RetryableError
from domain.retry import RetryPolicy
from projections.apply import apply_batch, live_tables
from projections.base import Projection

_Q = "subscriptions.sql"
_RETRY = RetryPolicy(max_seconds=60)
log = structlog.get_logger(__name__)


class ProjectionRunner:
    def __init__(
        self,
        pool: asyncpg.Pool,
        projection: Projection,
        *,
        batch_size: int = 500,
        retry: RetryPolicy = _RETRY,
    ) -> None:
        self.projection = projection
        self._pool = pool
        self._batch_size = batch_size
        self._retry = retry
        self._tables = live_tables(projection)

    async def catch_up(self) -> int:
        """Apply everything available; return how many events were applied."""
        total = 0
        while applied := await self.step():
            total += applied
        return total

    async def step(self) -> int:
        async with translated_errors(), self._pool.acquire() as conn:
            await conn.execute(query(_Q, "ensure_checkpoint"), self.projection.name)
            try:
                return await self._apply_next_batch(conn)
            except TRANSIENT:
                raise
            except Exception as exc:  # a bug or bad data in one projection: back off, go on
                await self._record_failure(conn, exc)
                return 0

    async def run(self, wake: asyncio.Event, poll_interval: float) -> None:
        while True:
            wake.clear()
            try:
                applied = await self.step()
            except RetryableError as exc:
                log.warning("projection paused", projection=self.projection.name, error=str(exc))
                applied = 0
            if applied < self._batch_size:
                await wait_for_wake(wake, poll_interval)

    async def _apply_next_batch(self, conn: asyncpg.Connection) -> int:
        async with conn.transaction():
            row = await conn.fetchrow(query(_Q, "lock_checkpoint"), self.projection.name)
            if row is None:
                return 0
            events = await read_all(
                conn, LogPosition(row["tx_id"], row["position"]), self._batch_size
            )
            if events:
                await apply_batch(conn, self.projection, events, self._tables)
                last = events[-1]
                await conn.execute(
                    query(_Q, "save_checkpoint"),
                    self.projection.name,
                    last.tx_id,
                    last.position,
                )
            return len(events)

    async def _record_failure(self, conn: asyncpg.Connection, exc: Exception) -> None:
        row = await conn.fetchrow(
            "SELECT attempts FROM subscription_checkpoints WHERE name = $1", self.projection.name
        )
        delay = self._retry.delay(row["attempts"] + 1, random.random())
        log.error(
            "projection failed", projection=self.projection.name, error=str(exc), retry_in=delay
        )
        await conn.execute(query(_Q, "checkpoint_failed"), self.projection.name, str(exc), delay)
