"""Reading …Ret aggregates into domain records, leniently: QuickBooks versions and
editions add and omit fields, and reports carry column types the schema does not know,
so unknown elements are ignored and missing ones become None."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, TypeAlias

from lxml import etree

from domain.qbxml.amounts import parse_amount
from domain.qbxml.enums import Side
from domain.qbxml.responses import (
    AccountRet,
    ClassRet,
    CompanyRet,
    DataExt,
    HostRet,
    JournalEntryRet,
    JournalLineRet,
    PreferencesRet,
    RefValue,
    ReportCell,
    ReportColumn,
    ReportRet,
    ReportRow,
    TransactionRet,
    TxnDeletedRet,
    TxnDelResult,
)
from domain.qbxml.timestamps import QbTimestamp

E: TypeAlias = etree._Element
Reader = Callable[[E], Any]
_ROW_KINDS = ("DataRow", "TextRow", "SubtotalRow", "TotalRow")


def text(element: E, tag: str) -> str | None:
    found = element.find(tag)
    return None if found is None else (found.text or "")


def stamp(element: E, tag: str) -> QbTimestamp | None:
    value = text(element, tag)
    return QbTimestamp.parse(value) if value else None


def boolean(element: E, tag: str) -> bool | None:
    value = text(element, tag)
    return None if value is None else value.strip().lower() in ("true", "1")


def integer(element: E, tag: str) -> int | None:
    value = text(element, tag)
    return int(value) if value and value.strip().lstrip("-").isdigit() else None


def amount(element: E, tag: str) -> Decimal | None:
    return parse_amount(text(element, tag))


def day(element: E, tag: str) -> date | None:
    value = text(element, tag)
    return date.fromisoformat(value.strip()) if value else None


def ref(element: E, tag: str) -> RefValue | None:
    found = element.find(tag)
    if found is None:
        return None
    return RefValue(text(found, "ListID"), text(found, "FullName"))


def journal_entry(ret: E) -> JournalEntryRet:
    lines = [child for child in ret if child.tag in ("JournalDebitLine", "JournalCreditLine")]
    return JournalEntryRet(
        txn_id=text(ret, "TxnID") or "",
        edit_sequence=text(ret, "EditSequence") or "",
        time_created=stamp(ret, "TimeCreated"),
        time_modified=stamp(ret, "TimeModified"),
        txn_number=integer(ret, "TxnNumber"),
        txn_date=day(ret, "TxnDate"),
        ref_number=text(ret, "RefNumber"),
        is_adjustment=boolean(ret, "IsAdjustment"),
        external_guid=text(ret, "ExternalGUID"),
        lines=tuple(_journal_line(line) for line in lines),
    )


def _journal_line(line: E) -> JournalLineRet:
    return JournalLineRet(
        txn_line_id=text(line, "TxnLineID"),
        side=Side.DEBIT if line.tag == "JournalDebitLine" else Side.CREDIT,
        account=ref(line, "AccountRef"),
        amount=amount(line, "Amount"),
        memo=text(line, "Memo"),
        entity=ref(line, "EntityRef"),
        class_ref=ref(line, "ClassRef"),
    )


def account(ret: E) -> AccountRet:
    return AccountRet(
        list_id=text(ret, "ListID") or "",
        full_name=text(ret, "FullName") or text(ret, "Name") or "",
        name=text(ret, "Name") or "",
        is_active=boolean(ret, "IsActive") is not False,
        account_type=text(ret, "AccountType") or "",
        account_number=text(ret, "AccountNumber"),
        special_account_type=text(ret, "SpecialAccountType"),
        parent=ref(ret, "ParentRef"),
        sublevel=integer(ret, "Sublevel") or 0,
        description=text(ret, "Desc"),
        balance=amount(ret, "Balance"),
        total_balance=amount(ret, "TotalBalance"),
        edit_sequence=text(ret, "EditSequence"),
        time_modified=stamp(ret, "TimeModified"),
    )


def qb_class(ret: E) -> ClassRet:
    return ClassRet(
        list_id=text(ret, "ListID") or "",
        full_name=text(ret, "FullName") or text(ret, "Name") or "",
        name=text(ret, "Name") or "",
        is_active=boolean(ret, "IsActive") is not False,
        parent=ref(ret, "ParentRef"),
        sublevel=integer(ret, "Sublevel") or 0,
        edit_sequence=text(ret, "EditSequence"),
        time_modified=stamp(ret, "TimeModified"),
    )


def transaction(ret: E) -> TransactionRet:
    return TransactionRet(
        txn_type=text(ret, "TxnType") or "",
        txn_id=text(ret, "TxnID") or "",
        txn_line_id=text(ret, "TxnLineID"),
        time_created=stamp(ret, "TimeCreated"),
        time_modified=stamp(ret, "TimeModified"),
        entity=ref(ret, "EntityRef"),
        account=ref(ret, "AccountRef"),
        txn_date=day(ret, "TxnDate"),
        ref_number=text(ret, "RefNumber"),
        amount=amount(ret, "Amount"),
        memo=text(ret, "Memo"),
    )


def deleted_txn(ret: E) -> TxnDeletedRet:
    return TxnDeletedRet(
        txn_type=text(ret, "TxnDelType") or "",
        txn_id=text(ret, "TxnID") or "",
        time_created=stamp(ret, "TimeCreated"),
        time_deleted=stamp(ret, "TimeDeleted"),
        ref_number=text(ret, "RefNumber"),
    )


def del_or_void_result(rs: E) -> TxnDelResult | None:
    txn_id = text(rs, "TxnID")
    if not txn_id:
        return None
    return TxnDelResult(
        txn_type=text(rs, "TxnDelType") or text(rs, "TxnVoidType") or "",
        txn_id=txn_id,
        when=stamp(rs, "TimeDeleted") or stamp(rs, "TimeModified"),
        ref_number=text(rs, "RefNumber"),
    )


def report(ret: E) -> ReportRet:
    data = ret.find("ReportData")
    rows = [] if data is None else [row for row in data if row.tag in _ROW_KINDS]
    return ReportRet(
        title=text(ret, "ReportTitle") or "",
        subtitle=text(ret, "ReportSubtitle") or "",
        basis=text(ret, "ReportBasis"),
        columns=tuple(_column(desc) for desc in ret.findall("ColDesc")),
        rows=tuple(_row(row) for row in rows),
    )


def _column(desc: E) -> ReportColumn:
    titles = tuple(title.get("value") or "" for title in desc.findall("ColTitle"))
    return ReportColumn(
        col_id=int(desc.get("colID", "0")),
        titles=titles,
        col_type=text(desc, "ColType") or "",
        data_type=desc.get("dataType", ""),
    )


def _row(row: E) -> ReportRow:
    row_data = row.find("RowData")
    return ReportRow(
        kind=row.tag,
        row_number=int(row.get("rowNumber", "0")),
        row_type=None if row_data is None else row_data.get("rowType"),
        row_value=row.get("value") if row_data is None else row_data.get("value"),
        cells=tuple(
            ReportCell(int(cell.get("colID", "0")), cell.get("value", ""))
            for cell in row.findall("ColData")
        ),
    )


def host(ret: E) -> HostRet:
    return HostRet(
        product_name=text(ret, "ProductName"),
        major_version=integer(ret, "MajorVersion"),
        minor_version=integer(ret, "MinorVersion"),
        country=text(ret, "Country"),
        supported_versions=tuple(
            (v.text or "").strip() for v in ret.findall("SupportedQBXMLVersion")
        ),
        file_mode=text(ret, "QBFileMode"),
    )


def company(ret: E) -> CompanyRet:
    return CompanyRet(
        company_name=text(ret, "CompanyName"),
        legal_name=text(ret, "LegalCompanyName"),
        data_ext=tuple(
            DataExt(
                text(ext, "OwnerID") or "",
                text(ext, "DataExtName") or "",
                text(ext, "DataExtValue") or "",
            )
            for ext in ret.findall("DataExtRet")
        ),
    )


def preferences(ret: E) -> PreferencesRet:
    accounting = ret.find("AccountingPreferences")
    currency = ret.find("MultiCurrencyPreferences")
    return PreferencesRet(
        class_tracking=None if accounting is None else boolean(accounting, "IsUsingClassTracking"),
        account_numbers=None
        if accounting is None
        else boolean(accounting, "IsUsingAccountNumbers"),
        multi_currency=None if currency is None else boolean(currency, "IsMultiCurrencyOn"),
    )


RETS: dict[str, Reader] = {
    "JournalEntryRet": journal_entry,
    "AccountRet": account,
    "ClassRet": qb_class,
    "TransactionRet": transaction,
    "TxnDeletedRet": deleted_txn,
    "ReportRet": report,
    "HostRet": host,
    "CompanyRet": company,
    "PreferencesRet": preferences,
}
