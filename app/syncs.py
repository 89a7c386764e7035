"""Sync runs: requesting one of the two flows, and following its progress and errors.

A request is one event on a new run stream (`plansync-<run_id>` or `actualsync-<run_id>`);
the flows' reactors take it from there. Progress comes from the read models (`sync_runs`
joined with the journal entries each run staged); errors from the run's correlated events.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import asyncpg

from adapters.postgres.eventstore import to_recorded
from adapters.postgres.pool import translated_errors
from adapters.postgres.sql import query
from app.caller import Caller
from app.connection_admin import ConnectionAdmin
from app.errors import InvalidInput, NotFound, Refused
from domain.envelope import NO_STREAM, Metadata, RecordedEvent
from domain.event import Event
from domain.events import (
    ActualsImported,
    ActualsImportFailed,
    ActualsSyncRequested,
    ActualsWaiting,
    JournalBlocked,
    JournalPostRejected,
    JournalRequestLost,
    PlanEntryRejected,
    PlanExportFailed,
    PlanStagingWaiting,
    PlanSyncRequested,
    StreamParked,
)
from domain.period import parse_month
from domain.ports import AppendRequest, EventStore

_Q = "operations.sql"
RUN_KINDS = {"plan_to_ledger": "plansync", "ledger_to_plan": "actualsync"}
ERROR_TYPES = [
    cls.__name__
    for cls in (
        PlanExportFailed,
        PlanEntryRejected,
        PlanStagingWaiting,
        ActualsWaiting,
        ActualsImportFailed,
        ActualsImported,
        StreamParked,
        JournalBlocked,
        JournalPostRejected,
        JournalRequestLost,
    )
]


_ENTRY_COUNTS = (
    "entries",
    "entries_pending",
    "entries_posted",
    "entries_blocked",
    "entries_rejected",
    "entries_voided",
)


def run_stream(kind: str, run_id: str) -> str:
    return f"{RUN_KINDS[kind]}-{run_id}"


@dataclass(frozen=True, slots=True)
class RunProgress:
    run_id: str
    connection_id: str
    tenant_id: str | None
    kind: str
    status: str
    requested_by: str
    reason: str
    first_period: str | None
    last_period: str | None
    detail: str | None
    rows_in: int | None
    rows_out: int | None
    staging_rejections: int
    requested_at: datetime
    updated_at: datetime
    ended_at: datetime | None
    entries: int
    entries_pending: int
    entries_posted: int
    entries_blocked: int
    entries_rejected: int
    entries_voided: int


@dataclass(frozen=True, slots=True)
class RunEntry:
    entry_id: str
    ref_number: str
    version: str
    period: str
    part: int
    revision: int
    withdrawn: bool
    status: str
    total: Decimal
    lines: int
    txn_id: str | None
    posted_revision: int | None
    last_error: str | None
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class RunError:
    position: int
    recorded_at: datetime
    event_type: str
    stream_id: str
    message: str


@dataclass(frozen=True, slots=True)
class RunDetail:
    run: RunProgress
    entries: list[RunEntry]
    errors: list[RunError]


class Syncs:
    def __init__(self, pool: asyncpg.Pool, store: EventStore, admin: ConnectionAdmin) -> None:
        self._pool = pool
        self._store = store
        self._admin = admin

    async def request_plan(self, caller: Caller, connection_id: str, reason: str = "manual") -> str:
        """Plan -> ledger: export the approved plan and post it as journal entries."""
        run_id = uuid.uuid4().hex
        event = PlanSyncRequested(
            run_id=run_id, connection_id=connection_id, requested_by=caller.actor, reason=reason
        )
        await self._request(caller, connection_id, "plan_to_ledger", event, run_id)
        return run_id

    async def request_actuals(
        self,
        caller: Caller,
        connection_id: str,
        first_period: str,
        last_period: str,
        reason: str = "manual",
    ) -> str:
        """Ledger -> plan: import the actuals of a range of months into the model."""
        first, last = parse_month(first_period), parse_month(last_period)
        if first > last:
            raise InvalidInput(f"the range {first.key}..{last.key} ends before it starts")
        run_id = uuid.uuid4().hex
        event = ActualsSyncRequested(
            run_id=run_id,
            connection_id=connection_id,
            first_period=first.key,
            last_period=last.key,
            requested_by=caller.actor,
            reason=reason,
        )
        await self._request(caller, connection_id, "ledger_to_plan", event, run_id)
        return run_id

    async def runs(
        self,
        caller: Caller,
        connection_id: str | None = None,
        status: str | None = None,
        limit: int = 50,
    ) -> list[RunProgress]:
        args = (caller.tenant_id, connection_id, status, limit)
        async with translated_errors():
            rows = await self._pool.fetch(query(_Q, "list_runs"), *args)
        return [RunProgress(**row) for row in rows]

    async def run(self, caller: Caller, run_id: str) -> RunDetail:
        progress = await self._progress(caller, run_id)
        async with translated_errors():
            entries = await self._pool.fetch(query(_Q, "run_entries"), run_id)
            events = await self._pool.fetch(query(_Q, "run_error_events"), run_id, ERROR_TYPES)
        errors = [error for row in events if (error := _error(to_recorded(row)))]
        return RunDetail(progress, [RunEntry(**row) for row in entries], errors)

    async def _request(
        self, caller: Caller, connection_id: str, kind: str, event: Event, run_id: str
    ) -> None:
        connection = await self._admin.visible(caller, connection_id)
        if not connection.enabled:
            raise Refused(f"connection {connection_id!r} is disabled")
        meta = Metadata(
            actor=caller.actor,
            tenant_id=connection.tenant_id,
            connection_id=connection_id,
            correlation_id=run_id,
        )
        stream = run_stream(kind, run_id)
        await self._store.append(AppendRequest(stream, RUN_KINDS[kind], [event], NO_STREAM, meta))

    async def _progress(self, caller: Caller, run_id: str) -> RunProgress:
        async with translated_errors():
            row = await self._pool.fetchrow(query(_Q, "run_progress"), run_id)
        progress = RunProgress(**row) if row else await self._just_requested(run_id)
        caller.check(progress.tenant_id, f"no sync run {run_id!r}")
        return progress

    async def _just_requested(self, run_id: str) -> RunProgress:
        """A run the read model has not seen yet still exists: its request is in the log."""
        for kind in RUN_KINDS:
            events = await self._store.read_stream(run_stream(kind, run_id))
            if events:
                return _requested(kind, events[0])
        raise NotFound(f"no sync run {run_id!r}")


def _requested(kind: str, first: RecordedEvent) -> RunProgress:
    e: Any = first.event
    ranged = kind == "ledger_to_plan"
    return RunProgress(
        run_id=e.run_id,
        connection_id=e.connection_id,
        tenant_id=first.metadata.tenant_id,
        kind=kind,
        status="requested",
        requested_by=e.requested_by,
        reason=e.reason,
        first_period=e.first_period if ranged else None,
        last_period=e.last_period if ranged else None,
        detail=None,
        rows_in=None,
        rows_out=None,
        staging_rejections=0,
        requested_at=first.recorded_at,
        updated_at=first.recorded_at,
        ended_at=None,
        **dict.fromkeys(_ENTRY_COUNTS, 0),
    )


def _error(recorded: RecordedEvent) -> RunError | None:
    message = describe(recorded.event)
    if message is None:
        return None
    return RunError(
        recorded.position, recorded.recorded_at, recorded.type, recorded.stream_id, message
    )


def describe(event: Event) -> str | None:
    """One line an operator can act on, for events that report a failure or a wait."""
    match event:
        case PlanExportFailed(error=error) | ActualsImportFailed(error=error):
            return error
        case PlanEntryRejected(version=version, period=period, problems=problems):
            return f"{version} {period} not staged: " + "; ".join(problems)
        case PlanStagingWaiting(reason=reason) | ActualsWaiting(reason=reason):
            return f"waiting: {reason}"
        case ActualsImported(rejections=rejections, rows_failed=failed) if failed or rejections:
            return f"{failed} rows rejected by Anaplan: " + "; ".join(rejections)
        case StreamParked(consumer=consumer, attempts=attempts, error=error):
            return f"{consumer} parked the stream after {attempts} attempts: {error}"
        case JournalBlocked(entry_id=entry_id, problems=problems):
            return f"entry {entry_id} blocked: " + "; ".join(problems)
        case JournalPostRejected(entry_id=entry_id, operation=op, status_code=code) as e:
            return f"entry {entry_id}: {op} refused ({code}): {e.status_message}"
        case JournalRequestLost(entry_id=entry_id, reason=reason):
            return f"entry {entry_id}: request lost ({reason}), checked again next session"
    return None
