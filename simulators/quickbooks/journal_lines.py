"""Turning JournalDebitLine / JournalCreditLine / JournalLineMod into validated lines."""

from lxml import etree

from simulators.quickbooks.amounts import parse_amount
from simulators.quickbooks.company import CompanyFile
from simulators.quickbooks.lists import ListStore
from simulators.quickbooks.model import Account, Entity, LineDraft, ListElement, QbClass
from simulators.quickbooks.statuses import (
    FEATURE_NOT_ENABLED,
    QbError,
    inactive_reference,
    invalid_reference,
    not_in_balance,
    save_error,
)

OBJECT = "JournalEntry"


def new_line(company: CompanyFile, element: etree._Element, is_debit: bool) -> LineDraft:
    amount = parse_amount(element.findtext("Amount") or "0")
    return LineDraft(
        account=account_ref(company, element.find("AccountRef")),
        # A negative amount lands on the other side, as in the QuickBooks register.
        amount=abs(amount),
        is_debit=is_debit if amount >= 0 else not is_debit,
        memo=element.findtext("Memo"),
        qb_class=class_ref(company, element.find("ClassRef")),
        entity=entity_ref(company, element.find("EntityRef")),
    )


def account_ref(company: CompanyFile, ref: etree._Element | None) -> Account:
    if ref is None:
        raise QbError(save_error(OBJECT, "Every journal line needs an account."))
    return _usable(company.accounts, ref, "Account")


def class_ref(company: CompanyFile, ref: etree._Element | None) -> QbClass | None:
    if ref is None:
        return None
    if not company.settings.class_tracking:
        raise QbError(FEATURE_NOT_ENABLED)
    return _usable(company.classes, ref, "Class")


def entity_ref(company: CompanyFile, ref: etree._Element | None) -> Entity | None:
    return None if ref is None else _usable(company.entities, ref, "Entity")


_CURRENCY_FIELDS = (
    "IsHomeCurrencyAdjustment",
    "IsAmountsEnteredInHomeCurrency",
    "CurrencyRef",
    "ExchangeRate",
)


def reject_currency_fields(aggregate: etree._Element) -> None:
    """The simulated company file has multicurrency off."""
    if any(aggregate.find(tag) is not None for tag in _CURRENCY_FIELDS):
        raise QbError(FEATURE_NOT_ENABLED)


def ensure_balanced(lines: list[LineDraft]) -> None:
    if sum(line.amount if line.is_debit else -line.amount for line in lines) != 0:
        raise QbError(not_in_balance())


def _usable(store: ListStore, ref: etree._Element, list_name: str) -> ListElement:
    list_id, full_name = ref.findtext("ListID"), ref.findtext("FullName")
    found = store.lookup(list_id, full_name)
    if found is None:
        raise QbError(invalid_reference(list_name, full_name or list_id or "", OBJECT))
    if not found.is_active:
        raise QbError(inactive_reference(list_name, found.full_name, OBJECT))
    return found
