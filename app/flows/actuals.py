"""Ledger -> plan: read the ledger through the Web Connector, then import actuals.

ActualsSyncRequested -> (ask the ledger reader for changes since its checkpoint, and for a
closed month QuickBooks' trial balance; wait) -> LedgerCheckpointAdvanced (+ the report)
-> (aggregate the mirror per account, class and month, map to Anaplan members, import)
-> ActualsComputed per month, ActualsImported, ActualsReconciled on the run.
Our own plan journal entries are left out of the actuals: they carry the plan tag.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

import asyncpg

from adapters.anaplan.reports import ActionReport
from app.anaplan import AnaplanGateway
from app.connections import Connections
from app.flows.lookups import Lookups, runs_read_model_at
from app.qbwc.sources.chart import ChartOfAccounts
from app.qbwc.sources.ledger import LedgerReader, ledger_stream
from domain.actuals import ActualRow, Actuals, LedgerTotal, actuals_for
from domain.chart import PROFIT_AND_LOSS, Chart
from domain.connections import Connection
from domain.envelope import Metadata, RecordedEvent
from domain.errors import ConcurrencyError, PermanentError
from domain.event import Event
from domain.events import (
    ActualsComputed,
    ActualsImported,
    ActualsImportFailed,
    ActualsReconciled,
    ActualsSyncRequested,
    ActualsWaiting,
    LedgerCheckpointAdvanced,
    LedgerReportFailed,
    LedgerReportRead,
)
from domain.import_file import ActualAmount
from domain.period import Period, parse_month, periods_between
from domain.ports import AppendRequest, EventStore
from domain.qbxml.enums import SummaryReportType
from domain.qbxml.refs import DateRange
from domain.reconcile import differences, trial_balance
from domain.schedule import fiscal_year_to_date

WAITING = "waiting for the Web Connector to read the ledger"
Report = LedgerReportRead | LedgerReportFailed | None
PLAN_TAG = "%[mlc:%"  # the plan's own journal entries carry it in their line memos
LEDGER_TOTALS = """
SELECT account, coalesce(class_name, '') AS class_name,
       extract(year FROM txn_date)::int AS year, extract(month FROM txn_date)::int AS month,
       sum(amount) AS amount
FROM ledger_lines
WHERE connection_id = $1 AND NOT deleted AND account IS NOT NULL
  AND txn_date BETWEEN $2 AND $3 AND coalesce(memo, '') NOT LIKE $4
GROUP BY 1, 2, 3, 4
"""
ACCOUNT_TOTALS = """
SELECT account, sum(amount) AS amount FROM ledger_lines
WHERE connection_id = $1 AND NOT deleted AND account IS NOT NULL
  AND txn_date BETWEEN $2 AND $3
GROUP BY 1
"""
PREVIOUS_KEYS = """
SELECT anaplan_account, anaplan_cost_center, period FROM bva_actuals
WHERE connection_id = $1 AND period BETWEEN $2 AND $3
"""
LEDGER_READ_SINCE = """
SELECT 1 FROM events WHERE stream_id = $1 AND position > $2
  AND event_type = 'LedgerCheckpointAdvanced' LIMIT 1
"""


def run_stream(run_id: str) -> str:
    return f"actualsync-{run_id}"


class ActualsCollector:
    """Asks for a ledger read, a chart (it tells P&L accounts apart) and, when the last
    month is closed, its trial balance; then waits."""

    name = "actuals-collector"
    handles = frozenset({"ActualsSyncRequested"})

    def __init__(self, store: EventStore, connections: Connections, ledger: LedgerReader) -> None:
        self._store = store
        self._connections = connections
        self._ledger = ledger

    async def handle(self, event: RecordedEvent) -> None:
        request = event.event
        assert isinstance(request, ActualsSyncRequested)
        history = await self._store.read_stream(event.stream_id)
        if len(history) > 1:
            return  # already waiting, or further
        cid = request.connection_id
        await self._ledger.request_sync(cid, self.name)
        await ChartOfAccounts(self._store).request(cid, self.name)
        report = await self._trial_balance(request)
        waiting = ActualsWaiting(run_id=request.run_id, reason=WAITING, trial_balance_report=report)
        meta = Metadata(actor=self.name).caused_by(event)
        try:
            await self._store.append(
                AppendRequest(event.stream_id, "actualsync", [waiting], 1, meta)
            )
        except ConcurrencyError:
            return

    async def _trial_balance(self, request: ActualsSyncRequested) -> str | None:
        last = parse_month(request.last_period)
        if last >= Period.of(datetime.now(UTC).date()):
            return None  # the month is still open: nothing to reconcile against yet
        connection = await self._connections.load(request.connection_id)
        start = _fiscal_start(last, connection)
        period = DateRange(start=start, end=last.last_day)
        report_type = SummaryReportType.TRIAL_BALANCE
        return await self._ledger.request_report(
            request.connection_id, self.name, report_type, period
        )


class ActualsImporter:
    """Imports the actuals of every waiting run once its ledger read (and trial balance)
    came in: the run must have started waiting before the read finished."""

    name = "actuals-importer"
    handles = frozenset({"LedgerCheckpointAdvanced", "LedgerReportRead", "LedgerReportFailed"})

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
        trigger = event.event
        assert isinstance(trigger, LedgerCheckpointAdvanced | LedgerReportRead | LedgerReportFailed)
        await runs_read_model_at(self._pool, event)
        for run_id in await self._waiting_runs(trigger.connection_id):
            await self._import(run_id, event)

    async def _import(self, run_id: str, cause: RecordedEvent) -> None:
        history = await self._store.read_stream(run_stream(run_id))
        request = history[0].event
        assert isinstance(request, ActualsSyncRequested)
        if any(isinstance(e.event, ActualsImported | ActualsImportFailed) for e in history):
            return
        waiting = next(e for e in history if isinstance(e.event, ActualsWaiting))
        ready, report = await self._inputs(request.connection_id, waiting)
        if not ready:
            return
        connection = await self._connections.load(request.connection_id)
        events = await self._outcome(request, connection, report)
        meta = Metadata(actor=self.name).caused_by(cause)
        try:
            await self._store.append(
                AppendRequest(run_stream(run_id), "actualsync", events, len(history), meta)
            )
        except ConcurrencyError:
            return  # another worker imported this run

    async def _inputs(self, connection_id: str, waiting: RecordedEvent) -> tuple[bool, Report]:
        """Whether the ledger read (and the trial balance, if one was asked for) came in
        since the run started waiting, and that report."""
        stream = ledger_stream(connection_id)
        if not await self._pool.fetchval(LEDGER_READ_SINCE, stream, waiting.position):
            return False, None
        assert isinstance(waiting.event, ActualsWaiting)
        report_id = waiting.event.trial_balance_report
        if report_id is None:
            return True, None
        reports = [
            e.event
            for e in await self._store.read_stream(stream)
            if isinstance(e.event, LedgerReportRead | LedgerReportFailed)
        ]
        found = next((r for r in reversed(reports) if r.report_id == report_id), None)
        return found is not None, found

    async def _outcome(
        self,
        request: ActualsSyncRequested,
        connection: Connection,
        report: Report,
    ) -> list[Event]:
        ids = dict(run_id=request.run_id, connection_id=request.connection_id)
        chart = await self._lookups.chart(request.connection_id)
        if chart is None:
            return [ActualsImportFailed(**ids, error="no chart of accounts read from QuickBooks")]
        first, last = parse_month(request.first_period), parse_month(request.last_period)
        actuals = await self._actuals(connection, chart, first, last)
        computed = _computed(request, actuals, periods_between(first, last))
        checked = await self._reconciled(request, connection, chart, report)
        try:
            imported = await self._send(request, connection, actuals.rows)
        except PermanentError as failure:
            failed = ActualsImportFailed(**ids, error=f"{type(failure).__name__}: {failure}")
            return [*computed, *checked, failed]
        return [*computed, imported, *checked]

    async def _actuals(
        self, connection: Connection, chart: Chart, first: Period, last: Period
    ) -> Actuals:
        cid = connection.connection_id
        rows = await self._pool.fetch(LEDGER_TOTALS, cid, first.first_day, last.last_day, PLAN_TAG)
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

    async def _reconciled(
        self,
        request: ActualsSyncRequested,
        connection: Connection,
        chart: Chart,
        report: Report,
    ) -> list[ActualsReconciled]:
        """The ledger read against the trial balance, for the profit-and-loss accounts."""
        if report is None:
            return []
        last = parse_month(request.last_period)
        ids = dict(run_id=request.run_id, connection_id=request.connection_id)
        if isinstance(report, LedgerReportFailed):
            problem = (
                f"the trial balance could not be read ({report.status_code}): {report.message}"
            )
            return [
                ActualsReconciled(
                    **ids,
                    as_of=last.last_day.isoformat(),
                    accounts_checked=0,
                    differences=(problem,),
                )
            ]
        rows = await self._pool.fetch(
            ACCOUNT_TOTALS, connection.connection_id, _fiscal_start(last, connection), last.last_day
        )
        ledger = {r["account"]: r["amount"] for r in rows}
        accounts = [
            a.full_name for a in chart.accounts.values() if a.account_type in PROFIT_AND_LOSS
        ]
        found = differences(ledger, trial_balance(report.report), accounts)
        return [
            ActualsReconciled(
                **ids,
                as_of=last.last_day.isoformat(),
                accounts_checked=len(accounts),
                differences=tuple(str(d) for d in found),
            )
        ]

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
        months = periods_between(
            parse_month(request.first_period), parse_month(request.last_period)
        )
        return ActualsImported(
            run_id=request.run_id,
            connection_id=request.connection_id,
            action=settings.actuals_import.action,
            task_id=result.task_id,
            sha256=result.upload.sha256,
            periods=tuple(p.key for p in months),
            rows_sent=len(amounts),
            rows_loaded=report.loaded,
            rows_ignored=report.ignored,
            rows_failed=report.failed,
            rejections=_reasons(report),
        )

    async def _waiting_runs(self, connection_id: str) -> list[str]:
        rows = await self._pool.fetch(
            "SELECT run_id FROM sync_runs WHERE connection_id = $1 "
            "AND kind = 'ledger_to_plan' AND status = 'waiting' ORDER BY requested_at",
            connection_id,
        )
        return [row["run_id"] for row in rows]


def _fiscal_start(last: Period, connection: Connection) -> date:
    first, _ = fiscal_year_to_date(last.last_day, connection.settings.fiscal_year_start_month)
    return first.first_day


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
