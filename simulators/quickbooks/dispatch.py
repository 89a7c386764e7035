"""Which handler answers which request. Requests the schema allows but the simulator
does not implement get 1030, the status QuickBooks gives to requests it does not
support."""

from collections.abc import Callable

from lxml import etree

from simulators.quickbooks.context import RequestContext
from simulators.quickbooks.handlers import (
    deletions,
    host_queries,
    journal_entries,
    lists,
    reports,
    transactions,
)
from simulators.quickbooks.statuses import UNSUPPORTED_REQUEST, QbError

Handler = Callable[[RequestContext, etree._Element], etree._Element]

HANDLERS: dict[str, Handler] = {
    "HostQueryRq": host_queries.host_query,
    "CompanyQueryRq": host_queries.company_query,
    "PreferencesQueryRq": host_queries.preferences_query,
    "AccountQueryRq": lists.account_query,
    "AccountAddRq": lists.account_add,
    "ClassQueryRq": lists.class_query,
    "ClassAddRq": lists.class_add,
    "JournalEntryAddRq": journal_entries.journal_entry_add,
    "JournalEntryModRq": journal_entries.journal_entry_mod,
    "JournalEntryQueryRq": journal_entries.journal_entry_query,
    "TxnDelRq": deletions.txn_del,
    "TxnVoidRq": deletions.txn_void,
    "TxnDeletedQueryRq": deletions.txn_deleted_query,
    "TransactionQueryRq": transactions.transaction_query,
    "GeneralSummaryReportQueryRq": reports.general_summary_report_query,
}


def handle(ctx: RequestContext, request: etree._Element) -> etree._Element:
    handler = HANDLERS.get(request.tag)
    if handler is None:
        raise QbError(UNSUPPORTED_REQUEST)
    return handler(ctx, request)
