"""What the flows read besides their own streams: mapping, chart, open journal entries."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from app.mappings import mapping_stream
from app.qbwc.sources.chart import ChartOfAccounts
from domain.chart import Chart, chart_from
from domain.envelope import RecordedEvent
from domain.errors import RetryableError
from domain.event import Event
from domain.events import MappingImported
from domain.journal import JournalState, fold
from domain.mapping import Mapping
from domain.ports import EventStore
from projections.runner import ProjectionRunner
from projections.runs import SyncRunsProjection


def journal_stream(connection_id: str, entry_id: str) -> str:
    return f"journal-{connection_id}-{entry_id}"


async def runs_read_model_at(pool: asyncpg.Pool, event: RecordedEvent) -> None:
    """Make sure sync_runs has applied the log up to `event` before runs are looked up in
    it: a run that started waiting just before `event` would otherwise be missed for good.
    Brings it up to date here if it can; else the handler fails and is tried again later."""
    if await _projected_to(pool, event):
        return
    await ProjectionRunner(pool, SyncRunsProjection()).catch_up()
    if not await _projected_to(pool, event):
        raise RetryableError(f"the sync_runs read model is behind position {event.position}")


async def _projected_to(pool: asyncpg.Pool, event: RecordedEvent) -> bool:
    row = await pool.fetchrow(
        "SELECT tx_id, position FROM subscription_checkpoints WHERE name = $1",
        SyncRunsProjection.name,
    )
    return row is not None and (row["tx_id"], row["position"]) >= (event.tx_id, event.position)


class Lookups:
    def __init__(self, pool: asyncpg.Pool, store: EventStore) -> None:
        self._pool = pool
        self._store = store

    async def mapping(self, connection_id: str) -> Mapping:
        """The latest uploaded mapping; without one, members map to the same names."""
        events = await self._store.read_stream(mapping_stream(connection_id))
        imports = [e.event for e in events if isinstance(e.event, MappingImported)]
        if not imports:
            return Mapping()
        return Mapping(imports[-1].rules, imports[-1].match_same_names)

    async def chart(self, connection_id: str) -> Chart | None:
        read = await ChartOfAccounts(self._store).latest(connection_id)
        if read is None:
            return None
        return chart_from(read.accounts, read.classes, read.class_tracking)

    async def journal_states(
        self, connection_id: str, entry_ids: Sequence[str]
    ) -> dict[str, JournalState]:
        histories = await self.journal_histories(connection_id, entry_ids)
        return {entry_id: fold(entry_id, events) for entry_id, events in histories.items()}

    async def journal_histories(
        self, connection_id: str, entry_ids: Sequence[str]
    ) -> dict[str, list[Event]]:
        streams = await self._store.read_streams(
            [journal_stream(connection_id, entry_id) for entry_id in entry_ids]
        )
        return {
            entry_id: [e.event for e in streams[journal_stream(connection_id, entry_id)]]
            for entry_id in entry_ids
        }

    async def entry_ids(self, connection_id: str, *, pending_only: bool = False) -> list[str]:
        rows = await self._pool.fetch(
            "SELECT entry_id FROM journal_entries WHERE connection_id = $1 "
            "AND (NOT $2 OR status = 'pending') ORDER BY period, version, part",
            connection_id,
            pending_only,
        )
        return [row["entry_id"] for row in rows]
