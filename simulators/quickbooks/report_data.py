"""The ledger as reports read it: postings in a date range, optionally only for some
classes or accounts, and account labels as QuickBooks prints them."""

from collections.abc import Iterator
from datetime import date

from lxml import etree

from simulators.quickbooks.account_types import account_types
from simulators.quickbooks.company import CompanyFile
from simulators.quickbooks.date_macros import macro_range
from simulators.quickbooks.filters import selected_elements
from simulators.quickbooks.model import Account, Line


def postings(
    company: CompanyFile, first: date | None, last: date | None, classes: set | None
) -> Iterator[tuple[date, Line]]:
    for txn in company.txns.values():
        if (first is None or txn.txn_date >= first) and (last is None or txn.txn_date <= last):
            for line in txn.postings():
                if classes is None or line.qb_class in classes:
                    yield txn.txn_date, line


def class_filter(company: CompanyFile, request: etree._Element) -> set | None:
    element = request.find("ReportClassFilter")
    return None if element is None else selected_elements(company.classes, element)


def account_filter(company: CompanyFile, request: etree._Element) -> set[Account] | None:
    element = request.find("ReportAccountFilter")
    if element is None:
        return None
    type_filter = element.findtext("AccountTypeFilter")
    if type_filter is None:
        return selected_elements(company.accounts, element)
    wanted = account_types(type_filter)
    return {account for account in company.accounts if account.account_type in wanted}


def report_period(
    company: CompanyFile, request: etree._Element, default_macro: str
) -> tuple[date | None, date | None]:
    period = request.find("ReportPeriod")
    if period is not None:
        return _date(period.findtext("FromReportDate")), _date(period.findtext("ToReportDate"))
    macro = request.findtext("ReportDateMacro") or default_macro
    return macro_range(macro, company.today(), company.settings.fiscal_year_start_month)


def fiscal_year_start(company: CompanyFile, day: date) -> date:
    start_month = company.settings.fiscal_year_start_month
    year = day.year if day.month >= start_month else day.year - 1
    return date(year, start_month, 1)


def account_label(company: CompanyFile, account: Account, *, full: bool) -> str:
    """ "6010 · Salaries" with account numbers on; the whole path when `full`."""
    chain = _ancestry(account) if full else [account]
    return ":".join(_segment(company, each) for each in chain)


def long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def short_date(day: date) -> str:
    return f"{day:%b} {day.day}, {day:%y}"


def _segment(company: CompanyFile, account: Account) -> str:
    if company.settings.account_numbers and account.number:
        return f"{account.number} \u00b7 {account.name}"
    return account.name


def _ancestry(account: Account) -> list[Account]:
    chain = [account]
    while chain[0].parent is not None:
        chain.insert(0, chain[0].parent)
    return chain


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
