"""TransactionQuery rows and filters.

A row is a transaction summary (TransactionDetailLevelFilter SummaryOnly, the default)
or one of its lines (AllExceptSummary; All gives both). The summary row carries the
header posting (the bank of a check, AP of a bill, AR of an invoice...) with its
debit-positive amount; a journal entry, having no header, reports its first line's
account and its total. Line rows carry the line's account and debit-positive amount.
"""

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from simulators.quickbooks.account_types import account_types
from simulators.quickbooks.company import CompanyFile
from simulators.quickbooks.filters import (
    modified_range,
    ref_number_match,
    selected_elements,
    txn_date_range,
)
from simulators.quickbooks.model import Line, Txn


@dataclass(frozen=True)
class Row:
    txn: Txn
    line: Line
    is_summary: bool

    def lines(self) -> list[Line]:
        return self.txn.postings() if self.is_summary else [self.line]


RowTest = Callable[[Row], bool]


def rows_of(txn: Txn, detail: str) -> list[Row]:
    rows = []
    if detail in ("All", "SummaryOnly"):
        rows.append(Row(txn, txn.header or txn.lines[0], True))
    if detail in ("All", "AllExceptSummary"):
        rows.extend(Row(txn, line, False) for line in txn.lines)
    return rows


def txn_tests(company: CompanyFile, request: etree._Element) -> list[Callable[[Txn], bool]]:
    modified = modified_range(company, request.find("TransactionModifiedDateRangeFilter"))
    # TransactionDateRangeFilter has the children of TxnDateRangeFilter.
    dated = txn_date_range(company, request.find("TransactionDateRangeFilter"))
    types = {element.text for element in request.iter("TxnTypeFilter")} - {"All"}
    tests = [lambda txn: modified(txn.time_modified), lambda txn: dated(txn.txn_date)]
    if types:
        tests.append(lambda txn: txn.txn_type in types)
    if request.findtext("TransactionPostingStatusFilter") == "NonPosting":
        tests.append(lambda txn: False)
    return [*tests, _ref_test(request)]


def row_tests(company: CompanyFile, request: etree._Element) -> list[RowTest]:
    tests: list[RowTest] = []
    accounts = request.find("TransactionAccountFilter")
    if accounts is not None:
        chosen = _chosen_accounts(company, accounts)
        tests.append(lambda row: any(line.account in chosen for line in row.lines()))
    classes = request.find("TransactionClassFilter")
    if classes is not None:
        chosen_classes = selected_elements(company.classes, classes)
        tests.append(lambda row: any(line.qb_class in chosen_classes for line in row.lines()))
    entities = request.find("TransactionEntityFilter")
    if entities is not None:
        tests.append(_entity_test(company, entities))
    if request.find("TransactionItemFilter") is not None:
        tests.append(lambda row: False)  # the simulated company has no items
    return tests


def _chosen_accounts(company: CompanyFile, element: etree._Element) -> set:
    type_filter = element.findtext("AccountTypeFilter")
    if type_filter is None:
        return selected_elements(company.accounts, element)
    wanted = account_types(type_filter)
    return {account for account in company.accounts if account.account_type in wanted}


def _entity_test(company: CompanyFile, element: etree._Element) -> RowTest:
    kind = element.findtext("EntityTypeFilter")
    if kind is not None:
        chosen = {entity for entity in company.entities if entity.kind == kind}
    else:
        chosen = selected_elements(company.entities, element)
    return lambda row: any((line.entity or row.txn.entity) in chosen for line in row.lines())


def _ref_test(request: etree._Element) -> Callable[[Txn], bool]:
    exact = [element.text for element in request.findall("RefNumberCaseSensitive")]
    loose = {element.text.casefold() for element in request.findall("RefNumber")}
    ranged = request.find("RefNumberFilter")
    if ranged is None:
        ranged = request.find("RefNumberRangeFilter")
    if exact:
        return lambda txn: txn.ref_number in exact
    if loose:
        return lambda txn: (txn.ref_number or "").casefold() in loose
    if ranged is not None:
        matches = ref_number_match(ranged)
        return lambda txn: matches(txn.ref_number)
    return lambda txn: True
