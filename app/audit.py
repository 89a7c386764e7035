"""Audit trails: the full history of a record as its causation chain, first event to last.

A record's own events (a journal entry's, a run's, an Anaplan task's...) are the subject.
Its causes are found by following `causation_id` (the position of the causing event) back
to the root; its effects are the events caused, directly or not, by the subject, which
always share the subject's `correlation_id` (metadata is propagated by `caused_by`), so
they are looked for among that correlation's events only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import asyncpg

from adapters.postgres.eventstore import to_recorded
from adapters.postgres.pool import translated_errors
from adapters.postgres.sql import query
from app.caller import Caller
from app.errors import NotFound, Refused
from app.syncs import RUN_KINDS
from domain.envelope import RecordedEvent

_Q = "operations.sql"
MAX_CORRELATED = 20_000  # events of one correlation examined for effects
MAX_DEPTH = 200  # causes followed back


class Role(StrEnum):
    CAUSE = "cause"
    SUBJECT = "subject"
    EFFECT = "effect"


@dataclass(frozen=True, slots=True)
class AuditEvent:
    position: int
    recorded_at: datetime
    stream_id: str
    version: int
    type: str
    role: Role
    actor: str | None
    correlation_id: str | None
    caused_by: int | None  # position of the causing event, when it is an event
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class AuditTrail:
    subject: str
    events: list[AuditEvent]
    truncated: bool  # the correlation had more events than were examined for effects


class Audit:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def journal_entry(
        self, caller: Caller, key: str, connection_id: str | None = None
    ) -> AuditTrail:
        """A journal entry by its RefNumber or its QuickBooks TxnID."""
        rows = await self._fetch("entries_by_key", key, connection_id)
        entries = {(r["connection_id"], r["entry_id"]) for r in rows if caller.sees(r["tenant_id"])}
        if not entries:
            raise NotFound(f"no journal entry with RefNumber or TxnID {key!r}")
        if len(entries) > 1:
            ids = ", ".join(sorted(cid for cid, _ in entries))
            raise Refused(f"{key!r} names entries of several connections ({ids}): pick one")
        (cid, entry_id) = entries.pop()
        seeds = await self._events("entry_events", [entry_id], cid)
        return await self._trail(caller, f"journal entry {key}", seeds)

    async def run(self, caller: Caller, run_id: str) -> AuditTrail:
        streams = [f"{prefix}-{run_id}" for prefix in RUN_KINDS.values()]
        seeds = await self._events("streams_events", streams)
        return await self._trail(caller, f"sync run {run_id}", seeds)

    async def anaplan_task(self, caller: Caller, task_id: str) -> AuditTrail:
        seeds = await self._events("task_events", task_id)
        return await self._trail(caller, f"Anaplan task {task_id}", seeds)

    async def plan_version(self, caller: Caller, connection_id: str, version: str) -> AuditTrail:
        """Every journal entry a plan version produced on one connection."""
        rows = await self._fetch("version_entries", connection_id, version)
        seeds = await self._events("entry_events", [r["entry_id"] for r in rows], connection_id)
        return await self._trail(caller, f"plan version {version!r} of {connection_id}", seeds)

    async def event(self, caller: Caller, position: int) -> AuditTrail:
        seeds = await self._events("events_at", [position])
        return await self._trail(caller, f"event {position}", seeds)

    async def _trail(self, caller: Caller, subject: str, seeds: list[RecordedEvent]) -> AuditTrail:
        if not seeds:
            raise NotFound(f"nothing recorded for {subject}")
        for seed in seeds:
            caller.check(seed.metadata.tenant_id, f"nothing recorded for {subject}")
        causes = await self._causes(seeds)
        correlated, truncated = await self._correlated(seeds)
        effects = _effects(seeds, correlated)
        roles = {e.position: Role.CAUSE for e in causes}
        roles |= {e.position: Role.EFFECT for e in effects}
        roles |= {e.position: Role.SUBJECT for e in seeds}
        known = {e.position: e for e in [*causes, *effects, *seeds]}
        events = [
            _view(known[p], roles[p])
            for p in sorted(known)
            if caller.sees(known[p].metadata.tenant_id)
        ]
        return AuditTrail(subject, events, truncated)

    async def _causes(self, seeds: list[RecordedEvent]) -> list[RecordedEvent]:
        known = {e.position for e in seeds}
        found: list[RecordedEvent] = []
        wanted = _parents(seeds) - known
        for _ in range(MAX_DEPTH):
            if not wanted:
                break
            parents = await self._events("events_at", sorted(wanted))
            found += parents
            known |= wanted
            wanted = _parents(parents) - known
        return found

    async def _correlated(self, seeds: list[RecordedEvent]) -> tuple[list[RecordedEvent], bool]:
        correlations = sorted({c for s in seeds if (c := s.metadata.correlation_id)})
        if not correlations:
            return [], False
        events = await self._events("correlated_events", correlations, MAX_CORRELATED + 1)
        return events[:MAX_CORRELATED], len(events) > MAX_CORRELATED

    async def _fetch(self, name: str, *args: Any) -> list[asyncpg.Record]:
        async with translated_errors():
            rows: list[asyncpg.Record] = await self._pool.fetch(query(_Q, name), *args)
        return rows

    async def _events(self, name: str, *args: Any) -> list[RecordedEvent]:
        return [to_recorded(row) for row in await self._fetch(name, *args)]


def _effects(seeds: list[RecordedEvent], correlated: list[RecordedEvent]) -> list[RecordedEvent]:
    """Events caused, through any number of steps, by a seed (causes precede effects)."""
    reached = {s.position for s in seeds}
    effects = []
    for event in sorted(correlated, key=lambda e: e.position):
        if event.position not in reached and _cause(event) in reached:
            reached.add(event.position)
            effects.append(event)
    return effects


def _parents(events: Iterable[RecordedEvent]) -> set[int]:
    return {p for e in events if (p := _cause(e)) is not None}


def _cause(event: RecordedEvent) -> int | None:
    """The causing event's position; a causation that is a request id has none."""
    causation = event.metadata.causation_id
    return int(causation) if causation and causation.isdigit() else None


def _view(e: RecordedEvent, role: Role) -> AuditEvent:
    meta = e.metadata
    return AuditEvent(
        position=e.position,
        recorded_at=e.recorded_at,
        stream_id=e.stream_id,
        version=e.version,
        type=e.type,
        role=role,
        actor=meta.actor,
        correlation_id=meta.correlation_id,
        caused_by=_cause(e),
        data=json.loads(e.data),
    )
