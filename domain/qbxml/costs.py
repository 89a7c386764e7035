"""Rough QuickBooks work per request, in budget units (about one line written or one
row returned each; a request itself costs REQUEST_UNITS). Sources may pass better
estimates; these are the defaults."""

from __future__ import annotations

from domain.qbxml.journal import JournalEntryAdd, JournalEntryMod, JournalEntryQuery
from domain.qbxml.lists import AccountQuery, ClassQuery
from domain.qbxml.reads import GeneralSummaryReportQuery, TransactionQuery, TxnDeletedQuery
from domain.qbxml.request import QbxmlRequest
from domain.qbxml.responses import JournalEntryRet, QbxmlResponse, ReportRet

REQUEST_UNITS = 5.0
LINES_PER_ENTRY = 10  # a guess for journal entries read back with their lines
LIST_SIZE = 300  # accounts or classes in a typical company file
REPORT_ROWS = 600
DELETIONS = 100


def estimated_units(request: QbxmlRequest) -> float:
    return REQUEST_UNITS + _rows(request)


def _rows(request: QbxmlRequest) -> float:
    match request:
        case JournalEntryAdd(lines=lines) | JournalEntryMod(lines=lines):
            return float(len(lines))
        case JournalEntryQuery():
            entries = request.max_returned or len(request.txn_ids) + len(request.ref_numbers)
            return float((entries or 100) * (LINES_PER_ENTRY if request.include_line_items else 1))
        case TransactionQuery():
            return float(request.max_returned or len(request.txn_ids) or 1000)
        case AccountQuery() | ClassQuery():
            return float(request.max_returned or LIST_SIZE)
        case TxnDeletedQuery():
            return float(DELETIONS)
        case GeneralSummaryReportQuery():
            return float(REPORT_ROWS)
    return 0.0


def answered_units(response: QbxmlResponse) -> float:
    """The work QuickBooks actually did for a request, judged from its answer: what the
    cost model learns from (estimates only decide what goes into a message)."""
    return REQUEST_UNITS + sum(_record_units(record) for record in response.records)


def _record_units(record: object) -> float:
    if isinstance(record, JournalEntryRet):
        return float(max(len(record.lines), 1))
    if isinstance(record, ReportRet):
        return float(len(record.rows))
    return 1.0
