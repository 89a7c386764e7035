"""Web Connector session rows: the ticket (hashed), expiry, and a snapshot of the session
state, written in the same transaction as the session's events."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from adapters.postgres.eventstore import append_on
from adapters.postgres.pool import translated_errors
from adapters.postgres.sql import query
from domain import codec
from domain.envelope import NO_STREAM, Metadata
from domain.errors import ConcurrencyError
from domain.event import Event
from domain.ports import AppendRequest
from domain.qbwc.session import SessionState

_Q = "qbwc.sql"
STREAM_TYPE = "qbwc-session"


class SessionTaken(Exception):
    """Another live session holds the connection (two Web Connectors raced)."""


def session_stream(session_id: str) -> str:
    return f"qbwc-session-{session_id}"


@dataclass(frozen=True, slots=True)
class StoredSession:
    session_id: str
    connection_id: str
    tenant_id: str
    state: SessionState
    version: int
    expires_at: datetime
    hard_expires_at: datetime
    ended: bool

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at or now >= self.hard_expires_at


@dataclass(frozen=True, slots=True, kw_only=True)
class NewSession:
    session_id: str
    ticket_hash: bytes
    connection_id: str
    tenant_id: str
    now: datetime
    expires_at: datetime
    hard_expires_at: datetime


class QbwcSessionStore:
    def __init__(self, pool: asyncpg.Pool, on_append: Callable[[], None] | None = None) -> None:
        self._pool = pool
        self._on_append = on_append or (lambda: None)

    async def create(
        self, new: NewSession, state: SessionState, events: Sequence[Event], meta: Metadata
    ) -> None:
        stream = AppendRequest(session_stream(new.session_id), STREAM_TYPE, events, NO_STREAM, meta)
        try:
            async with translated_errors(), self._pool.acquire() as conn, conn.transaction():
                await conn.execute(
                    query(_Q, "insert_session"),
                    new.session_id,
                    new.ticket_hash,
                    new.connection_id,
                    new.tenant_id,
                    _encode(state),
                    len(events),
                    new.now,
                    new.expires_at,
                    new.hard_expires_at,
                )
                await append_on(conn, stream)
        except asyncpg.UniqueViolationError:
            raise SessionTaken(new.connection_id) from None
        self._on_append()

    async def by_ticket(self, ticket_hash: bytes) -> StoredSession | None:
        async with translated_errors():
            row = await self._pool.fetchrow(query(_Q, "session_by_ticket"), ticket_hash)
        return None if row is None else _stored(row)

    async def live(self, connection_id: str) -> list[StoredSession]:
        async with translated_errors():
            rows = await self._pool.fetch(query(_Q, "live_sessions"), connection_id)
        return [_stored(row) for row in rows]

    async def save(
        self,
        stored: StoredSession,
        state: SessionState,
        events: Sequence[Event],
        meta: Metadata,
        *,
        now: datetime,
        expires_at: datetime,
    ) -> StoredSession:
        """Append `events` to the session stream and store `state`, atomically; raises
        ConcurrencyError when another process moved the session meanwhile."""
        if not events:
            return stored
        stream = session_stream(stored.session_id)
        request = AppendRequest(stream, STREAM_TYPE, events, stored.version, meta)
        version = stored.version + len(events)
        async with translated_errors(), self._pool.acquire() as conn, conn.transaction():
            await append_on(conn, request)
            status = await conn.execute(
                query(_Q, "save_session"),
                stored.session_id,
                stored.version,
                _encode(state),
                version,
                now,
                expires_at,
                state.ended,
            )
            if not status.endswith(" 1"):
                raise ConcurrencyError(stream, stored.version, None)
        self._on_append()
        return StoredSession(
            stored.session_id,
            stored.connection_id,
            stored.tenant_id,
            state,
            version,
            min(expires_at, stored.hard_expires_at),
            stored.hard_expires_at,
            state.ended,
        )


def _encode(state: SessionState) -> str:
    return codec.to_json(codec.encode(state))


def _stored(row: asyncpg.Record) -> StoredSession:
    state: SessionState = codec.from_dict(SessionState, json.loads(row["state"]))
    return StoredSession(
        row["session_id"],
        row["connection_id"],
        row["tenant_id"],
        state,
        row["version"],
        row["expires_at"],
        row["hard_expires_at"],
        row["ended_at"] is not None,
    )
