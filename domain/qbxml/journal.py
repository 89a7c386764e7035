"""Journal entry requests: JournalEntryAdd / Mod / Query, and TxnDel / TxnVoid.

JournalEntryAdd has no header Memo on purpose: QuickBooks Desktop rejects it ("not in
QBD", NOTES §B.1); memos go on the lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.qbxml.enums import Side, TxnType
from domain.qbxml.refs import DateRange, ModifiedRange, Ref
from domain.qbxml.request import QbxmlRequest


@dataclass(frozen=True, kw_only=True)
class JournalLine:
    side: Side
    account: Ref
    amount: Decimal
    memo: str | None = None
    entity: Ref | None = None
    class_ref: Ref | None = None


@dataclass(frozen=True, kw_only=True)
class JournalEntryAdd(QbxmlRequest):
    KIND = "JournalEntryAdd"

    txn_date: date
    ref_number: str | None
    lines: tuple[JournalLine, ...]
    is_adjustment: bool | None = None
    external_guid: str | None = None  # "{8-4-4-4-12}"; confirms a match, cannot find one
    include_ret: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class JournalLineMod:
    """TxnLineID "-1" adds a line (then side, account and amount are required). Lines of
    the entry not listed in a Mod that lists any line are removed by QuickBooks."""

    txn_line_id: str
    side: Side | None = None
    account: Ref | None = None
    amount: Decimal | None = None
    memo: str | None = None
    entity: Ref | None = None
    class_ref: Ref | None = None


NEW_LINE = "-1"


@dataclass(frozen=True, kw_only=True)
class JournalEntryMod(QbxmlRequest):
    KIND = "JournalEntryMod"

    txn_id: str
    edit_sequence: str  # from the latest JournalEntryRet; stale -> status 3200
    txn_date: date | None = None
    ref_number: str | None = None
    is_adjustment: bool | None = None
    lines: tuple[JournalLineMod, ...] = ()
    include_ret: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class JournalEntryQuery(QbxmlRequest):
    """One selector at most: txn_ids, ref_numbers, or the filters (schema choice)."""

    KIND = "JournalEntryQuery"
    ITERABLE = True

    txn_ids: tuple[str, ...] = ()
    ref_numbers: tuple[str, ...] = ()
    max_returned: int | None = None
    modified: ModifiedRange | None = None
    txn_dates: DateRange | None = None
    include_line_items: bool = True
    include_ret: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class TxnDel(QbxmlRequest):
    KIND = "TxnDel"

    txn_type: TxnType
    txn_id: str


@dataclass(frozen=True, kw_only=True)
class TxnVoid(QbxmlRequest):
    KIND = "TxnVoid"

    txn_type: TxnType
    txn_id: str
