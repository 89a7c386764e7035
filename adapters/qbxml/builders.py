"""One builder per request: the children of its <KIND>Rq element, in the exact order of
Intuit's schema (out-of-order elements are QuickBooks' most common parse error, NOTES
§B.9). Builders write only what the domain request holds; there is no header Memo, no
TaxAmount and no ItemSalesTaxRef anywhere (not in QuickBooks Desktop)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from adapters.qbxml.xml import (
    E,
    date_range,
    each,
    list_filter,
    modified_range,
    opt,
    opt_amount,
    opt_bool,
    opt_date,
    opt_stamp,
    ref,
    sub,
)
from domain.qbxml.journal import (
    JournalEntryAdd,
    JournalEntryMod,
    JournalEntryQuery,
    JournalLine,
    JournalLineMod,
    TxnDel,
    TxnVoid,
)
from domain.qbxml.lists import AccountAdd, AccountQuery, ClassAdd, ClassQuery
from domain.qbxml.reads import (
    CompanyQuery,
    GeneralSummaryReportQuery,
    HostQuery,
    PreferencesQuery,
    TransactionQuery,
    TxnDeletedQuery,
)
from domain.qbxml.request import QbxmlRequest

Builder = Callable[[E, Any], None]
_TXN_DATES = ("FromTxnDate", "ToTxnDate")


def build(rq: E, request: QbxmlRequest) -> None:
    _BUILDERS[type(request)](rq, request)


def _journal_entry_add(rq: E, add: JournalEntryAdd) -> None:
    entry = sub(rq, "JournalEntryAdd")
    opt_date(entry, "TxnDate", add.txn_date)
    opt(entry, "RefNumber", add.ref_number)
    opt_bool(entry, "IsAdjustment", add.is_adjustment)
    opt(entry, "ExternalGUID", add.external_guid)
    for line in add.lines:
        _journal_line(sub(entry, f"Journal{line.side.value}Line"), line)
    each(rq, "IncludeRetElement", add.include_ret)


def _journal_line(element: E, line: JournalLine) -> None:
    ref(element, "AccountRef", line.account)
    opt_amount(element, "Amount", line.amount)
    opt(element, "Memo", line.memo)
    ref(element, "EntityRef", line.entity)
    ref(element, "ClassRef", line.class_ref)


def _journal_entry_mod(rq: E, mod: JournalEntryMod) -> None:
    entry = sub(rq, "JournalEntryMod")
    sub(entry, "TxnID", mod.txn_id)
    sub(entry, "EditSequence", mod.edit_sequence)
    opt_date(entry, "TxnDate", mod.txn_date)
    opt(entry, "RefNumber", mod.ref_number)
    opt_bool(entry, "IsAdjustment", mod.is_adjustment)
    for line in mod.lines:
        _journal_line_mod(sub(entry, "JournalLineMod"), line)
    each(rq, "IncludeRetElement", mod.include_ret)


def _journal_line_mod(element: E, line: JournalLineMod) -> None:
    sub(element, "TxnLineID", line.txn_line_id)
    opt(element, "JournalLineType", line.side.value if line.side else None)
    ref(element, "AccountRef", line.account)
    opt_amount(element, "Amount", line.amount)
    opt(element, "Memo", line.memo)
    ref(element, "EntityRef", line.entity)
    ref(element, "ClassRef", line.class_ref)


def _journal_entry_query(rq: E, query: JournalEntryQuery) -> None:
    each(rq, "TxnID", query.txn_ids)
    each(rq, "RefNumber", query.ref_numbers)
    opt(rq, "MaxReturned", query.max_returned)
    modified_range(rq, "ModifiedDateRangeFilter", query.modified)
    date_range(rq, "TxnDateRangeFilter", query.txn_dates, _TXN_DATES)
    opt_bool(rq, "IncludeLineItems", query.include_line_items)
    each(rq, "IncludeRetElement", query.include_ret)


def _txn_del(rq: E, request: TxnDel) -> None:
    sub(rq, "TxnDelType", request.txn_type.value)
    sub(rq, "TxnID", request.txn_id)


def _txn_void(rq: E, request: TxnVoid) -> None:
    sub(rq, "TxnVoidType", request.txn_type.value)
    sub(rq, "TxnID", request.txn_id)


def _account_query(rq: E, query: AccountQuery) -> None:
    _list_selection(rq, query)
    if not (query.list_ids or query.full_names):
        each(rq, "AccountType", tuple(t.value for t in query.account_types))
    each(rq, "IncludeRetElement", query.include_ret)


def _class_query(rq: E, query: ClassQuery) -> None:
    _list_selection(rq, query)
    each(rq, "IncludeRetElement", query.include_ret)


def _list_selection(rq: E, query: AccountQuery | ClassQuery) -> None:
    """ListID+ | FullName+ | the ListFilter group (which alone may take ActiveStatus)."""
    if query.list_ids or query.full_names:
        each(rq, "ListID", query.list_ids)
        each(rq, "FullName", query.full_names)
        return
    opt(rq, "MaxReturned", query.max_returned)
    sub(rq, "ActiveStatus", query.active_status.value)
    opt_stamp(rq, "FromModifiedDate", query.modified_since)


def _account_add(rq: E, add: AccountAdd) -> None:
    account = sub(rq, "AccountAdd")
    sub(account, "Name", add.name)
    opt_bool(account, "IsActive", add.is_active)
    ref(account, "ParentRef", add.parent)
    sub(account, "AccountType", add.account_type.value)
    opt(account, "AccountNumber", add.account_number)
    opt(account, "Desc", add.description)


def _class_add(rq: E, add: ClassAdd) -> None:
    element = sub(rq, "ClassAdd")
    sub(element, "Name", add.name)
    opt_bool(element, "IsActive", add.is_active)
    ref(element, "ParentRef", add.parent)


def _transaction_query(rq: E, query: TransactionQuery) -> None:
    each(rq, "TxnID", query.txn_ids)
    if query.txn_ids:
        each(rq, "IncludeRetElement", query.include_ret)
        return
    opt(rq, "MaxReturned", query.max_returned)
    modified_range(rq, "TransactionModifiedDateRangeFilter", query.modified)
    date_range(rq, "TransactionDateRangeFilter", query.txn_dates, _TXN_DATES)
    list_filter(rq, "TransactionAccountFilter", query.accounts)
    list_filter(rq, "TransactionClassFilter", query.classes)
    sub(rq, "TransactionDetailLevelFilter", query.detail_level.value)
    opt(rq, "TransactionPostingStatusFilter", _value(query.posting_status))
    each(rq, "IncludeRetElement", query.include_ret)


def _txn_deleted_query(rq: E, query: TxnDeletedQuery) -> None:
    each(rq, "TxnDelType", tuple(t.value for t in query.txn_types))
    if query.deleted_from or query.deleted_to:
        window = sub(rq, "DeletedDateRangeFilter")
        opt_stamp(window, "FromDeletedDate", query.deleted_from)
        opt_stamp(window, "ToDeletedDate", query.deleted_to)


def _general_summary_report_query(rq: E, query: GeneralSummaryReportQuery) -> None:
    sub(rq, "GeneralSummaryReportType", query.report_type.value)
    date_range(rq, "ReportPeriod", query.period, ("FromReportDate", "ToReportDate"))
    list_filter(rq, "ReportClassFilter", query.classes)
    opt(rq, "SummarizeColumnsBy", _value(query.summarize_columns_by))
    opt(rq, "ReportBasis", _value(query.basis))


def _host_query(rq: E, query: HostQuery) -> None:
    """HostQueryRq has no required content."""


def _company_query(rq: E, query: CompanyQuery) -> None:
    each(rq, "OwnerID", query.owner_ids)


def _preferences_query(rq: E, query: PreferencesQuery) -> None:
    """PreferencesQueryRq has no required content."""


def _value(member: Any) -> str | None:
    return None if member is None else str(member.value)


_BUILDERS: dict[type, Builder] = {
    JournalEntryAdd: _journal_entry_add,
    JournalEntryMod: _journal_entry_mod,
    JournalEntryQuery: _journal_entry_query,
    TxnDel: _txn_del,
    TxnVoid: _txn_void,
    AccountQuery: _account_query,
    AccountAdd: _account_add,
    ClassQuery: _class_query,
    ClassAdd: _class_add,
    TransactionQuery: _transaction_query,
    TxnDeletedQuery: _txn_deleted_query,
    GeneralSummaryReportQuery: _general_summary_report_query,
    HostQuery: _host_query,
    CompanyQuery: _company_query,
    PreferencesQuery: _preferences_query,
}
