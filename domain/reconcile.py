"""Checking the incrementally read ledger against QuickBooks' own trial balance.

Changes are read incrementally for freshness; for a closed month the trial balance (as of
its last day) says what every profit-and-loss account must add up to since the start of
the fiscal year. A difference means a change was missed: it is reported, never hidden.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from domain.errors import DomainError
from domain.qbxml.responses import ReportRet


@dataclass(frozen=True, slots=True)
class Difference:
    account: str
    ledger: Decimal
    report: Decimal

    def __str__(self) -> str:
        return f"{self.account}: ledger read {self.ledger}, trial balance {self.report}"


def trial_balance(report: ReportRet) -> dict[str, Decimal]:
    """Debit-positive balance per account full name."""
    debit, credit = set(report.column_ids("Debit")), set(report.column_ids("Credit"))
    totals: dict[str, Decimal] = {}
    for row in report.rows:
        if row.kind != "DataRow" or row.row_type != "account" or not row.row_value:
            continue
        amount = sum((_number(c.value) for c in row.cells if c.col_id in debit), Decimal(0))
        amount -= sum((_number(c.value) for c in row.cells if c.col_id in credit), Decimal(0))
        totals[row.row_value] = amount
    return totals


def differences(
    ledger: Mapping[str, Decimal], report: Mapping[str, Decimal], accounts: Iterable[str]
) -> tuple[Difference, ...]:
    """Accounts whose ledger total and trial balance disagree (to the cent)."""
    found = []
    for account in sorted(accounts):
        mine, theirs = ledger.get(account, Decimal(0)), report.get(account, Decimal(0))
        if mine != theirs:
            found.append(Difference(account, mine, theirs))
    return tuple(found)


class UnreadableReport(DomainError):
    pass


def _number(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise UnreadableReport(f"the trial balance holds an unreadable amount: {text!r}") from None
