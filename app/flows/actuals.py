"""Ledger -> plan: read the ledger through the Web Connector, then import actuals.

ActualsSyncRequested -> (ask the ledger reader for changes since its checkpoint; wait)
-> LedgerCheckpointAdvanced -> (aggregate the mirror per account, class and month, map to
Anaplan members, import) -> ActualsComputed per month + ActualsImported on the run.
Our own plan journal entries are left out of the actuals: they carry the plan tag.
"""

from __future__ import annotations

from collections.abc import Iterable

import asyncpg

from adapters.anaplan.reports import ActionReport
from app.anaplan import AnaplanGateway
from app.connections import Connections
from app.flows.lookups import Lookups, runs_read_model_at
from app.qbwc.sources.chart import ChartOfAccounts
from app.qbwc.sources.ledger import LedgerReader
from domain.actuals import ActualRow, Actuals, LedgerTotal, actuals_for
from domain.chart import Chart
from domain.connections import Connection
from domain.envelope import Metadata, RecordedEvent
from domain.errors import ConcurrencyError, PermanentError
from domain.event import Event
from domain.events import (
    ActualsComputed,
    ActualsImported,
    ActualsImportFailed,
    ActualsSyncRequested,
    ActualsWaiting,
    LedgerCheckpointAdvanced,
)
from domain.import_file import ActualAmount
from domain.period import Period, parse_month, periods_between
from domain.ports import AppendRequest, EventStore

WAITING = "waiting for the Web Connector to read the ledger"
LEDGER_TOTALS = """
SELECT account, coalesce(class_name, '') AS class_name,
       extract(year FROM txn_date)::int AS year, extract(month FROM txn_date)::int AS month,
       sum(amount) AS amount
FROM ledger_lines
WHERE connection_id = $1 AND NOT deleted AND account IS NOT NULL
  AND txn_date BETWEEN $2 AND $3
  AND coalesce(memo, '') NOT LIKE '%[mlc:%'  -- the plan's own journal entries
GROUP BY 1, 2, 3, 4
"""
PREVIOUS_KEYS = """
SELECT anaplan_account, anaplan_cost_center, period FROM bva_actuals
WHERE connection_id = $1 AND period BETWEEN $2 AND $3
"""


def run_stream(run_id: str) -> str:
    return f"actualsync-{run_id}"


class ActualsCollector:
    """Asks for a ledger read (and a chart, which tells P&L accounts apart) and waits."""

    name = "actuals-collector"
    handles = frozenset({"ActualsSyncRequested"})

    def __init__(self, store: EventStore, ledger: LedgerReader) -> None:
        self._store = store
        self._ledger = ledger

    async def handle(self, event: RecordedEvent) -> None:
        request = event.event
        assert isinstance(request, ActualsSyncRequested)
        history = await self._store.read_stream(event.stream_id)
        if len(history) > 1:
            return  # already waiting, or further
        await self._ledger.request_sync(request.connection_id, self.name)
        await ChartOfAccounts(self._store).request(request.connection_id, self.name)
        waiting = ActualsWaiting(run_id=request.run_id, reason=WAITING)
        meta = Metadata(actor=self.name).caused_by(event)
        try:
            await self._store.append(
                AppendRequest(event.stream_id, "actualsync", [waiting], 1, meta)
            )
        except ConcurrencyError:
            return


class ActualsImporter:
    """Imports the actuals of every run that waited for the ledger read just finished."""

    name = "actuals-importer"
    handles = frozenset({"LedgerCheckpointAdvanced"})

    def __init__(
        self,
        pool: asyncpg.Pool,
        store: EventStore,
        connections: Connections,
        gateway: AnaplanGateway,
    ) -> None:
        self._pool = pool
        self._store = store
        self._connections = connections
        self._gateway = gateway
        self._lookups = Lookups(pool, store)

    async def handle(self, event: RecordedEvent) -> None:
        advanced = event.event
        assert isinstance(advanced, LedgerCheckpointAdvanced)
        await runs_read_model_at(self._pool, event)
        for run_id in await self._waiting_runs(advanced.connection_id, event.position):
            await self._import(run_id, event)

    async def _import(self, run_id: str, cause: RecordedEvent) -> None:
        history = await self._store.read_stream(run_stream(run_id))
        request = history[0].event
        assert isinstance(request, ActualsSyncRequested)
        if any(isinstance(e.event, ActualsImported | ActualsImportFailed) for e in history):
            return
        connection = await self._connections.load(request.connection_id)
        events = await self._outcome(request, connection)
        meta = Metadata(actor=self.name).caused_by(cause)
        try:
            await self._store.append(
                AppendRequest(run_stream(run_id), "actualsync", events, len(history), meta)
            )
        except ConcurrencyError:
            return  # another worker imported this run

    async def _outcome(self, request: ActualsSyncRequested, connection: Connection) -> list[Event]:
        ids = dict(run_id=request.run_id, connection_id=request.connection_id)
        chart = await self._lookups.chart(request.connection_id)
        if chart is None:
            return [ActualsImportFailed(**ids, error="no chart of accounts read from QuickBooks")]
        first, last = parse_month(request.first_period), parse_month(request.last_period)
        actuals = await self._actuals(connection, chart, first, last)
        computed = _computed(request, actuals, periods_between(first, last))
        try:
            imported = await self._send(request, connection, actuals.rows)
        except PermanentError as failure:
            return [
                *computed,
                ActualsImportFailed(**ids, error=f"{type(failure).__name__}: {failure}"),
            ]
        return [*computed, imported]

    async def _actuals(
        self, connection: Connection, chart: Chart, first: Period, last: Period
    ) -> Actuals:
        cid = connection.connection_id
        rows = await self._pool.fetch(LEDGER_TOTALS, cid, first.first_day, last.last_day)
        totals = [
            LedgerTotal(
                r["account"], r["class_name"] or None, Period(r["year"], r["month"]), r["amount"]
            )
            for r in rows
        ]
        previous = await self._pool.fetch(PREVIOUS_KEYS, cid, first.key, last.key)
        keys = frozenset(
            (r["anaplan_account"], r["anaplan_cost_center"], r["period"]) for r in previous
        )
        months = frozenset(periods_between(first, last))
        mapping = await self._lookups.mapping(cid)
        return actuals_for(totals, months, chart, mapping, keys, connection.settings.posting.sign)

    async def _send(
        self, request: ActualsSyncRequested, connection: Connection, rows: Iterable[ActualRow]
    ) -> ActualsImported:
        settings = connection.settings
        client = await self._gateway.client(request.connection_id, request.run_id, self.name)
        amounts = [ActualAmount(r.account, r.cost_center, r.period, r.amount) for r in rows]
        result = await client.import_actuals(
            settings.actuals_import, amounts, settings.period_format
        )
        report = result.report
        return ActualsImported(
            run_id=request.run_id,
            connection_id=request.connection_id,
            action=settings.actuals_import.action,
            task_id=result.task_id,
            sha256=result.upload.sha256,
            periods=tuple(
                p.key
                for p in periods_between(
                    parse_month(request.first_period), parse_month(request.last_period)
                )
            ),
            rows_sent=len(amounts),
            rows_loaded=report.loaded,
            rows_ignored=report.ignored,
            rows_failed=report.failed,
            rejections=_reasons(report),
        )

    async def _waiting_runs(self, connection_id: str, before_position: int) -> list[str]:
        """Runs that started waiting before this ledger read finished (later ones wait for
        the next read, which will include whatever changed since theirs was asked)."""
        rows = await self._pool.fetch(
            "SELECT run_id FROM sync_runs WHERE connection_id = $1 "
            "AND kind = 'ledger_to_plan' AND status = 'waiting' ORDER BY requested_at",
            connection_id,
        )
        ready = []
        for row in rows:
            history = await self._store.read_stream(run_stream(row["run_id"]))
            if any(
                isinstance(e.event, ActualsWaiting) and e.position < before_position
                for e in history
            ):
                ready.append(row["run_id"])
        return ready


def _computed(
    request: ActualsSyncRequested, actuals: Actuals, months: list[Period]
) -> list[ActualsComputed]:
    return [
        ActualsComputed(
            run_id=request.run_id,
            connection_id=request.connection_id,
            period=month.key,
            rows=tuple(row for row in actuals.rows if row.period == month),
            unmapped=actuals.unmapped,
        )
        for month in months
    ]


def _reasons(report: ActionReport) -> tuple[str, ...]:
    return tuple(f"line {r.line}: {'; '.join(r.reasons)}" for r in report.rejections if r.rejected)
