"""Streams as operators see them: their state per consumer, their events, the log itself.

States (see the `stream_states` view): `in_progress` (work waiting; attempts > 0 means it
keeps failing and is being retried with backoff), `stuck` (parked after too many failures:
needs a retry), `failed` (handled, but the outcome is a failure: a failed run, a journal
entry QuickBooks blocked or rejected) and `completed`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import asyncpg

from adapters.postgres.eventstore import to_recorded
from adapters.postgres.pool import translated_errors
from adapters.postgres.sql import query
from app.caller import Caller
from app.errors import Forbidden, NotFound
from domain.envelope import RecordedEvent

_Q = "operations.sql"


class StreamState(StrEnum):
    IN_PROGRESS = "in_progress"
    STUCK = "stuck"
    FAILED = "failed"
    COMPLETED = "completed"


@dataclass(frozen=True, slots=True)
class StreamRow:
    stream_id: str
    stream_type: str
    consumer: str | None  # None: a failure seen in the read models only
    tenant_id: str | None
    connection_id: str | None
    state: StreamState
    handled_version: int | None
    head_version: int | None
    attempts: int
    last_error: str | None
    since: datetime
    age_seconds: float


@dataclass(frozen=True, slots=True)
class EventView:
    position: int
    stream_id: str
    stream_type: str
    version: int
    type: str
    schema_version: int
    recorded_at: datetime
    data: dict[str, Any]
    metadata: dict[str, Any]

    @classmethod
    def of(cls, e: RecordedEvent) -> EventView:
        return cls(
            e.position,
            e.stream_id,
            e.stream_type,
            e.version,
            e.type,
            e.schema_version,
            e.recorded_at,
            json.loads(e.data),
            json.loads(e.raw_metadata),
        )


@dataclass(frozen=True, slots=True)
class EventPage:
    events: list[EventView]
    next_position: int | None  # where the next page starts; None: the range is exhausted


@dataclass(frozen=True, slots=True)
class SubscriptionLag:
    subscription: str
    position: int
    head_position: int
    events_behind: int
    seconds_behind: float
    attempts: int
    last_error: str | None
    updated_at: datetime


class Streams:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def find(
        self,
        caller: Caller,
        state: StreamState | None = None,
        connection_id: str | None = None,
        limit: int = 100,
    ) -> list[StreamRow]:
        """Oldest first: the stream waiting longest is the one to look at."""
        args = (caller.tenant_id, state, connection_id, limit)
        async with translated_errors():
            rows = await self._pool.fetch(query(_Q, "list_streams"), *args)
        return [StreamRow(**row) for row in rows]

    async def events(
        self, caller: Caller, stream_id: str, after_version: int = 0, limit: int = 500
    ) -> list[EventView]:
        await self.check_visible(caller, stream_id)
        args = (stream_id, after_version, limit)
        async with translated_errors():
            rows = await self._pool.fetch(query(_Q, "stream_page"), *args)
        return [EventView.of(to_recorded(row)) for row in rows]

    async def log(
        self,
        caller: Caller,
        from_position: int,
        to_position: int | None = None,
        limit: int = 500,
        types: list[str] | None = None,
    ) -> EventPage:
        """Events by global position; a tenant sees only its own."""
        upper = to_position if to_position is not None else 2**63 - 1
        args = (from_position, upper, caller.tenant_id, types or None, limit)
        async with translated_errors():
            rows = await self._pool.fetch(query(_Q, "log_range"), *args)
        events = [EventView.of(to_recorded(row)) for row in rows]
        more = len(events) == limit and events[-1].position < upper
        return EventPage(events, events[-1].position + 1 if more else None)

    async def subscriptions(self, caller: Caller) -> list[SubscriptionLag]:
        """Every projection's and dispatcher's place in the log (all tenants at once)."""
        if caller.tenant_id is not None:
            raise Forbidden("subscriptions span every tenant: this needs a platform token")
        async with translated_errors():
            rows = await self._pool.fetch(query(_Q, "subscription_lag"))
        return [SubscriptionLag(**row) for row in rows]

    async def check_visible(self, caller: Caller, stream_id: str) -> str | None:
        """The stream's tenant; a missing or foreign stream is NotFound."""
        async with translated_errors():
            row = await self._pool.fetchrow(query(_Q, "stream_tenant"), stream_id)
        missing = f"no stream {stream_id!r}"
        if row is None:
            raise NotFound(missing)
        caller.check(row["tenant_id"], missing)
        tenant: str | None = row["tenant_id"]
        return tenant
