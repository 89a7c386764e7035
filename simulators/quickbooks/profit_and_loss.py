"""ProfitAndLossStandard / ProfitAndLossByClass: income-statement accounts for a period,
one amount column per class (ByClass, or SummarizeColumnsBy Class), per month
(SummarizeColumnsBy Month) or a single total, always followed by TOTAL.

Amounts are in the natural sign of the section (income positive, expenses positive).
Sub-accounts appear under a text row for their parent and close with "Total <parent>";
a parent's own postings show as "<parent> - Other". Class columns are flat: a
sub-class has its own column under its full name; postings without a class go to
"Unclassified".
"""

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from lxml import etree

from simulators.quickbooks.company import CompanyFile
from simulators.quickbooks.model import Account, Line
from simulators.quickbooks.pnl_sections import section_rows
from simulators.quickbooks.report_data import (
    account_filter,
    account_label,
    class_filter,
    long_date,
    postings,
)
from simulators.quickbooks.report_layout import LABEL_COLUMN, Column, Report

Bucket = Callable[[date, Line], str]


def profit_and_loss(
    company: CompanyFile, request: etree._Element, first: date, last: date, by: str
) -> Report:
    bucket, titles = _bucketing(company, request, first, last, by)
    amounts = _amounts(company, request, first, last, bucket)
    title = "Profit & Loss by Class" if by == "Class" else "Profit & Loss"
    subtitle = f"{long_date(first)} through {long_date(last)}"
    columns = (
        [LABEL_COLUMN] + [Column((t,), "Amount") for t in titles] + [Column(("TOTAL",), "Total")]
    )
    report = Report(title, subtitle, "Accrual", columns)
    label = lambda account: account_label(company, account, full=False)  # noqa: E731
    report.rows = section_rows(company, amounts, titles, label)
    return report


def _amounts(
    company: CompanyFile, request: etree._Element, first: date, last: date, bucket: Bucket
) -> dict[Account, dict[str, int]]:
    shown = account_filter(company, request)
    amounts: dict[Account, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for day, line in postings(company, first, last, class_filter(company, request)):
        account = line.account
        if account.on_income_statement and (shown is None or account in shown):
            natural = line.signed if account.debit_normal else -line.signed
            amounts[account][bucket(day, line)] += natural
    return amounts


def _bucketing(
    company: CompanyFile, request: etree._Element, first: date, last: date, by: str
) -> tuple[Bucket, list[str]]:
    if by == "Class":
        return _by_class(company, request, first, last)
    if by == "Month":
        return (lambda day, _line: _month_title(day)), _months(first, last)
    return (lambda _day, _line: "TOTAL"), []


def _by_class(
    company: CompanyFile, request: etree._Element, first: date, last: date
) -> tuple[Bucket, list[str]]:
    def bucket(_day: date, line: Line) -> str:
        return line.qb_class.full_name if line.qb_class is not None else "Unclassified"

    used = {
        bucket(day, line)
        for day, line in postings(company, first, last, class_filter(company, request))
        if line.account.on_income_statement
    }
    named = [c.full_name for c in company.classes.ordered() if c.full_name in used]
    return bucket, named + (["Unclassified"] if "Unclassified" in used else [])


def _months(first: date, last: date) -> list[str]:
    titles, cursor = [], date(first.year, first.month, 1)
    while cursor <= last:
        titles.append(_month_title(cursor))
        cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
    return titles


def _month_title(day: date) -> str:
    return f"{day:%b} {day:%y}"
