"""Retry: put a stuck or failed stream back to work in one action, recorded as events.

- A parked stream is unparked for each consumer that parked it, and `StreamRetryRequested`
  is recorded beside its `StreamParked`; the worker's next success records
  `StreamRecovered`, a new failure parks it again.
- A journal entry QuickBooks blocked or rejected gets `JournalRetryRequested` on its own
  stream, which sends it through the posting flow again (after the cause was fixed, e.g.
  the account made active or the mapping corrected).
- A failed run is requested again as a new run of the same kind and range.
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from adapters.postgres.cursors import Cursors
from adapters.postgres.eventstore import to_recorded
from adapters.postgres.pool import translated_errors
from adapters.postgres.sql import query
from app import metrics
from app.caller import Caller
from app.connection_admin import ConnectionAdmin
from app.errors import NotFound, Refused
from app.reactors import parking_stream
from app.streams import Streams
from app.syncs import RUN_KINDS, Syncs
from domain.envelope import Metadata, RecordedEvent
from domain.events import JournalRetryRequested, StreamRetryRequested
from domain.ports import AppendRequest, EventStore

_Q = "operations.sql"
FAILED_ENTRY = ("blocked", "rejected")


@dataclass(frozen=True, slots=True)
class Retried:
    stream_id: str
    unparked: tuple[str, ...] = ()  # consumers that will handle the stream again
    journal_entry: str | None = None  # the entry sent through posting again
    new_run: str | None = None  # the run that replaces a failed one


class Retries:
    def __init__(
        self,
        pool: asyncpg.Pool,
        store: EventStore,
        streams: Streams,
        syncs: Syncs,
        admin: ConnectionAdmin,
    ) -> None:
        self._pool = pool
        self._store = store
        self._streams = streams
        self._syncs = syncs
        self._admin = admin

    async def retry_stream(
        self, caller: Caller, stream_id: str, consumer: str | None = None
    ) -> Retried:
        await self._streams.check_visible(caller, stream_id)
        unparked = await self._unpark(caller, stream_id, consumer)
        entry = await self._retry_entry(caller, stream_id)
        new_run = await self._rerun(caller, stream_id)
        if not (unparked or entry or new_run):
            raise Refused(f"{stream_id!r} is neither stuck nor failed: nothing to retry")
        return Retried(stream_id, unparked, entry, new_run)

    async def retry_connection(self, caller: Caller, connection_id: str) -> list[Retried]:
        """Every stuck or failed stream of one connection."""
        await self._admin.visible(caller, connection_id)
        async with translated_errors():
            rows = await self._pool.fetch(query(_Q, "connection_retry_candidates"), connection_id)
        done = []
        for row in rows:
            try:
                done.append(await self.retry_stream(caller, row["stream_id"]))
            except Refused:  # moved on since the list was read: nothing left to do there
                continue
        return done

    async def _unpark(
        self, caller: Caller, stream_id: str, consumer: str | None
    ) -> tuple[str, ...]:
        async with translated_errors():
            rows = await self._pool.fetch(query(_Q, "stream_cursors"), stream_id, consumer)
        if consumer is not None and not rows:
            raise NotFound(f"{consumer!r} has never handled {stream_id!r}")
        parked = [row["consumer"] for row in rows if row["status"] == "parked"]
        return tuple([c for c in parked if await self._unpark_one(caller, c, stream_id)])

    async def _unpark_one(self, caller: Caller, consumer: str, stream_id: str) -> bool:
        if not await Cursors(self._pool, consumer).unpark(stream_id):
            return False  # someone else retried it a moment ago
        parking = parking_stream(consumer, stream_id)
        cause = await self._last_event(parking) or await self._last_event(stream_id)
        event = StreamRetryRequested(
            consumer=consumer, stream_id=stream_id, requested_by=caller.actor
        )
        await self._append(parking, "parking", event, caller, cause)
        metrics.OPERATOR_ACTIONS.labels("retry_stream").inc()
        return True

    async def _retry_entry(self, caller: Caller, stream_id: str) -> str | None:
        async with translated_errors():
            row = await self._pool.fetchrow(query(_Q, "stream_journal_entry"), stream_id)
        if row is None or row["status"] not in FAILED_ENTRY:
            return None
        event = JournalRetryRequested(
            connection_id=row["connection_id"],
            entry_id=row["entry_id"],
            requested_by=caller.actor,
        )
        last = await self._last_event(stream_id)
        assert last is not None  # the entry was found through this stream's events
        await self._append(stream_id, last.stream_type, event, caller, last)
        metrics.OPERATOR_ACTIONS.labels("retry_entry").inc()
        entry_id: str = row["entry_id"]
        return entry_id

    async def _rerun(self, caller: Caller, stream_id: str) -> str | None:
        kind_prefix, _, run_id = stream_id.partition("-")
        if kind_prefix not in RUN_KINDS.values():
            return None
        async with translated_errors():
            run = await self._pool.fetchrow(query(_Q, "failed_run"), run_id)
        if run is None:
            return None
        reason = f"retry of run {run_id}"
        if run["kind"] == "plan_to_ledger":
            new_run = await self._syncs.request_plan(caller, run["connection_id"], reason)
        else:
            new_run = await self._syncs.request_actuals(
                caller, run["connection_id"], run["first_period"], run["last_period"], reason
            )
        metrics.OPERATOR_ACTIONS.labels("retry_run").inc()
        return new_run

    async def _last_event(self, stream_id: str) -> RecordedEvent | None:
        async with translated_errors():
            row = await self._pool.fetchrow(query(_Q, "last_event"), stream_id)
        return None if row is None else to_recorded(row)

    async def _append(
        self,
        stream_id: str,
        stream_type: str,
        event: JournalRetryRequested | StreamRetryRequested,
        caller: Caller,
        cause: RecordedEvent | None,
    ) -> None:
        meta = Metadata(actor=caller.actor)
        if cause is not None:
            meta = meta.caused_by(cause)
        await self._store.append(AppendRequest(stream_id, stream_type, [event], metadata=meta))
