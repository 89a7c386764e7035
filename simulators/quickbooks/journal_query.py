"""Which journal entries a JournalEntryQuery selects (in creation order)."""

from collections.abc import Callable

from lxml import etree

from simulators.quickbooks.company import CompanyFile
from simulators.quickbooks.filters import (
    modified_range,
    ref_number_match,
    selected_elements,
    txn_date_range,
)
from simulators.quickbooks.model import Txn
from simulators.quickbooks.selection import pick
from simulators.quickbooks.statuses import Status

Test = Callable[[Txn], bool]


def select_journal_entries(
    company: CompanyFile, request: etree._Element
) -> tuple[list[Txn], Status | None]:
    entries = [txn for txn in company.txns.values() if txn.txn_type == "JournalEntry"]
    ids = [element.text for element in request.findall("TxnID")]
    if ids:
        by_id = {txn.txn_id: txn for txn in entries}
        return pick(ids, by_id.get)
    tests = _tests(company, request)
    return [txn for txn in entries if all(test(txn) for test in tests)], None


def _tests(company: CompanyFile, request: etree._Element) -> list[Test]:
    modified = modified_range(company, request.find("ModifiedDateRangeFilter"))
    dated = txn_date_range(company, request.find("TxnDateRangeFilter"))
    tests: list[Test] = [
        lambda txn: modified(txn.time_modified),
        lambda txn: dated(txn.txn_date),
        _ref_numbers(request),
    ]
    ref_filter = _first(request, "RefNumberFilter", "RefNumberRangeFilter")
    if ref_filter is not None:
        matches_ref = ref_number_match(ref_filter)
        tests.append(lambda txn: matches_ref(txn.ref_number))
    return tests + _list_tests(company, request)


def _ref_numbers(request: etree._Element) -> Test:
    exact = [element.text for element in request.findall("RefNumberCaseSensitive")]
    if exact:
        return lambda txn: txn.ref_number in exact
    loose = {element.text.casefold() for element in request.findall("RefNumber")}
    return lambda txn: not loose or (txn.ref_number or "").casefold() in loose


def _list_tests(company: CompanyFile, request: etree._Element) -> list[Test]:
    tests: list[Test] = []
    if request.find("AccountFilter") is not None:
        accounts = selected_elements(company.accounts, request.find("AccountFilter"))
        tests.append(lambda txn: any(line.account in accounts for line in txn.lines))
    if request.find("EntityFilter") is not None:
        entities = selected_elements(company.entities, request.find("EntityFilter"))
        tests.append(lambda txn: any(line.entity in entities for line in txn.lines))
    return tests


def _first(request: etree._Element, *tags: str) -> etree._Element | None:
    for tag in tags:
        element = request.find(tag)
        if element is not None:
            return element
    return None
