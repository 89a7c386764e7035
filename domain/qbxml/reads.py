"""Reads of posted activity and of the company file: TransactionQuery, TxnDeletedQuery,
GeneralSummaryReportQuery, and Host / Company / Preferences queries."""

from __future__ import annotations

from dataclasses import dataclass

from domain.qbxml.enums import (
    POSTING_DELETABLE,
    DetailLevel,
    PostingStatus,
    ReportBasis,
    SummarizeColumnsBy,
    SummaryReportType,
    TxnType,
)
from domain.qbxml.refs import DateRange, ListFilter, ModifiedRange
from domain.qbxml.request import QbxmlRequest
from domain.qbxml.timestamps import QbTimestamp


@dataclass(frozen=True, kw_only=True)
class TransactionQuery(QbxmlRequest):
    """Posted transactions of every type. Its rows carry AccountRef but no ClassRef, so
    class amounts need one `classes`-filtered read per class (NOTES §D)."""

    KIND = "TransactionQuery"
    ITERABLE = True

    txn_ids: tuple[str, ...] = ()
    max_returned: int | None = None
    modified: ModifiedRange | None = None
    txn_dates: DateRange | None = None
    accounts: ListFilter | None = None
    classes: ListFilter | None = None
    detail_level: DetailLevel = DetailLevel.ALL_EXCEPT_SUMMARY
    posting_status: PostingStatus | None = PostingStatus.POSTING
    include_ret: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class TxnDeletedQuery(QbxmlRequest):
    KIND = "TxnDeletedQuery"

    txn_types: tuple[TxnType, ...] = POSTING_DELETABLE
    deleted_from: QbTimestamp | None = None
    deleted_to: QbTimestamp | None = None


@dataclass(frozen=True, kw_only=True)
class GeneralSummaryReportQuery(QbxmlRequest):
    """A summary report for a period; TrialBalance is as of `period.end`. No iterator."""

    KIND = "GeneralSummaryReportQuery"

    report_type: SummaryReportType
    period: DateRange | None = None
    classes: ListFilter | None = None
    summarize_columns_by: SummarizeColumnsBy | None = None
    basis: ReportBasis | None = ReportBasis.ACCRUAL


@dataclass(frozen=True, kw_only=True)
class HostQuery(QbxmlRequest):
    KIND = "HostQuery"


@dataclass(frozen=True, kw_only=True)
class CompanyQuery(QbxmlRequest):
    KIND = "CompanyQuery"

    owner_ids: tuple[str, ...] = ()  # also return the DataExt fields of these owners


@dataclass(frozen=True, kw_only=True)
class PreferencesQuery(QbxmlRequest):
    KIND = "PreferencesQuery"
