"""Replays: rebuild read models from any point of the log, re-drive one stream for a consumer.

Both are idempotent. A rebuild from position 0 recomputes a projection from nothing; from a
later position it re-applies the events from there on top of the current rows, which
converges because projections are upserts. A re-drive moves one consumer's cursor back so
it handles the stream's events again from a chosen version; reactors are at-least-once
handlers, so handling an event twice never repeats its effect (the posting flow queries
QuickBooks before it writes anything).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import asyncpg

from adapters.postgres.cursors import Cursors
from adapters.postgres.pool import translated_errors
from adapters.postgres.sql import query
from app import metrics
from app.caller import Caller
from app.errors import Forbidden, InvalidInput, NotFound
from app.reactors import parking_stream
from domain.envelope import START, LogPosition, Metadata
from domain.events import ProjectionRebuilt, StreamRedriven
from domain.ports import AppendRequest, EventStore
from projections.base import Projection
from projections.rebuild import rebuild

_Q = "operations.sql"
Progress = Callable[[str, int], None]


def projection_stream(name: str) -> str:
    return f"projection-{name}"


@dataclass(frozen=True, slots=True)
class Rebuilt:
    projection: str
    from_position: int
    events_applied: int


@dataclass(frozen=True, slots=True)
class Redriven:
    consumer: str
    stream_id: str
    from_version: int
    head_version: int


def _reporting(progress: Progress, name: str) -> Callable[[int], None]:
    return lambda applied: progress(name, applied)


class Replays:
    def __init__(
        self, pool: asyncpg.Pool, store: EventStore, projections: Sequence[Projection]
    ) -> None:
        self._pool = pool
        self._store = store
        self._projections = {p.name: p for p in projections}

    @property
    def projection_names(self) -> list[str]:
        return sorted(self._projections)

    async def rebuild(
        self,
        caller: Caller,
        name: str | None = None,
        from_position: int = 0,
        progress: Progress = lambda name, applied: None,
    ) -> list[Rebuilt]:
        """Rebuild one projection, or all of them, re-applying events from `from_position`."""
        if caller.tenant_id is not None:
            raise Forbidden("read models hold every tenant: rebuilding needs a platform token")
        targets = self._targets(name)
        start = await self._start(from_position)
        done = []
        for projection in targets:
            report = _reporting(progress, projection.name)
            result = await rebuild(self._pool, projection, start, progress=report)
            done.append(Rebuilt(projection.name, from_position, result.events_applied))
            await self._record_rebuild(caller, done[-1])
        return done

    async def redrive(
        self, caller: Caller, consumer: str, stream_id: str, from_version: int
    ) -> Redriven:
        """Have `consumer` handle `stream_id` again from event `from_version` on."""
        cursor = await self._cursor(caller, consumer, stream_id)
        if not 1 <= from_version <= cursor["head_version"]:
            raise InvalidInput(
                f"{stream_id!r} has versions 1..{cursor['head_version']} for {consumer!r}"
            )
        await Cursors(self._pool, consumer).rewind(stream_id, from_version - 1)
        cause = await self._store.read_stream(stream_id, from_version - 1)
        event = StreamRedriven(
            consumer=consumer,
            stream_id=stream_id,
            from_version=from_version,
            requested_by=caller.actor,
        )
        meta = Metadata(actor=caller.actor).caused_by(cause[0])
        parking = parking_stream(consumer, stream_id)
        await self._store.append(AppendRequest(parking, "parking", [event], metadata=meta))
        metrics.OPERATOR_ACTIONS.labels("redrive").inc()
        return Redriven(consumer, stream_id, from_version, cursor["head_version"])

    def _targets(self, name: str | None) -> list[Projection]:
        if name is None:
            return [self._projections[n] for n in self.projection_names]
        if name not in self._projections:
            known = ", ".join(self.projection_names)
            raise InvalidInput(f"no projection {name!r}; known: {known}")
        return [self._projections[name]]

    async def _start(self, from_position: int) -> LogPosition:
        """Just before the first event at or after `from_position` in the log's order."""
        if from_position <= 0:
            return START
        async with translated_errors():
            row = await self._pool.fetchrow(query(_Q, "first_event_from"), from_position)
        if row is None:
            raise InvalidInput(f"the log has no event at or after position {from_position}")
        return LogPosition(row["tx_id"], row["position"] - 1)

    async def _cursor(self, caller: Caller, consumer: str, stream_id: str) -> asyncpg.Record:
        async with translated_errors():
            row = await self._pool.fetchrow(query(_Q, "cursor"), consumer, stream_id)
        missing = f"{consumer!r} has never handled {stream_id!r}"
        if row is None:
            raise NotFound(missing)
        caller.check(row["tenant_id"], missing)
        return row

    async def _record_rebuild(self, caller: Caller, done: Rebuilt) -> None:
        event = ProjectionRebuilt(
            projection=done.projection,
            from_position=done.from_position,
            events_applied=done.events_applied,
            requested_by=caller.actor,
        )
        request = AppendRequest(
            projection_stream(done.projection),
            "projection",
            [event],
            metadata=Metadata(actor=caller.actor),
        )
        await self._store.append(request)
        metrics.OPERATOR_ACTIONS.labels("rebuild").inc()
