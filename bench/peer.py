"""The peer of the posting benchmark, run through our own Web Connector service: the usual
open-source design, one journal entry per plan line (the line and its offset), and for
each entry a query by RefNumber then an add, each alone in its qbXML message.

It is a work source like ours (app/qbwc/work.py), on a connection of its own; it keeps
its progress in memory, which is enough for one benchmark process.
"""

from __future__ import annotations

import calendar
from collections import deque
from collections.abc import Iterable, Sequence
from datetime import date

from app.qbwc.work import AbandonReason, Budget, PlannedRequest, SessionInfo, WorkState
from bench.big_plan import PlanLine
from domain.qbxml.enums import Side
from domain.qbxml.journal import JournalEntryAdd, JournalEntryQuery, JournalLine
from domain.qbxml.refs import Ref
from domain.qbxml.responses import QbxmlResponse
from domain.qbxml.statuses import Outcome
from simulators import firm

CREDIT_NORMAL = {
    spec.full_name for spec in firm.ACCOUNTS if spec.account_type in ("Income", "OtherIncome")
}


class OneRequestPerEntry:
    name = "bench-peer"

    def __init__(self, lines: Iterable[PlanLine]) -> None:
        self.connection_id = ""
        self.failures: list[str] = []
        self._pending = deque(_entry(n, line) for n, line in enumerate(lines))
        self._absent_in = ""  # the session whose query found the next entry absent

    async def finished(self) -> bool:
        return not self._pending

    async def has_work(self, connection_id: str) -> WorkState:
        ours = connection_id == self.connection_id
        return WorkState.READY if ours and self._pending else WorkState.NONE

    async def plan(self, session: SessionInfo, budget: Budget) -> Sequence[PlannedRequest]:
        if session.connection_id != self.connection_id or not self._pending:
            return []
        entry = self._pending[0]
        if self._absent_in == session.session_id:
            return [PlannedRequest(request=entry, key=f"add:{entry.ref_number}")]
        query = JournalEntryQuery(ref_numbers=(entry.ref_number,), include_line_items=True)
        return [PlannedRequest(request=query, key=f"query:{entry.ref_number}")]

    async def accept(
        self, session: SessionInfo, planned: PlannedRequest, response: QbxmlResponse
    ) -> None:
        outcome = response.outcome
        if planned.key.startswith("query:") and outcome is Outcome.NO_MATCH:
            self._absent_in = session.session_id
            return
        if outcome is not Outcome.OK:
            self.failures.append(f"{planned.key}: {response.status.code} {response.status.message}")
        self._pending.popleft()  # found by the query, added, or given up
        self._absent_in = ""

    async def abandon(
        self, session: SessionInfo, planned: PlannedRequest, reason: AbandonReason
    ) -> None:
        self._absent_in = ""  # query again before adding


def _entry(number: int, line: PlanLine) -> JournalEntryAdd:
    year = firm.FISCAL_YEAR
    day = date(year, line.month, calendar.monthrange(year, line.month)[1])
    plan_side, offset_side = (
        (Side.CREDIT, Side.DEBIT) if line.account in CREDIT_NORMAL else (Side.DEBIT, Side.CREDIT)
    )
    memo = f"{year} budget"
    return JournalEntryAdd(
        txn_date=day,
        ref_number=f"B{line.month:02d}{number:06d}",
        lines=(
            JournalLine(
                side=plan_side,
                account=Ref.named(line.account),
                amount=line.amount,
                memo=memo,
                class_ref=Ref.named(line.class_name),
            ),
            JournalLine(
                side=offset_side,
                account=Ref.named(firm.BALANCING_ACCOUNT),
                amount=line.amount,
                memo=memo,
            ),
        ),
    )
