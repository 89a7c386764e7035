"""Posts staged journal entries through the Web Connector, never twice.

In each session every open entry is first looked up by RefNumber (one JournalEntryQuery
for many entries); only then, in later messages of the same session, is it added,
modified or voided (domain.journal.next_action decides). The answer to every request is
recorded on the entry's stream together with the request itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import asyncpg

from app.flows.lookups import Lookups, journal_stream
from app.qbwc.work import (
    Abandoned,
    AbandonReason,
    Budget,
    PlannedRequest,
    SessionInfo,
    WorkState,
)
from domain.chart import Chart
from domain.envelope import Metadata
from domain.event import Event
from domain.events import (
    JournalBlocked,
    JournalFoundInQuickBooks,
    JournalNotFoundInQuickBooks,
    JournalPostRejected,
    JournalRequestLost,
    JournalVoided,
    QbxmlSent,
    TxnRecorded,
)
from domain.journal import Action, JournalState, Op, memo_tag, next_action, tagged_memo
from domain.ports import AppendRequest, EventStore
from domain.posting import JournalLine, Side
from domain.qbxml.enums import Side as QbSide
from domain.qbxml.enums import TxnType
from domain.qbxml.journal import (
    JournalEntryAdd,
    JournalEntryMod,
    JournalEntryQuery,
    JournalLineMod,
    TxnVoid,
)
from domain.qbxml.journal import JournalLine as QbLine
from domain.qbxml.refs import Ref
from domain.qbxml.request import QbxmlRequest
from domain.qbxml.responses import JournalEntryRet, QbxmlResponse
from domain.qbxml.statuses import Outcome

QUERY_BATCH = 50  # RefNumbers per JournalEntryQuery
_FOUND = (Outcome.OK, Outcome.NO_MATCH, Outcome.PARTIAL, Outcome.WARNING)


class JournalPosting:
    name = "journal-posting"

    def __init__(self, pool: asyncpg.Pool, store: EventStore) -> None:
        self._store = store
        self._lookups = Lookups(pool, store)

    async def has_work(self, connection_id: str) -> WorkState:
        pending = await self._lookups.entry_ids(connection_id, pending_only=True)
        return WorkState.READY if pending else WorkState.NONE

    async def plan(self, session: SessionInfo, budget: Budget) -> Sequence[PlannedRequest]:
        states = await self._open_states(session.connection_id)
        actions = {eid: next_action(state, session.session_id) for eid, state in states.items()}
        lookups = [eid for eid, action in actions.items() if action and action.op is Op.QUERY]
        writes = [
            _write(states[eid], action)
            for eid, action in actions.items()
            if action and action.op is not Op.QUERY
        ]
        return [*_queries(lookups, states), *writes]

    async def accept(
        self, session: SessionInfo, planned: PlannedRequest, response: QbxmlResponse
    ) -> None:
        op, entry_ids = _parse_key(planned.key)
        states = await self._lookups.journal_states(session.connection_id, entry_ids)
        chart = await self._lookups.chart(session.connection_id) if op is Op.QUERY else None
        outcomes = {
            eid: _outcome(session, planned, op, states[eid], response, chart) for eid in entry_ids
        }
        await self._record(session, planned, op, states, outcomes)

    async def abandon(
        self, session: SessionInfo, planned: PlannedRequest, reason: AbandonReason
    ) -> None:
        op, entry_ids = _parse_key(planned.key)
        states = await self._lookups.journal_states(session.connection_id, entry_ids)
        outcomes = {
            eid: [_abandoned(session, planned, op, states[eid], reason)] for eid in entry_ids
        }
        await self._record(session, planned, op, states, outcomes)

    async def _open_states(self, connection_id: str) -> dict[str, JournalState]:
        entry_ids = await self._lookups.entry_ids(connection_id, pending_only=True)
        return await self._lookups.journal_states(connection_id, entry_ids)

    async def _record(
        self,
        session: SessionInfo,
        planned: PlannedRequest,
        op: Op,
        states: dict[str, JournalState],
        outcomes: dict[str, list[Event]],
    ) -> None:
        meta = Metadata(
            correlation_id=session.session_id,
            actor="qbwc",
            tenant_id=session.tenant_id,
            connection_id=session.connection_id,
        )
        requests = [
            AppendRequest(
                journal_stream(session.connection_id, eid),
                "journal",
                [_sent(session, planned, op, states[eid]), *events],
                metadata=meta,
            )
            for eid, events in outcomes.items()
        ]
        await self._store.append_batch(requests)


def _queries(entry_ids: list[str], states: dict[str, JournalState]) -> list[PlannedRequest]:
    planned = []
    for i in range(0, len(entry_ids), QUERY_BATCH):
        batch = entry_ids[i : i + QUERY_BATCH]
        refs = tuple(dict.fromkeys(_staged_ref(states[eid]) for eid in batch))
        lines = sum(_line_count(states[eid]) for eid in batch)
        planned.append(
            PlannedRequest(
                request=JournalEntryQuery(ref_numbers=refs, include_line_items=True),
                key=_key(Op.QUERY, batch),
                cost=float(lines + len(batch)),
            )
        )
    return planned


def _write(state: JournalState, action: Action) -> PlannedRequest:
    request: QbxmlRequest
    if action.op is Op.VOID:
        assert action.posted is not None
        request = TxnVoid(txn_type=TxnType.JOURNAL_ENTRY, txn_id=action.posted.txn_id)
    elif action.op is Op.MOD:
        request = _mod(state, action)
    else:
        request = _add(state)
    return PlannedRequest(
        request=request, key=_key(action.op, [state.entry_id]), cost=float(_line_count(state))
    )


def _add(state: JournalState) -> JournalEntryAdd:
    staged = state.staged
    assert staged is not None
    return JournalEntryAdd(
        txn_date=date.fromisoformat(staged.txn_date),
        ref_number=staged.ref_number,
        lines=tuple(_qb_line(line, state) for line in staged.lines),
    )


def _mod(state: JournalState, action: Action) -> JournalEntryMod:
    staged, posted = state.staged, action.posted
    assert staged is not None and posted is not None
    lines = tuple(
        JournalLineMod(
            txn_line_id=line_id,
            side=QbSide.DEBIT if line.side is Side.DEBIT else QbSide.CREDIT,
            account=Ref.named(line.account),
            amount=line.amount,
            memo=tagged_memo(line.memo, state.entry_id, state.revision),
            class_ref=Ref.named(line.class_name) if line.class_name else None,
        )
        for line, line_id in zip(staged.lines, posted.txn_line_ids, strict=True)
    )
    return JournalEntryMod(
        txn_id=posted.txn_id,
        edit_sequence=posted.edit_sequence,
        txn_date=date.fromisoformat(staged.txn_date),
        lines=lines,
    )


def _qb_line(line: JournalLine, state: JournalState) -> QbLine:
    return QbLine(
        side=QbSide.DEBIT if line.side is Side.DEBIT else QbSide.CREDIT,
        account=Ref.named(line.account),
        amount=line.amount,
        memo=tagged_memo(line.memo, state.entry_id, state.revision),
        class_ref=Ref.named(line.class_name) if line.class_name else None,
    )


def _outcome(
    session: SessionInfo,
    planned: PlannedRequest,
    op: Op,
    state: JournalState,
    response: QbxmlResponse,
    chart: Chart | None,
) -> list[Event]:
    if op is Op.QUERY:
        return _looked_up(session, planned, state, response, chart)
    if response.outcome in (Outcome.OK, Outcome.WARNING) and op is Op.VOID:
        return [
            JournalVoided(
                connection_id=session.connection_id,
                entry_id=state.entry_id,
                session_id=session.session_id,
                txn_id=_txn_id(state),
                revision=state.revision,
            )
        ]
    ret = next((r for r in response.records if isinstance(r, JournalEntryRet)), None)
    if response.outcome in (Outcome.OK, Outcome.WARNING) and ret is not None:
        return [_recorded(session, state, ret, op, state.revision)]
    return [_rejected(session, op, state, response)]


def _looked_up(
    session: SessionInfo,
    planned: PlannedRequest,
    state: JournalState,
    response: QbxmlResponse,
    chart: Chart | None,
) -> list[Event]:
    ids = dict(
        connection_id=session.connection_id, entry_id=state.entry_id, session_id=session.session_id
    )
    if response.outcome not in _FOUND:
        reason = f"lookup refused ({response.status.code}): {response.status.message}"
        return [JournalRequestLost(**ids, request_id=planned.request_id, reason=reason)]
    ours = _ours(state, response.records)
    if ours is None:
        problems = _chart_problems(state, chart)
        not_found: list[Event] = [JournalNotFoundInQuickBooks(**ids)]
        if problems:
            return [*not_found, JournalBlocked(**ids, revision=state.revision, problems=problems)]
        return not_found
    ret, revision = ours
    if revision == state.revision:
        return [_recorded(session, state, ret, Op.QUERY, revision)]
    return [
        JournalFoundInQuickBooks(
            **ids,
            txn_id=ret.txn_id,
            edit_sequence=ret.edit_sequence,
            txn_line_ids=_line_ids(ret),
            revision=revision,
        )
    ]


def _ours(state: JournalState, records: Sequence[object]) -> tuple[JournalEntryRet, int] | None:
    """The live (not voided) entry QuickBooks holds for this plan entry: same RefNumber and
    our tag in its line memos. Other entries that share the RefNumber are someone else's."""
    ref = _staged_ref(state)
    found = []
    for ret in records:
        if not isinstance(ret, JournalEntryRet) or ret.ref_number != ref or _voided(ret):
            continue
        tags = {memo_tag(line.memo) for line in ret.lines} - {None}
        for tag in tags:
            if tag is not None and tag[0] == state.entry_id:
                found.append((ret, tag[1]))
    return max(found, key=lambda pair: pair[1]) if found else None


def _voided(ret: JournalEntryRet) -> bool:
    return all(not line.amount for line in ret.lines)


def _chart_problems(state: JournalState, chart: Chart | None) -> tuple[str, ...]:
    """Targets the chart read from QuickBooks no longer accepts (only when adding)."""
    if state.withdrawn or state.staged is None or chart is None:
        return ()
    problems = set()
    for line in state.staged.lines:
        if problem := chart.account_problem(line.account):
            problems.add(problem)
        if line.class_name and (problem := chart.class_problem(line.class_name)):
            problems.add(problem)
    return tuple(sorted(problems))


def _recorded(
    session: SessionInfo, state: JournalState, ret: JournalEntryRet, op: Op, revision: int
) -> TxnRecorded:
    return TxnRecorded(
        connection_id=session.connection_id,
        entry_id=state.entry_id,
        session_id=session.session_id,
        txn_id=ret.txn_id,
        edit_sequence=ret.edit_sequence,
        txn_line_ids=_line_ids(ret),
        revision=revision,
        operation=op.value,
    )


def _rejected(
    session: SessionInfo, op: Op, state: JournalState, response: QbxmlResponse
) -> JournalPostRejected:
    return JournalPostRejected(
        connection_id=session.connection_id,
        entry_id=state.entry_id,
        session_id=session.session_id,
        operation=op.value,
        revision=state.revision,
        status_code=response.status.code,
        status_message=response.status.message,
        retryable=response.status.retryable,
    )


def _abandoned(
    session: SessionInfo,
    planned: PlannedRequest,
    op: Op,
    state: JournalState,
    reason: AbandonReason,
) -> Event:
    ids = dict(
        connection_id=session.connection_id, entry_id=state.entry_id, session_id=session.session_id
    )
    if reason.kind is Abandoned.REJECTED:  # broke a QuickBooks rule: sending again won't help
        return JournalPostRejected(
            **ids,
            operation=op.value,
            revision=state.revision,
            status_code=0,
            status_message=reason.detail,
            retryable=False,
        )
    detail = f"{reason.kind}: {reason.detail}"
    return JournalRequestLost(**ids, request_id=planned.request_id, reason=detail)


def _sent(session: SessionInfo, planned: PlannedRequest, op: Op, state: JournalState) -> QbxmlSent:
    return QbxmlSent(
        connection_id=session.connection_id,
        entry_id=state.entry_id,
        session_id=session.session_id,
        message_id=f"{session.session_id}/{session.message_no}",
        request_id=planned.request_id,
        operation=op.value,
        revision=state.revision,
    )


def _key(op: Op, entry_ids: Sequence[str]) -> str:
    return f"{op.value}:{','.join(entry_ids)}"


def _parse_key(key: str) -> tuple[Op, list[str]]:
    op, _, ids = key.partition(":")
    return Op(op), ids.split(",")


def _staged_ref(state: JournalState) -> str:
    assert state.staged is not None
    return state.staged.ref_number


def _line_count(state: JournalState) -> int:
    return len(state.staged.lines) if state.staged else 1


def _line_ids(ret: JournalEntryRet) -> tuple[str, ...]:
    return tuple(line.txn_line_id or "" for line in ret.lines)


def _txn_id(state: JournalState) -> str:
    return state.posted.txn_id if state.posted else ""
