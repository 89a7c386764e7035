"""TrialBalance: every account's balance as of the report's end date, in a Debit or a
Credit column. Balance-sheet accounts are cumulative; income-statement accounts count
from the start of the fiscal year, earlier years' net income sits in Retained Earnings
(so the report balances). The From date of the period is not used: it is an as-of
report."""

from datetime import date

from lxml import etree

from simulators.quickbooks.company import CompanyFile
from simulators.quickbooks.model import Account, chart_order
from simulators.quickbooks.report_data import (
    account_filter,
    account_label,
    class_filter,
    fiscal_year_start,
    long_date,
    postings,
    short_date,
)
from simulators.quickbooks.report_layout import LABEL_COLUMN, Column, Report, ReportRow


def trial_balance(company: CompanyFile, request: etree._Element, last: date) -> Report:
    balances = _balances(company, request, last)
    shown = account_filter(company, request)
    report = Report("Trial Balance", f"As of {long_date(last)}", "Accrual", _columns(last))
    debit = credit = 0
    for account in sorted(company.accounts, key=chart_order):
        amount = balances.get(account, 0)
        if amount == 0 or (shown is not None and account not in shown):
            continue
        debit, credit = debit + max(amount, 0), credit + max(-amount, 0)
        cells = [amount, None] if amount > 0 else [None, -amount]
        report.rows.append(
            ReportRow(
                "DataRow", account_label(company, account, full=True), cells, account.full_name
            )
        )
    report.rows.append(ReportRow("TotalRow", "TOTAL", [debit, credit]))
    return report


def _balances(company: CompanyFile, request: etree._Element, last: date) -> dict[Account, int]:
    year_start = fiscal_year_start(company, last)
    retained = next((a for a in company.accounts if a.special_type == "RetainedEarnings"), None)
    balances: dict[Account, int] = {}
    for day, line in postings(company, None, last, class_filter(company, request)):
        target = line.account
        if target.on_income_statement and day < year_start:
            target = retained or target
        balances[target] = balances.get(target, 0) + line.signed
    return balances


def _columns(last: date) -> list[Column]:
    return [
        LABEL_COLUMN,
        Column((short_date(last), "Debit"), "Debit"),
        Column((None, "Credit"), "Credit"),
    ]
