"""The ledger reader: posted lines changed since a per-connection checkpoint, into the
ledger mirror, page by page; deletions; and summary reports for closed periods.

A sync (ask with `LedgerReader.request_sync`) reads in one Web Connector session:
- the class list (ClassQuery), when class tracking is on;
- every line modified since the checkpoint less the overlap window
  (TransactionQuery, TransactionModifiedDateRangeFilter, AllExceptSummary, iterated);
- deletions since the deletion checkpoint (TxnDeletedQuery);
- then, per class, the lines of that class in the same window (TransactionClassFilter),
  because TransactionRet carries no ClassRef (NOTES §D).
Only then does the checkpoint advance, to the latest TimeModified seen, exactly as
QuickBooks wrote it (domain/qbxml/timestamps.py explains why). Rows already in the mirror
with the same version are counted as duplicates and not written again.

Reports (`request_report`): GeneralSummaryReportQuery TrialBalance or
ProfitAndLossByClass for a period, recorded whole in a LedgerReportRead event.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, timedelta

from adapters.postgres.ledger import LedgerMirror
from app.folds import StreamFolds
from app.qbwc.sources.streams import append
from app.qbwc.work import (
    AbandonReason,
    Budget,
    PlannedRequest,
    SessionInfo,
    WorkState,
)
from domain.envelope import Metadata
from domain.event import Event
from domain.events import (
    LedgerCheckpointAdvanced,
    LedgerClassesListed,
    LedgerDeletionsRead,
    LedgerPageRead,
    LedgerReadRestarted,
    LedgerReportFailed,
    LedgerReportRead,
    LedgerReportRequested,
    LedgerSyncInterrupted,
    LedgerSyncRequested,
)
from domain.ports import AppendRequest, EventStore
from domain.qbwc.ledger import (
    CHANGES,
    CLASS_PREFIX,
    CLASSES,
    DELETIONS,
    LedgerState,
    evolve,
)
from domain.qbxml.enums import ActiveStatus, ReportBasis, SummaryReportType
from domain.qbxml.lists import ClassQuery
from domain.qbxml.reads import GeneralSummaryReportQuery, TransactionQuery, TxnDeletedQuery
from domain.qbxml.refs import DateRange, ListFilter, ModifiedRange
from domain.qbxml.responses import (
    ClassRet,
    QbxmlResponse,
    ReportRet,
    TransactionRet,
    TxnDeletedRet,
)
from domain.qbxml.statuses import Outcome
from domain.qbxml.timestamps import QbTimestamp, latest, window_start

STREAM_KIND = "qb-ledger"
REPORT = "report:"


def ledger_stream(connection_id: str) -> str:
    return f"qb-ledger-{connection_id}"


class LedgerReader:
    name = "ledger"

    def __init__(self, store: EventStore, mirror: LedgerMirror, overlap: timedelta) -> None:
        self._store = store
        self._mirror = mirror
        self._overlap = overlap
        self._folds = StreamFolds(store, LedgerState(), evolve)

    # --- asking -----------------------------------------------------------------------

    async def request_sync(
        self, connection_id: str, requested_by: str, since: date | None = None
    ) -> str:
        """Read what changed since the last sync (`since` bounds the very first one by
        transaction date). A request while a sync is pending joins that sync."""
        sync_id = uuid.uuid4().hex
        event = LedgerSyncRequested(
            connection_id=connection_id, sync_id=sync_id, since=since, requested_by=requested_by
        )
        await self._ask(connection_id, event, requested_by)
        return sync_id

    async def request_report(
        self,
        connection_id: str,
        requested_by: str,
        report_type: SummaryReportType,
        period: DateRange,
        basis: ReportBasis = ReportBasis.ACCRUAL,
    ) -> str:
        assert period.start is not None and period.end is not None
        report_id = uuid.uuid4().hex
        event = LedgerReportRequested(
            connection_id=connection_id,
            report_id=report_id,
            report_type=report_type.value,
            period_start=period.start,
            period_end=period.end,
            basis=basis.value,
            requested_by=requested_by,
        )
        await self._ask(connection_id, event, requested_by)
        return report_id

    async def state(self, connection_id: str) -> LedgerState:
        """Every page of a read adds an event and this is asked several times per Web
        Connector call: only the events appended since the last look are folded."""
        return await self._folds.state(ledger_stream(connection_id))

    # --- the work source --------------------------------------------------------------

    async def has_work(self, connection_id: str) -> WorkState:
        return WorkState.READY if (await self.state(connection_id)).has_work() else WorkState.NONE

    async def plan(self, session: SessionInfo, budget: Budget) -> Sequence[PlannedRequest]:
        state = await self.state(session.connection_id)
        planned = [_report(request) for request in state.reports]
        tracking = session.company.class_tracking is not False
        for read in state.reads_to_plan(session.session_id, tracking):
            planned.append(self._read(state, read, budget, session.session_id))
        return planned

    def _read(
        self, state: LedgerState, read: str, budget: Budget, session_id: str
    ) -> PlannedRequest:
        if read == CLASSES:
            return PlannedRequest(request=ClassQuery(active_status=ActiveStatus.ALL), key=read)
        if read == DELETIONS:
            since = _stamp(state.deleted_checkpoint)
            deletions = TxnDeletedQuery(deleted_from=window_start(since, self._overlap))
            return PlannedRequest(request=deletions, key=read)
        rows = budget.page_size()
        classes, cost = None, float(rows)
        if read.startswith(CLASS_PREFIX):
            classes = ListFilter(full_names=(read.removeprefix(CLASS_PREFIX),))
            cost = min(cost, _rows_per_class(state, session_id))
        modified, dated = self._window(state)
        lines = TransactionQuery(
            max_returned=rows, modified=modified, txn_dates=dated, classes=classes
        )
        return PlannedRequest(request=lines, key=read, cost=cost, iterate=True)

    def _window(self, state: LedgerState) -> tuple[ModifiedRange | None, DateRange | None]:
        """Changed since the checkpoint less the overlap; the first read: dated since."""
        start = window_start(_stamp(state.checkpoint), self._overlap)
        if start is not None:
            return ModifiedRange(start=start), None
        since = state.sync.since if state.sync else None
        return None, DateRange(start=since) if since else None

    async def accept(
        self, session: SessionInfo, planned: PlannedRequest, response: QbxmlResponse
    ) -> None:
        await self.accept_many(session, [(planned, response)])

    async def accept_many(
        self, session: SessionInfo, answers: Sequence[tuple[PlannedRequest, QbxmlResponse]]
    ) -> None:
        """The answers to one message: the state is read once, the events appended once."""
        for planned, response in answers:
            if planned.key.startswith(REPORT):
                await self._report_read(session, planned.key.removeprefix(REPORT), response)
        reads = [(p, r) for p, r in answers if not p.key.startswith(REPORT)]
        state = await self.state(session.connection_id) if reads else LedgerState()
        events: list[Event] = []
        for planned, response in reads:
            if state.sync is None:
                break
            found = self._outcome_events(state, session, planned, response)
            if not found and planned.iterate:
                found = await self._page(state, session, planned, response)
            elif not found:
                found = await self._listing(state, session, planned.key, response)
            state, found = self._settled(state, session, found)
            events += found
        if events:
            stream = ledger_stream(session.connection_id)
            await append(self._store, stream, STREAM_KIND, events, session)

    async def abandon(
        self, session: SessionInfo, planned: PlannedRequest, reason: AbandonReason
    ) -> None:
        if planned.key.startswith(REPORT):
            return  # still pending: asked again next time
        state = await self.state(session.connection_id)
        if state.sync is None:
            return
        await self._record(session, state, [self._interrupted(state, session, reason.detail)])

    # --- responses ----------------------------------------------------------------------

    def _outcome_events(
        self,
        state: LedgerState,
        session: SessionInfo,
        planned: PlannedRequest,
        response: QbxmlResponse,
    ) -> list[Event]:
        """Events for answers that are not data: a restart, class tracking off, errors."""
        assert state.sync is not None
        outcome = response.outcome
        if outcome is Outcome.RESTART_READ:
            return [
                LedgerReadRestarted(
                    connection_id=session.connection_id,
                    sync_id=state.sync.sync_id,
                    session_id=session.session_id,
                    read=planned.key,
                    reason=response.status.message,
                )
            ]
        if outcome is Outcome.FEATURE_OFF and planned.key == CLASSES:
            return [self._classes(state, session, (), tracking=False)]
        if response.status.is_error:
            detail = f"{planned.key}: {response.status.code} {response.status.message}"
            return [self._interrupted(state, session, detail)]
        return []

    async def _page(
        self,
        state: LedgerState,
        session: SessionInfo,
        planned: PlannedRequest,
        response: QbxmlResponse,
    ) -> list[Event]:
        assert state.sync is not None
        rows = [r for r in response.records if isinstance(r, TransactionRet)]
        class_name = planned.key.removeprefix(CLASS_PREFIX) if planned.key != CHANGES else None
        changed = await self._mirror.upsert(
            session.connection_id, state.sync.sync_id, rows, class_name
        )
        newest = latest(row.time_modified for row in rows)
        start = getattr(planned.request, "modified", None)
        return [
            LedgerPageRead(
                connection_id=session.connection_id,
                sync_id=state.sync.sync_id,
                session_id=session.session_id,
                read=planned.key,
                page=planned.page,
                rows=len(rows),
                changed=changed,
                remaining=response.remaining or 0,
                window_start=start.start.text() if start and start.start else None,
                latest_modified=newest.text() if newest else None,
            )
        ]

    async def _listing(
        self, state: LedgerState, session: SessionInfo, key: str, response: QbxmlResponse
    ) -> list[Event]:
        assert state.sync is not None
        if key == CLASSES:
            names = tuple(r.full_name for r in response.records if isinstance(r, ClassRet))
            return [self._classes(state, session, names, tracking=True)]
        deleted = [r for r in response.records if isinstance(r, TxnDeletedRet)]
        count = await self._mirror.mark_deleted(session.connection_id, [r.txn_id for r in deleted])
        newest = latest(r.time_deleted for r in deleted)
        since = window_start(_stamp(state.deleted_checkpoint), self._overlap)
        return [
            LedgerDeletionsRead(
                connection_id=session.connection_id,
                sync_id=state.sync.sync_id,
                session_id=session.session_id,
                window_start=since.text() if since else None,
                deleted=count,
                latest_deleted=newest.text() if newest else None,
            )
        ]

    async def _report_read(
        self, session: SessionInfo, report_id: str, response: QbxmlResponse
    ) -> None:
        reports = [r for r in response.records if isinstance(r, ReportRet)]
        event: Event
        if response.outcome is Outcome.OK and reports:
            event = LedgerReportRead(
                connection_id=session.connection_id,
                report_id=report_id,
                session_id=session.session_id,
                report=reports[0],
            )
        elif response.status.retryable:
            return
        else:
            event = LedgerReportFailed(
                connection_id=session.connection_id,
                report_id=report_id,
                session_id=session.session_id,
                status_code=response.status.code,
                message=response.status.message,
            )
        await append(
            self._store, ledger_stream(session.connection_id), STREAM_KIND, [event], session
        )

    # --- recording --------------------------------------------------------------------

    async def _record(self, session: SessionInfo, state: LedgerState, events: list[Event]) -> None:
        _, events = self._settled(state, session, events)
        if events:
            stream = ledger_stream(session.connection_id)
            await append(self._store, stream, STREAM_KIND, events, session)

    def _settled(
        self, state: LedgerState, session: SessionInfo, events: list[Event]
    ) -> tuple[LedgerState, list[Event]]:
        """The state after `events`, and the events with the checkpoint advanced when they
        complete the sync."""
        for event in events:
            state = evolve(state, event)
        tracking = session.company.class_tracking is not False
        if state.complete(session.session_id, tracking):
            advanced = _advanced(state, session)
            return evolve(state, advanced), [*events, advanced]
        return state, events

    def _classes(
        self, state: LedgerState, session: SessionInfo, names: tuple[str, ...], *, tracking: bool
    ) -> LedgerClassesListed:
        assert state.sync is not None
        return LedgerClassesListed(
            connection_id=session.connection_id,
            sync_id=state.sync.sync_id,
            session_id=session.session_id,
            classes=names,
            class_tracking=tracking,
        )

    def _interrupted(
        self, state: LedgerState, session: SessionInfo, reason: str
    ) -> LedgerSyncInterrupted:
        assert state.sync is not None
        return LedgerSyncInterrupted(
            connection_id=session.connection_id,
            sync_id=state.sync.sync_id,
            session_id=session.session_id,
            reason=reason,
        )

    async def _ask(self, connection_id: str, event: Event, requested_by: str) -> None:
        meta = Metadata(actor=requested_by, connection_id=connection_id)
        stream = ledger_stream(connection_id)
        await self._store.append(AppendRequest(stream, STREAM_KIND, [event], metadata=meta))


def _advanced(state: LedgerState, session: SessionInfo) -> LedgerCheckpointAdvanced:
    assert state.sync is not None
    progress = state.progress_in(session.session_id)
    modified = latest([_stamp(state.checkpoint), _stamp(progress.latest_modified)])
    deleted = latest([_stamp(state.deleted_checkpoint), _stamp(progress.latest_deleted)])
    return LedgerCheckpointAdvanced(
        connection_id=session.connection_id,
        sync_id=state.sync.sync_id,
        session_id=session.session_id,
        modified_checkpoint=modified.text() if modified else None,
        deleted_checkpoint=deleted.text() if deleted else None,
        previous_modified=state.checkpoint,
        rows_read=progress.rows,
    )


def _report(request: LedgerReportRequested) -> PlannedRequest:
    query = GeneralSummaryReportQuery(
        report_type=SummaryReportType(request.report_type),
        period=DateRange(request.period_start, request.period_end),
        basis=ReportBasis(request.basis),
    )
    return PlannedRequest(request=query, key=f"{REPORT}{request.report_id}")


def _rows_per_class(state: LedgerState, session_id: str) -> float:
    """A class's share of the lines the sync read, doubled: class reads are planned by
    this estimate (MaxReturned still caps each page)."""
    progress = state.progress_in(session_id)
    classes = max(len(progress.classes or ()), 1)
    return max(10.0, 2.0 * progress.rows / classes)


def _stamp(text: str | None) -> QbTimestamp | None:
    return QbTimestamp.parse(text) if text else None
