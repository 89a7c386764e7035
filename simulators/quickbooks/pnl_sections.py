"""The row structure of a QuickBooks Profit & Loss report."""

from collections.abc import Callable

from simulators.quickbooks.company import CompanyFile
from simulators.quickbooks.model import Account, chart_order
from simulators.quickbooks.report_layout import ReportRow

Amounts = dict[Account, dict[str, int]]
Label = Callable[[Account], str]

_SECTIONS = (
    ("Income", "Income", "Total Income"),
    ("CostOfGoodsSold", "Cost of Goods Sold", "Total COGS"),
    ("Expense", "Expense", "Total Expense"),
    ("OtherIncome", "Other Income", "Total Other Income"),
    ("OtherExpense", "Other Expense", "Total Other Expense"),
)


def section_rows(
    company: CompanyFile, amounts: Amounts, titles: list[str], label: Label
) -> list[ReportRow]:
    columns = [*titles, "TOTAL"] if titles else ["TOTAL"]
    builder = _Builder(company, amounts, columns, label)
    totals = {kind: builder.section(kind, text, total_text) for kind, text, total_text in _SECTIONS}
    return builder.assemble(totals)


class _Builder:
    def __init__(
        self, company: CompanyFile, amounts: Amounts, columns: list[str], label: Label
    ) -> None:
        self.company, self.amounts, self.columns, self.label = company, amounts, columns, label
        self.parts: dict[str, list[ReportRow]] = {}

    def section(self, kind: str, text: str, total_text: str) -> list[int]:
        tops = sorted(
            (a for a in self.company.accounts if a.account_type == kind and a.parent is None),
            key=chart_order,
        )
        rows: list[ReportRow] = []
        total = self._zero()
        for account in tops:
            total = _add(total, self._account_rows(account, rows))
        self.parts[kind] = (
            [ReportRow("TextRow", text), *rows, ReportRow("SubtotalRow", total_text, total)]
            if rows
            else []
        )
        return total

    def assemble(self, totals: dict[str, list[int]]) -> list[ReportRow]:
        gross = _sub(totals["Income"], totals["CostOfGoodsSold"])
        ordinary = _sub(gross, totals["Expense"])
        other = _sub(totals["OtherIncome"], totals["OtherExpense"])
        rows = [
            ReportRow("TextRow", "Ordinary Income/Expense"),
            *self.parts["Income"],
            *self.parts["CostOfGoodsSold"],
        ]
        if self.parts["CostOfGoodsSold"]:
            rows.append(ReportRow("SubtotalRow", "Gross Profit", gross))
        rows += [*self.parts["Expense"], ReportRow("SubtotalRow", "Net Ordinary Income", ordinary)]
        if self.parts["OtherIncome"] or self.parts["OtherExpense"]:
            rows += [
                ReportRow("TextRow", "Other Income/Expense"),
                *self.parts["OtherIncome"],
                *self.parts["OtherExpense"],
            ]
            rows.append(ReportRow("SubtotalRow", "Net Other Income", other))
        return [*rows, ReportRow("TotalRow", "Net Income", _add(ordinary, other))]

    def _account_rows(self, account: Account, rows: list[ReportRow]) -> list[int]:
        children = self.company.accounts.children(account)
        own = self._own(account)
        nested: list[ReportRow] = []
        total = own
        for child in sorted(children, key=chart_order):
            total = _add(total, self._account_rows(child, nested))
        if not any(total) and not _has_activity(self.amounts, account, nested):
            return total
        if not nested:
            rows.append(ReportRow("DataRow", self.label(account), own, account.full_name))
            return total
        rows.append(ReportRow("TextRow", self.label(account)))
        rows.extend(nested)
        if any(own) or account in self.amounts:
            rows.append(
                ReportRow("DataRow", f"{self.label(account)} - Other", own, account.full_name)
            )
        rows.append(
            ReportRow("SubtotalRow", f"Total {self.label(account)}", total, account.full_name)
        )
        return total

    def _own(self, account: Account) -> list[int]:
        by_bucket = self.amounts.get(account, {})
        per_column = [by_bucket.get(title, 0) for title in self.columns[:-1]]
        return [*per_column, sum(by_bucket.values())]

    def _zero(self) -> list[int]:
        return [0] * len(self.columns)


def _has_activity(amounts: Amounts, account: Account, nested: list[ReportRow]) -> bool:
    return account in amounts or bool(nested)


def _add(left: list[int], right: list[int]) -> list[int]:
    return [a + b for a, b in zip(left, right, strict=True)]


def _sub(left: list[int], right: list[int]) -> list[int]:
    return [a - b for a, b in zip(left, right, strict=True)]
