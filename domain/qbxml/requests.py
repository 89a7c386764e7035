"""Every request the product can send, importable from one place."""

from __future__ import annotations

from domain.qbxml.journal import (
    NEW_LINE,
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
from domain.qbxml.refs import DateRange, InvalidRequest, ListFilter, ModifiedRange, Ref
from domain.qbxml.request import QbxmlRequest, request_class, request_from_data

__all__ = [
    "NEW_LINE",
    "AccountAdd",
    "AccountQuery",
    "ClassAdd",
    "ClassQuery",
    "CompanyQuery",
    "DateRange",
    "GeneralSummaryReportQuery",
    "HostQuery",
    "InvalidRequest",
    "JournalEntryAdd",
    "JournalEntryMod",
    "JournalEntryQuery",
    "JournalLine",
    "JournalLineMod",
    "ListFilter",
    "ModifiedRange",
    "PreferencesQuery",
    "QbxmlRequest",
    "Ref",
    "TransactionQuery",
    "TxnDel",
    "TxnDeletedQuery",
    "TxnVoid",
    "request_class",
    "request_from_data",
]
