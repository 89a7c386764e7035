"""Journal entries as an operator sees them, and the plan side of budget vs actual."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from domain.envelope import RecordedEvent
from domain.events import (
    JournalBlocked,
    JournalFoundInQuickBooks,
    JournalNotFoundInQuickBooks,
    JournalPostRejected,
    JournalRequestLost,
    JournalRetryRequested,
    JournalStaged,
    JournalVoided,
    JournalWithdrawn,
    TxnRecorded,
)
from domain.journal import STALE_EDIT_SEQUENCE
from domain.posting import Side
from projections.base import Sql

_KEY = "WHERE connection_id = $1 AND entry_id = $2"
STAGED = (
    "INSERT INTO {journal_entries} (connection_id, entry_id, run_id, ref_number, version, period, "
    "part, revision, withdrawn, status, total, lines, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, false, 'pending', $9, $10, $11) "
    "ON CONFLICT (connection_id, entry_id) DO UPDATE SET run_id = excluded.run_id, "
    "ref_number = excluded.ref_number, revision = excluded.revision, withdrawn = false, "
    "status = 'pending', total = excluded.total, lines = excluded.lines, last_error = NULL, "
    "updated_at = excluded.updated_at"
)
PLAN_LINE = (
    "INSERT INTO {bva_plan_lines} (connection_id, entry_id, revision, version, period, account, "
    "class_name, amount) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
    "ON CONFLICT (connection_id, entry_id, revision, account, class_name) "
    "DO UPDATE SET amount = excluded.amount"
)
WITHDRAWN = (
    "UPDATE {journal_entries} SET run_id = $3, revision = $4, withdrawn = true, "
    f"status = 'pending', last_error = NULL, updated_at = $5 {_KEY}"
)
RECORDED = (
    "UPDATE {journal_entries} SET txn_id = $3, edit_sequence = $4, posted_revision = $5, "
    "status = CASE WHEN $5 = revision AND NOT withdrawn THEN 'posted' ELSE status END, "
    f"last_error = NULL, updated_at = $6 {_KEY}"
)
FOUND = (
    "UPDATE {journal_entries} SET txn_id = $3, edit_sequence = $4, posted_revision = $5, "
    f"updated_at = $6 {_KEY}"
)
GONE = (
    "UPDATE {journal_entries} SET txn_id = NULL, edit_sequence = NULL, posted_revision = NULL, "
    "status = CASE WHEN withdrawn THEN 'voided' ELSE status END, "
    f"updated_at = $3 {_KEY}"
)
FAILED = f"UPDATE {{journal_entries}} SET status = $3, last_error = $4, updated_at = $5 {_KEY}"
NOTE = f"UPDATE {{journal_entries}} SET last_error = $3, updated_at = $4 {_KEY}"
RETRY = (
    "UPDATE {journal_entries} SET status = 'pending', updated_at = $3 "
    f"{_KEY} AND status IN ('blocked', 'rejected')"
)


class JournalEntriesProjection:
    name = "journal_entries"
    tables: tuple[str, ...] = ("journal_entries", "bva_plan_lines")

    def apply(self, event: RecordedEvent) -> Iterable[Sql]:
        e, at = event.event, event.recorded_at
        match e:
            case JournalStaged():
                yield from _staged(e, at)
            case JournalWithdrawn():
                yield Sql(WITHDRAWN, (e.connection_id, e.entry_id, e.run_id, e.revision, at))
            case TxnRecorded():
                args = (e.txn_id, e.edit_sequence, e.revision, at)
                yield Sql(RECORDED, (e.connection_id, e.entry_id, *args))
            case JournalFoundInQuickBooks():
                args = (e.txn_id, e.edit_sequence, e.revision, at)
                yield Sql(FOUND, (e.connection_id, e.entry_id, *args))
            case JournalNotFoundInQuickBooks() | JournalVoided():
                yield Sql(GONE, (e.connection_id, e.entry_id, at))
            case JournalBlocked():
                yield Sql(
                    FAILED, (e.connection_id, e.entry_id, "blocked", "; ".join(e.problems), at)
                )
            case JournalPostRejected():
                yield _rejected(e, at)
            case JournalRequestLost():
                yield Sql(NOTE, (e.connection_id, e.entry_id, f"request lost: {e.reason}", at))
            case JournalRetryRequested():
                yield Sql(RETRY, (e.connection_id, e.entry_id, at))


def _staged(e: JournalStaged, at: object) -> Iterable[Sql]:
    total = sum((ln.amount for ln in e.lines if ln.side is Side.DEBIT), Decimal(0))
    yield Sql(
        STAGED,
        (
            e.connection_id,
            e.entry_id,
            e.run_id,
            e.ref_number,
            e.version,
            e.period,
            e.part,
            e.revision,
            total,
            len(e.lines),
            at,
        ),
    )
    for ln in e.lines:
        if ln.plan_amount is not None:
            args = (
                e.revision,
                e.version,
                e.period,
                ln.account,
                ln.class_name or "",
                ln.plan_amount,
            )
            yield Sql(PLAN_LINE, (e.connection_id, e.entry_id, *args))


def _rejected(e: JournalPostRejected, at: object) -> Sql:
    error = f"{e.operation} refused ({e.status_code}): {e.status_message}"
    if e.retryable or e.status_code == STALE_EDIT_SEQUENCE:
        return Sql(NOTE, (e.connection_id, e.entry_id, error, at))
    return Sql(FAILED, (e.connection_id, e.entry_id, "rejected", error, at))
