"""Reading a trial balance and comparing it with the ledger read."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.qbxml.responses import ReportCell, ReportColumn, ReportRet, ReportRow
from domain.reconcile import UnreadableReport, differences, trial_balance

COLUMNS = (
    ReportColumn(1, (), "Label", "STRTYPE"),
    ReportColumn(2, ("Debit",), "Debit", "AMTTYPE"),
    ReportColumn(3, ("Credit",), "Credit", "AMTTYPE"),
)
TOTAL = ReportRow("TotalRow", 99, None, None, (ReportCell(2, "1"), ReportCell(3, "1")))


def account_row(n: int, name: str, debit: str | None, credit: str | None) -> ReportRow:
    cells = [ReportCell(2, debit)] if debit else []
    cells += [ReportCell(3, credit)] if credit else []
    return ReportRow("DataRow", n, "account", name, tuple(cells))


def report(*rows: tuple[str, str | None, str | None]) -> ReportRet:
    data = [account_row(n, *row) for n, row in enumerate(rows, start=1)]
    return ReportRet(
        title="Trial Balance",
        subtitle="As of March 31, 2026",
        basis="Accrual",
        columns=COLUMNS,
        rows=(*data, TOTAL),
    )


def test_the_trial_balance_gives_debit_positive_balances_per_account():
    tb = report(("Rent", "1,200.50", None), ("Consulting Fees", None, "5000.00"))
    assert trial_balance(tb) == {"Rent": Decimal("1200.50"), "Consulting Fees": Decimal("-5000.00")}


def test_differences_list_every_account_that_disagrees_and_only_those():
    ledger = {"Rent": Decimal("1200.50"), "Consulting Fees": Decimal("-4000.00")}
    tb = {"Rent": Decimal("1200.50"), "Consulting Fees": Decimal("-5000.00"), "Travel": Decimal(3)}
    found = differences(ledger, tb, ["Rent", "Consulting Fees", "Travel", "Salaries"])
    assert [str(d) for d in found] == [
        "Consulting Fees: ledger read -4000.00, trial balance -5000.00",
        "Travel: ledger read 0, trial balance 3",
    ]


def test_an_unreadable_amount_is_an_error_not_a_zero():
    with pytest.raises(UnreadableReport, match="12,3x"):
        trial_balance(report(("Rent", "12,3x", None)))
