"""The PostgreSQL event store: append with optimistic concurrency, gap-free tailing reads."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Sequence
from typing import Any

import asyncpg

from adapters.postgres.pool import translated_errors
from adapters.postgres.sql import query
from domain.codec import to_json
from domain.envelope import ANY_VERSION, LogPosition, RecordedEvent
from domain.errors import ConcurrencyError
from domain.ports import AppendRequest

_Q = "eventstore.sql"
_ANY_RETRIES = 100


class PostgresEventStore:
    def __init__(self, pool: asyncpg.Pool, on_append: Callable[[], None] | None = None) -> None:
        self._pool = pool
        self._on_append = on_append or (lambda: None)

    async def append(self, request: AppendRequest) -> int:
        async with translated_errors(), self._pool.acquire() as conn:
            version = await _append_retrying_any(conn, request)
        self._on_append()
        return version

    async def append_batch(self, requests: Sequence[AppendRequest]) -> list[int]:
        async with translated_errors(), self._pool.acquire() as conn, conn.transaction():
            versions = [await append_on(conn, request) for request in requests]
        self._on_append()
        return versions

    async def read_stream(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        async with translated_errors():
            rows = await self._pool.fetch(query(_Q, "read_stream"), stream_id, after_version)
        return [to_recorded(row) for row in rows]

    async def read_streams(self, stream_ids: Sequence[str]) -> dict[str, list[RecordedEvent]]:
        """Several whole streams in one round trip (e.g. every open journal entry)."""
        async with translated_errors():
            rows = await self._pool.fetch(query(_Q, "read_streams"), list(stream_ids))
        streams: dict[str, list[RecordedEvent]] = {stream_id: [] for stream_id in stream_ids}
        for row in rows:
            streams[row["stream_id"]].append(to_recorded(row))
        return streams

    async def read_all(self, after: LogPosition, limit: int = 1000) -> list[RecordedEvent]:
        async with translated_errors(), self._pool.acquire() as conn:
            return await read_all(conn, after, limit)

    async def read_range(
        self, from_position: int, to_position: int, limit: int = 1000
    ) -> list[RecordedEvent]:
        sql = query(_Q, "read_range")
        async with translated_errors():
            rows = await self._pool.fetch(sql, from_position, to_position, limit)
        return [to_recorded(row) for row in rows]

    async def stream_version(self, stream_id: str) -> int:
        async with translated_errors():
            version: int = await self._pool.fetchval(query(_Q, "stream_version"), stream_id)
        return version

    async def log_position_before(self, position: int) -> LogPosition:
        """The reader position just before the event at `position` (for replays)."""
        async with translated_errors():
            row = await self._pool.fetchrow(query(_Q, "log_position_of"), position)
        if row is None:
            raise LookupError(f"no event at position {position}")
        return LogPosition(row["tx_id"], row["position"] - 1)


async def read_all(conn: asyncpg.Connection, after: LogPosition, limit: int) -> list[RecordedEvent]:
    """Commit-safe read on a given connection (projections read inside their transaction)."""
    rows = await conn.fetch(query(_Q, "read_all"), after.tx_id, after.position, limit)
    return [to_recorded(row) for row in rows]


async def _append_retrying_any(conn: asyncpg.Connection, request: AppendRequest) -> int:
    """An append with no expected version that loses a race simply goes again on top."""
    for attempt in range(_ANY_RETRIES):
        try:
            return await append_on(conn, request)
        except ConcurrencyError:
            if request.expected_version != ANY_VERSION:
                raise
            await asyncio.sleep(random.random() * 0.001 * attempt)
    return await append_on(conn, request)


async def append_on(conn: asyncpg.Connection, request: AppendRequest) -> int:
    """Append on a given connection, e.g. inside a caller's transaction."""
    if not request.events:
        raise ValueError(f"nothing to append to {request.stream_id!r}")
    try:
        rows = await conn.fetch(query(_Q, "append"), *_append_args(request))
    except asyncpg.UniqueViolationError:
        # Lost a race to another appender; inside a transaction we cannot ask for more.
        raise ConcurrencyError(request.stream_id, request.expected_version, None) from None
    if not rows:
        actual = await conn.fetchval(query(_Q, "stream_version"), request.stream_id)
        raise ConcurrencyError(request.stream_id, request.expected_version, actual)
    return int(rows[-1]["version"])


def _append_args(request: AppendRequest) -> tuple[Any, ...]:
    events = request.events
    return (
        request.stream_id,
        request.stream_type,
        request.expected_version,
        [event.type for event in events],
        [event.VERSION for event in events],
        [to_json(event.to_data()) for event in events],
        to_json(request.metadata.to_data()),
    )


def to_recorded(row: asyncpg.Record) -> RecordedEvent:
    # Positional, in the column order of the queries; asyncpg hands jsonb over as text and
    # RecordedEvent parses it only when asked.
    return RecordedEvent(*row)
