"""Sample domain requests: one of every kind the product sends, with edge values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.qbxml.enums import (
    AccountType,
    ActiveStatus,
    DetailLevel,
    ReportBasis,
    Side,
    SummarizeColumnsBy,
    SummaryReportType,
    TxnType,
)
from domain.qbxml.requests import (
    NEW_LINE,
    AccountAdd,
    AccountQuery,
    ClassAdd,
    ClassQuery,
    CompanyQuery,
    DateRange,
    GeneralSummaryReportQuery,
    HostQuery,
    JournalEntryAdd,
    JournalEntryMod,
    JournalEntryQuery,
    JournalLine,
    JournalLineMod,
    ListFilter,
    ModifiedRange,
    PreferencesQuery,
    QbxmlRequest,
    Ref,
    TransactionQuery,
    TxnDel,
    TxnDeletedQuery,
    TxnVoid,
)
from domain.qbxml.timestamps import QbTimestamp

SUMMER = QbTimestamp.parse("2027-07-15T10:00:00-05:00")


def journal_entry(
    ref_number: str | None = "PL-2701-001",
    amount: str = "1500.00",
    debit: str = "Occupancy:Rent",
    credit: str = "Accrued Liabilities:Budget Offset",
    klass: str | None = "IT & Facilities",
    memo: str | None = "Budget Jan 27",
    txn_date: date = date(2027, 1, 31),
) -> JournalEntryAdd:
    return JournalEntryAdd(
        txn_date=txn_date,
        ref_number=ref_number,
        lines=(
            JournalLine(
                side=Side.DEBIT,
                account=Ref.named(debit),
                amount=Decimal(amount),
                memo=memo,
                class_ref=Ref.named(klass) if klass else None,
            ),
            JournalLine(side=Side.CREDIT, account=Ref.named(credit), amount=Decimal(amount)),
        ),
    )


def every_request() -> dict[str, QbxmlRequest]:
    """Edge values: the longest RefNumber, 13-digit and negative amounts, both ids and
    names in references, every optional element the product can write."""
    big = JournalEntryAdd(
        txn_date=date(2027, 12, 31),
        ref_number="X" * 11,
        is_adjustment=True,
        external_guid="{3C1A86E2-7D4B-4F0A-9E55-2B8D41C7A9F3}",
        lines=(
            JournalLine(
                side=Side.DEBIT,
                account=Ref(full_name="A" * 159, list_id="80000021-1234567890"),
                amount=Decimal("9999999999999.99"),
                memo="m" * 4095,
                entity=Ref.named("Northwind Traders"),
                class_ref=Ref(list_id="80000001-1111111111"),
            ),
            JournalLine(
                side=Side.CREDIT, account=Ref.named("B"), amount=Decimal("9999999999999.99")
            ),
            JournalLine(side=Side.DEBIT, account=Ref.named("C"), amount=Decimal("-5.00")),
            JournalLine(side=Side.CREDIT, account=Ref.named("D"), amount=Decimal("-5")),
        ),
        include_ret=("TxnID", "EditSequence"),
    )
    return {
        "JournalEntryAdd": journal_entry(),
        "JournalEntryAdd (edge values)": big,
        "JournalEntryAdd (no RefNumber, no class)": journal_entry(ref_number=None, klass=None),
        "JournalEntryMod": JournalEntryMod(
            txn_id="BF5E-1828899527",
            edit_sequence="1828899527",
            txn_date=date(2027, 2, 28),
            ref_number="PL-2702-001",
            is_adjustment=False,
            lines=(
                JournalLineMod(txn_line_id="BF5F-1828899527", amount=Decimal("10.00")),
                JournalLineMod(
                    txn_line_id=NEW_LINE,
                    side=Side.CREDIT,
                    account=Ref.named("Rent"),
                    amount=Decimal("10.00"),
                    memo="added",
                    class_ref=Ref.named("East"),
                ),
            ),
        ),
        "JournalEntryMod (header only)": JournalEntryMod(txn_id="1-2", edit_sequence="3"),
        "JournalEntryQuery by RefNumber": JournalEntryQuery(ref_numbers=("PL-1", "PL-2")),
        "JournalEntryQuery by TxnID": JournalEntryQuery(txn_ids=("BF5E-1828899527",)),
        "JournalEntryQuery modified": JournalEntryQuery(
            max_returned=100, modified=ModifiedRange(SUMMER, SUMMER), include_line_items=True
        ),
        "JournalEntryQuery dated": JournalEntryQuery(
            max_returned=1, txn_dates=DateRange(date(2027, 1, 1), date(2027, 1, 31))
        ),
        "TxnDel": TxnDel(txn_type=TxnType.JOURNAL_ENTRY, txn_id="BF5E-1828899527"),
        "TxnVoid": TxnVoid(txn_type=TxnType.JOURNAL_ENTRY, txn_id="BF5E-1828899527"),
        "TxnDeletedQuery": TxnDeletedQuery(deleted_from=SUMMER),
        "TxnDeletedQuery (all, one type)": TxnDeletedQuery(txn_types=(TxnType.JOURNAL_ENTRY,)),
        "AccountQuery": AccountQuery(),
        "AccountQuery filtered": AccountQuery(
            max_returned=500,
            active_status=ActiveStatus.ACTIVE_ONLY,
            modified_since=SUMMER,
            account_types=(AccountType.EXPENSE, AccountType.INCOME),
        ),
        "AccountQuery by name": AccountQuery(full_names=("Occupancy:Rent",)),
        "AccountAdd": AccountAdd(
            name="Budget Offset",
            account_type=AccountType.OTHER_CURRENT_LIABILITY,
            parent=Ref.named("Accrued Liabilities"),
            account_number="2190",
            description="Plan postings",
            is_active=True,
        ),
        "ClassQuery": ClassQuery(),
        "ClassQuery by id": ClassQuery(list_ids=("80000001-1111111111",)),
        "ClassAdd": ClassAdd(name="Consulting", parent=Ref.named("Delivery"), is_active=True),
        "ClassAdd (top level)": ClassAdd(name="X" * 31),
        "TransactionQuery changes": TransactionQuery(
            max_returned=500, modified=ModifiedRange(SUMMER)
        ),
        "TransactionQuery by class": TransactionQuery(
            max_returned=10,
            modified=ModifiedRange(SUMMER),
            txn_dates=DateRange(date(2027, 1, 1), None),
            classes=ListFilter(full_names=("Delivery:Consulting",)),
            accounts=ListFilter(full_names=("Occupancy",), with_children=True),
            detail_level=DetailLevel.ALL,
            posting_status=None,
        ),
        "TransactionQuery by TxnID": TransactionQuery(txn_ids=("1-2", "3-4")),
        "GeneralSummaryReportQuery TrialBalance": GeneralSummaryReportQuery(
            report_type=SummaryReportType.TRIAL_BALANCE,
            period=DateRange(date(2027, 1, 1), date(2027, 1, 31)),
        ),
        "GeneralSummaryReportQuery ProfitAndLossByClass": GeneralSummaryReportQuery(
            report_type=SummaryReportType.PROFIT_AND_LOSS_BY_CLASS,
            period=DateRange(date(2027, 1, 1), date(2027, 1, 31)),
            classes=ListFilter(full_names=("Delivery",), with_children=True),
            summarize_columns_by=SummarizeColumnsBy.CLASS,
            basis=ReportBasis.CASH,
        ),
        "HostQuery": HostQuery(),
        "CompanyQuery": CompanyQuery(owner_ids=("{3C1A86E2-7D4B-4F0A-9E55-2B8D41C7A9F3}",)),
        "PreferencesQuery": PreferencesQuery(),
    }
