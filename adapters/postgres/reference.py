"""What the reference-data surfaces read besides event streams: the Web Connector's
sessions and addresses of a connection, and its latest exported plan."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from adapters.postgres.eventstore import to_recorded
from adapters.postgres.pool import translated_errors
from adapters.postgres.sql import query
from domain import codec
from domain.envelope import RecordedEvent
from domain.qbwc.session import SessionState

_Q = "reference.sql"


@dataclass(frozen=True, slots=True)
class SessionSeen:
    session_id: str
    state: SessionState
    started_at: datetime
    last_seen_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True, slots=True)
class ClientSeen:
    address: str
    client_version: str | None
    version_seen_at: datetime | None
    connection_seen_at: datetime | None


class ReferenceReads:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def latest_session(self, connection_id: str) -> SessionSeen | None:
        return await self._session("latest_session", connection_id)

    async def latest_reported_session(self, connection_id: str) -> SessionSeen | None:
        return await self._session("latest_reported_session", connection_id)

    async def clients(self, connection_id: str) -> list[ClientSeen]:
        async with translated_errors():
            rows = await self._pool.fetch(query(_Q, "client_addresses"), connection_id)
        return [ClientSeen(**row) for row in rows]

    async def latest_plan_export(self, connection_id: str) -> RecordedEvent | None:
        async with translated_errors():
            row = await self._pool.fetchrow(query(_Q, "latest_plan_export"), connection_id)
        return None if row is None else to_recorded(row)

    async def _session(self, name: str, connection_id: str) -> SessionSeen | None:
        async with translated_errors():
            row = await self._pool.fetchrow(query(_Q, name), connection_id)
        if row is None:
            return None
        state: SessionState = codec.from_dict(SessionState, json.loads(row["state"]))
        return SessionSeen(
            row["session_id"], state, row["created_at"], row["last_seen_at"], row["ended_at"]
        )
