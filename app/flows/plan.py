"""Plan -> ledger, the Anaplan half: export the approved plan, then stage journal entries.

PlanSyncRequested -> (export into the blob store) -> PlanExported -> (map, build balanced
entries, compare with what was staged before) -> JournalStaged / JournalWithdrawn on each
entry's stream + PlanStaged on the run. The journal-posting work source takes it from there.
Both reactors are idempotent: a run that already moved on is left alone.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

import asyncpg

from adapters.anaplan.objects import TextFormat
from adapters.anaplan.plancsv import plan_cells
from adapters.postgres.blobs import BlobStore
from app.anaplan import AnaplanGateway
from app.connections import Connections
from app.flows.lookups import Lookups, journal_stream, runs_read_model_at
from app.qbwc.sources.chart import ChartOfAccounts
from app.qbwc.work import WorkState
from domain.class_names import missing_classes
from domain.connections import Connection
from domain.envelope import Metadata, RecordedEvent
from domain.errors import ConcurrencyError, PermanentError, RetryableError
from domain.event import Event
from domain.events import (
    ChartOfAccountsRead,
    PlanExported,
    PlanExportFailed,
    PlanStaged,
    PlanStagingWaiting,
    PlanSyncRequested,
)
from domain.journal import fold
from domain.plan import PlanCell
from domain.ports import AppendRequest, EventStore
from domain.posting import plan_entries
from domain.staging import stage

WAIT_FOR_CHART = "waiting for the Web Connector to read the chart of accounts"
WAIT_FOR_CLASSES = "waiting for the Web Connector to create classes "


def run_stream(run_id: str) -> str:
    return f"plansync-{run_id}"


class PlanExporter:
    name = "plan-exporter"
    handles = frozenset({"PlanSyncRequested"})

    def __init__(
        self, store: EventStore, connections: Connections, gateway: AnaplanGateway
    ) -> None:
        self._store = store
        self._connections = connections
        self._gateway = gateway

    async def handle(self, event: RecordedEvent) -> None:
        request = event.event
        assert isinstance(request, PlanSyncRequested)
        history = await self._store.read_stream(event.stream_id)
        if any(isinstance(e.event, PlanExported | PlanExportFailed) for e in history):
            return
        outcome = await self._export(request)
        meta = Metadata(actor=self.name).caused_by(event)
        try:
            await self._store.append(
                AppendRequest(event.stream_id, "plansync", [outcome], len(history), meta)
            )
        except ConcurrencyError:
            return  # another worker finished this run's export first

    async def _export(self, request: PlanSyncRequested) -> Event:
        connection = await self._connections.load(request.connection_id)
        ids = dict(run_id=request.run_id, connection_id=request.connection_id)
        if not connection.enabled:
            return PlanExportFailed(**ids, error="the connection is disabled")
        plan = connection.settings.plan_export
        try:
            client = await self._gateway.client(request.connection_id, request.run_id, self.name)
            result = await client.export_to_blob(plan)
        except PermanentError as failure:
            return PlanExportFailed(**ids, error=f"{type(failure).__name__}: {failure}")
        text = result.format
        return PlanExported(
            **ids,
            action=plan.action,
            task_id=result.task_id or "",
            sha256=result.sha256,
            size=result.size,
            separator=text.separator,
            quote=text.delimiter,
            encoding=text.encoding,
        )


class PlanStager:
    """Stages the exported plan; waits (without failing) for a chart of accounts."""

    name = "plan-stager"
    handles = frozenset({"PlanExported", "ChartOfAccountsRead"})

    def __init__(self, pool: asyncpg.Pool, store: EventStore, connections: Connections) -> None:
        self._pool = pool
        self._store = store
        self._connections = connections
        self._lookups = Lookups(pool, store)
        self._blobs = BlobStore(pool)

    async def handle(self, event: RecordedEvent) -> None:
        match event.event:
            case PlanExported(run_id=run_id):
                await self._stage(run_id, event)
            case ChartOfAccountsRead(connection_id=cid):
                await runs_read_model_at(self._pool, event)
                for run_id in await self._waiting_runs(cid):
                    await self._stage(run_id, event)

    async def _stage(self, run_id: str, cause: RecordedEvent) -> None:
        history = [e.event for e in await self._store.read_stream(run_stream(run_id))]
        exported = next((e for e in reversed(history) if isinstance(e, PlanExported)), None)
        if exported is None or any(isinstance(e, PlanStaged) for e in history):
            return
        connection = await self._connections.load(exported.connection_id)
        meta = Metadata(actor=self.name).caused_by(cause)
        cells = [cell async for cell in self._cells(exported, connection)]
        waiting = await self._waiting_reason(connection, cells, history)
        if waiting:
            if not any(isinstance(e, PlanStagingWaiting) and e.reason == waiting for e in history):
                run_events: list[Event] = [PlanStagingWaiting(run_id=run_id, reason=waiting)]
                await self._append([_run_request(run_id, run_events, len(history), meta)])
            return
        await self._append(await self._staging(run_id, exported, connection, cells, history, meta))

    async def _waiting_reason(
        self, connection: Connection, cells: list[PlanCell], history: list[Event]
    ) -> str | None:
        """Why staging must wait, if it must; asks QuickBooks (once per run) for what is
        missing: a chart of accounts, or the classes the plan needs when creating is allowed."""
        cid = connection.connection_id
        chart = await self._lookups.chart(cid)
        waited = {e.reason for e in history if isinstance(e, PlanStagingWaiting)}
        if chart is None:
            if WAIT_FOR_CHART not in waited:
                await ChartOfAccounts(self._store).request(cid, self.name)
            return WAIT_FOR_CHART
        if not connection.settings.allow_creating_classes:
            return None
        chart_source = ChartOfAccounts(self._store)
        asked = next((reason for reason in waited if reason.startswith(WAIT_FOR_CLASSES)), None)
        if asked:  # wait until the reader added them and read the lists again
            pending = await chart_source.has_work(cid) is not WorkState.NONE
            return asked if pending else None
        missing = missing_classes(cells, await self._lookups.mapping(cid), chart)
        if missing:
            await chart_source.request(cid, self.name, add_classes=missing)
            return WAIT_FOR_CLASSES + ", ".join(missing)
        return None

    async def _staging(
        self,
        run_id: str,
        exported: PlanExported,
        connection: Connection,
        cells: list[PlanCell],
        history: list[Event],
        meta: Metadata,
    ) -> list[AppendRequest]:
        cid, settings = connection.connection_id, connection.settings
        chart = await self._lookups.chart(cid)
        assert chart is not None
        mapping = await self._lookups.mapping(cid)
        plan = plan_entries(
            cells, mapping, chart, settings.posting, settings.plan_export.approved_versions
        )
        known = set(await self._lookups.entry_ids(cid)) | {e.entry_id for e in plan.entries}
        histories = await self._lookups.journal_histories(cid, sorted(known))
        current = {eid: fold(eid, events) for eid, events in histories.items() if events}
        decided = stage(plan, current, run_id=run_id, connection_id=cid, rows=len(cells))
        journals = [
            AppendRequest(journal_stream(cid, eid), "journal", [event], len(histories[eid]), meta)
            for eid, event in decided.journal_events.items()
        ]
        run_events: list[Event] = [*decided.rejections, decided.summary]
        return [*journals, _run_request(run_id, run_events, len(history), meta)]

    def _cells(self, exported: PlanExported, connection: Connection) -> AsyncIterator[PlanCell]:
        text = TextFormat(
            separator=exported.separator, delimiter=exported.quote, encoding=exported.encoding
        )
        settings = connection.settings
        return plan_cells(
            self._blobs.stream(exported.sha256), settings.plan_export, settings.period_format, text
        )

    async def _append(self, requests: Sequence[AppendRequest]) -> None:
        try:
            await self._store.append_batch(requests)
        except ConcurrencyError as conflict:
            # Another worker staged this run, or an entry moved on meanwhile: decide again
            # on fresh state (a staged run is then left alone).
            raise RetryableError(f"staging raced another writer: {conflict}") from conflict

    async def _waiting_runs(self, connection_id: str) -> list[str]:
        rows = await self._pool.fetch(
            "SELECT run_id FROM sync_runs WHERE connection_id = $1 AND kind = 'plan_to_ledger' "
            "AND status = 'waiting' ORDER BY requested_at",
            connection_id,
        )
        return [row["run_id"] for row in rows]


def _run_request(run_id: str, events: list[Event], version: int, meta: Metadata) -> AppendRequest:
    return AppendRequest(run_stream(run_id), "plansync", events, version, meta)
