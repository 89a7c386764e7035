"""Query filters shared by the transaction and list queries."""

from collections.abc import Callable
from datetime import date, datetime

from lxml import etree

from simulators.quickbooks.company import CompanyFile
from simulators.quickbooks.date_macros import macro_range
from simulators.quickbooks.lists import ListStore
from simulators.quickbooks.model import ListElement


def modified_range(
    company: CompanyFile, element: etree._Element | None
) -> Callable[[datetime], bool]:
    """From/ToModifiedDate, both inclusive; a bare date in To means the whole day."""
    if element is None:
        return lambda _: True
    if element.findtext("DateMacro") is not None:
        first, last = _macro(company, element.findtext("DateMacro"))
        return lambda when: _within(company.timezone.local_date(when), first, last)
    return modified_between(
        company, element.findtext("FromModifiedDate"), element.findtext("ToModifiedDate")
    )


def modified_between(
    company: CompanyFile, from_text: str | None, to_text: str | None
) -> Callable[[datetime], bool]:
    low = _instant(company, from_text, end_of_day=False)
    high = _instant(company, to_text, end_of_day=True)
    return lambda when: _within(when, low, high)


def deleted_range(
    company: CompanyFile, element: etree._Element | None
) -> Callable[[datetime], bool]:
    if element is None:
        return lambda _: True
    low = _instant(company, element.findtext("FromDeletedDate"), end_of_day=False)
    high = _instant(company, element.findtext("ToDeletedDate"), end_of_day=True)
    return lambda when: _within(when, low, high)


def txn_date_range(company: CompanyFile, element: etree._Element | None) -> Callable[[date], bool]:
    if element is None:
        return lambda _: True
    if element.findtext("DateMacro") is not None:
        first, last = _macro(company, element.findtext("DateMacro"))
    else:
        first, last = _date(element.findtext("FromTxnDate")), _date(element.findtext("ToTxnDate"))
    return lambda day: _within(day, first, last)


def ref_number_match(element: etree._Element) -> Callable[[str | None], bool]:
    """RefNumberFilter / RefNumberRangeFilter (case-insensitive, as QuickBooks)."""
    if element.tag == "RefNumberRangeFilter":
        low = (element.findtext("FromRefNumber") or "").casefold() or None
        high = (element.findtext("ToRefNumber") or "").casefold() or None
        return lambda ref: ref is not None and _within(ref.casefold(), low, high)
    wanted = element.findtext("RefNumber").casefold()
    test = {
        "StartsWith": str.startswith,
        "Contains": str.__contains__,
        "EndsWith": str.endswith,
    }[element.findtext("MatchCriterion")]
    return lambda ref: ref is not None and test(ref.casefold(), wanted)


def name_match(element: etree._Element) -> Callable[[str], bool]:
    """NameFilter / NameRangeFilter on a list element's FullName."""
    if element.tag == "NameRangeFilter":
        low = (element.findtext("FromName") or "").casefold() or None
        high = (element.findtext("ToName") or "").casefold() or None
        return lambda name: _within(name.casefold(), low, high)
    wanted = element.findtext("Name").casefold()
    test = {"StartsWith": str.startswith, "Contains": str.__contains__, "EndsWith": str.endswith}
    criterion = test[element.findtext("MatchCriterion")]
    return lambda name: criterion(name.casefold(), wanted)


def selected_elements(store: ListStore, element: etree._Element) -> set[ListElement]:
    """ListID+ | FullName+ | ListIDWithChildren | FullNameWithChildren (unknown names
    simply select nothing)."""
    chosen: set[ListElement] = set()
    for child in element:
        found = store.lookup(*_id_or_name(child))
        if found is None:
            continue
        chosen |= store.with_descendants(found) if child.tag.endswith("WithChildren") else {found}
    return chosen


def active_status(element: etree._Element | None) -> Callable[[ListElement], bool]:
    status = "ActiveOnly" if element is None else element.text
    if status == "All":
        return lambda _: True
    wanted = status == "ActiveOnly"
    return lambda listed: listed.is_active == wanted


def max_returned(request: etree._Element) -> int | None:
    text = request.findtext("MaxReturned")
    return int(text) if text else None


def _id_or_name(child: etree._Element) -> tuple[str | None, str | None]:
    if child.tag.startswith("ListID"):
        return child.text, None
    return None, child.text


def _macro(company: CompanyFile, name: str) -> tuple[date | None, date | None]:
    return macro_range(name, company.today(), company.settings.fiscal_year_start_month)


def _instant(company: CompanyFile, text: str | None, *, end_of_day: bool) -> datetime | None:
    return None if not text else company.timezone.parse(text, end_of_day=end_of_day)


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _within(value, low, high) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)
