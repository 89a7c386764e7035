"""What QuickBooks answers, as values: one Response per request, with its status and
the records (…Ret aggregates) the product reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.qbxml.enums import Side
from domain.qbxml.statuses import Outcome, Status
from domain.qbxml.timestamps import QbTimestamp


@dataclass(frozen=True, slots=True)
class RefValue:
    list_id: str | None
    full_name: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class JournalLineRet:
    txn_line_id: str | None
    side: Side
    account: RefValue | None
    amount: Decimal | None
    memo: str | None = None
    entity: RefValue | None = None
    class_ref: RefValue | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class JournalEntryRet:
    txn_id: str
    edit_sequence: str
    time_created: QbTimestamp | None
    time_modified: QbTimestamp | None
    txn_number: int | None
    txn_date: date | None
    ref_number: str | None
    is_adjustment: bool | None
    external_guid: str | None
    lines: tuple[JournalLineRet, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountRet:
    list_id: str
    full_name: str
    name: str
    is_active: bool
    account_type: str
    account_number: str | None
    special_account_type: str | None
    parent: RefValue | None
    sublevel: int
    description: str | None
    balance: Decimal | None
    total_balance: Decimal | None
    edit_sequence: str | None
    time_modified: QbTimestamp | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ClassRet:
    list_id: str
    full_name: str
    name: str
    is_active: bool
    parent: RefValue | None
    sublevel: int
    edit_sequence: str | None
    time_modified: QbTimestamp | None


@dataclass(frozen=True, slots=True, kw_only=True)
class TransactionRet:
    """One row of TransactionQuery: a transaction summary, or one of its lines when
    txn_line_id is set. Amount is as QuickBooks reports it for the row."""

    txn_type: str
    txn_id: str
    txn_line_id: str | None
    time_created: QbTimestamp | None
    time_modified: QbTimestamp | None
    entity: RefValue | None
    account: RefValue | None
    txn_date: date | None
    ref_number: str | None
    amount: Decimal | None
    memo: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class TxnDeletedRet:
    txn_type: str
    txn_id: str
    time_created: QbTimestamp | None
    time_deleted: QbTimestamp | None
    ref_number: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class TxnDelResult:
    """TxnDelRs / TxnVoidRs carry their fields directly, not in a …Ret."""

    txn_type: str
    txn_id: str
    when: QbTimestamp | None  # TimeDeleted, or TimeModified of a voided transaction
    ref_number: str | None


@dataclass(frozen=True, slots=True)
class ReportColumn:
    col_id: int
    titles: tuple[str, ...]
    col_type: str  # kept as text: real reports carry ColTypes the schema lacks
    data_type: str


@dataclass(frozen=True, slots=True)
class ReportCell:
    col_id: int
    value: str


@dataclass(frozen=True, slots=True)
class ReportRow:
    kind: str  # DataRow, TextRow, SubtotalRow, TotalRow
    row_number: int
    row_type: str | None  # RowData/@rowType, e.g. "account"
    row_value: str | None  # RowData/@value, e.g. the account's full name; TextRow's text
    cells: tuple[ReportCell, ...]

    def value(self, col_id: int) -> str | None:
        return next((cell.value for cell in self.cells if cell.col_id == col_id), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportRet:
    title: str
    subtitle: str
    basis: str | None
    columns: tuple[ReportColumn, ...]
    rows: tuple[ReportRow, ...]

    def column_ids(self, col_type: str) -> tuple[int, ...]:
        return tuple(column.col_id for column in self.columns if column.col_type == col_type)


@dataclass(frozen=True, slots=True, kw_only=True)
class HostRet:
    product_name: str | None
    major_version: int | None
    minor_version: int | None
    country: str | None
    supported_versions: tuple[str, ...]
    file_mode: str | None


@dataclass(frozen=True, slots=True)
class DataExt:
    owner_id: str
    name: str
    value: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CompanyRet:
    company_name: str | None
    legal_name: str | None
    data_ext: tuple[DataExt, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PreferencesRet:
    class_tracking: bool | None
    account_numbers: bool | None
    multi_currency: bool | None


Record = (
    JournalEntryRet
    | AccountRet
    | ClassRet
    | TransactionRet
    | TxnDeletedRet
    | TxnDelResult
    | ReportRet
    | HostRet
    | CompanyRet
    | PreferencesRet
)


@dataclass(frozen=True, slots=True, kw_only=True)
class QbxmlResponse:
    kind: str  # the request's KIND ("JournalEntryAdd" for a JournalEntryAddRs)
    request_id: str | None
    status: Status
    records: tuple[Record, ...] = ()
    iterator_id: str | None = None
    remaining: int | None = None  # iteratorRemainingCount
    ret_count: int | None = None

    @property
    def outcome(self) -> Outcome:
        return self.status.outcome

    @property
    def read_finished(self) -> bool:
        """No more pages: not an iterator, or its remaining count reached 0."""
        return not self.remaining
