"""Appending a source's events with the session's ids in the metadata."""

from __future__ import annotations

from collections.abc import Sequence

from app.qbwc.work import SessionInfo
from domain.envelope import Metadata
from domain.event import Event
from domain.ports import AppendRequest, EventStore


async def append(
    store: EventStore, stream: str, kind: str, events: Sequence[Event], session: SessionInfo
) -> None:
    meta = Metadata(
        correlation_id=session.session_id,
        actor="qbwc",
        tenant_id=session.tenant_id,
        connection_id=session.connection_id,
    )
    await store.append(AppendRequest(stream, kind, list(events), metadata=meta))
