"""Per-(consumer, stream) cursors: which streams have work, claims, progress and parking."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass

import asyncpg

from adapters.postgres.pool import connect, translated_errors
from adapters.postgres.sql import query
from domain.envelope import RecordedEvent
from projections.base import Sql

_Q = "subscriptions.sql"


@dataclass(frozen=True, slots=True)
class DueStream:
    stream_id: str
    handled_version: int
    head_version: int
    attempts: int
    last_error: str | None


class Dispatcher:
    """A projection that turns the log into 'stream S has work for consumer C' rows."""

    def __init__(self, consumer: str, event_types: frozenset[str]) -> None:
        self.name = f"dispatch:{consumer}"
        self.tables: tuple[str, ...] = ()
        self._consumer = consumer
        self._event_types = event_types

    def apply(self, event: RecordedEvent) -> Iterable[Sql]:
        if event.type not in self._event_types:
            return ()
        meta = event.metadata
        args = (
            self._consumer,
            event.stream_id,
            event.stream_type,
            meta.tenant_id,
            meta.connection_id,
            event.version,
            event.recorded_at,
        )
        return (Sql(query(_Q, "advance_head"), args),)


class Cursors:
    def __init__(self, pool: asyncpg.Pool, consumer: str) -> None:
        self._pool = pool
        self.consumer = consumer

    async def due(self, limit: int) -> list[DueStream]:
        async with translated_errors():
            rows = await self._pool.fetch(query(_Q, "due_streams"), self.consumer, limit)
        return [DueStream(**row) for row in rows]

    async def mark_handled(self, stream_id: str, version: int) -> None:
        async with translated_errors():
            await self._pool.execute(query(_Q, "mark_handled"), self.consumer, stream_id, version)

    async def mark_failed(self, stream_id: str, error: str, delay: float, park: bool) -> int:
        """Record a failed attempt; return the attempt count."""
        args = (self.consumer, stream_id, error, delay, park)
        async with translated_errors():
            row = await self._pool.fetchrow(query(_Q, "mark_failed"), *args)
        return int(row["attempts"])

    async def unpark(self, stream_id: str) -> bool:
        async with translated_errors():
            row = await self._pool.fetchrow(query(_Q, "unpark"), self.consumer, stream_id)
        return row is not None

    async def rewind(self, stream_id: str, to_version: int) -> bool:
        args = (self.consumer, stream_id, to_version)
        async with translated_errors():
            row = await self._pool.fetchrow(query(_Q, "rewind"), *args)
        return row is not None


class Claims:
    """Exclusive claims on streams, held as session advisory locks on one connection.

    If this process dies, its connection dies with it and PostgreSQL drops every claim at
    once; keepalives (see pool.py) bound how long a vanished host's claims linger.
    Advisory locks are re-entrant per session, so claims taken inside this process are
    also tracked here to keep two tasks of one worker off the same stream. If the connection
    is lost while handlers run, another worker may take their streams: handlers are
    idempotent and cursors only move forward, so that costs a repeat, never a loss.
    """

    def __init__(self, url: str) -> None:
        self._url = url
        self._conn: asyncpg.Connection | None = None
        self._lock = asyncio.Lock()
        self._held: set[tuple[str, str]] = set()

    async def try_claim(self, consumer: str, stream_id: str) -> bool:
        key = (consumer, stream_id)
        async with self._lock:
            if key in self._held:
                return False
            conn = await self._connection()
            if not await conn.fetchval(query(_Q, "try_claim"), consumer, stream_id):
                return False
            self._held.add(key)
            return True

    async def release(self, consumer: str, stream_id: str) -> None:
        key = (consumer, stream_id)
        async with self._lock:
            self._held.discard(key)
            if self._conn is not None and not self._conn.is_closed():
                await self._conn.fetchval(query(_Q, "release_claim"), consumer, stream_id)

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()

    async def _connection(self) -> asyncpg.Connection:
        if self._conn is None or self._conn.is_closed():
            async with translated_errors():
                self._conn = await connect(self._url)
        return self._conn
