"""The *Ret aggregates, element by element in the schema's order."""

from collections.abc import Iterable

from lxml import etree

from simulators.quickbooks.company import CompanyFile
from simulators.quickbooks.model import Account, Line, ListElement, QbClass, Txn
from simulators.quickbooks.xmlout import sub, sub_amount, sub_bool, sub_if, sub_ref


def journal_entry_ret(company: CompanyFile, txn: Txn, with_lines: bool) -> etree._Element:
    ret = etree.Element("JournalEntryRet")
    _txn_core(company, ret, txn)
    sub(ret, "TxnDate", txn.txn_date.isoformat())
    sub_if(ret, "RefNumber", txn.ref_number)
    sub_bool(ret, "IsAdjustment", txn.is_adjustment)
    sub_if(ret, "ExternalGUID", txn.external_guid)
    if with_lines:
        for line in txn.lines:
            journal_line(ret, line)
    return ret


def journal_line(parent: etree._Element, line: Line) -> None:
    element = sub(parent, "JournalDebitLine" if line.is_debit else "JournalCreditLine")
    sub(element, "TxnLineID", line.line_id)
    sub_ref(element, "AccountRef", line.account)
    sub_amount(element, "Amount", line.amount)
    sub_if(element, "Memo", line.memo)
    sub_ref(element, "EntityRef", line.entity)
    sub_ref(element, "ClassRef", line.qb_class)


def account_ret(company: CompanyFile, account: Account) -> etree._Element:
    ret = _list_ret(company, "AccountRet", account)
    sub(ret, "AccountType", account.account_type)
    sub_if(ret, "SpecialAccountType", account.special_type)
    sub_if(ret, "AccountNumber", account.number)
    sub_if(ret, "Desc", account.description)
    sub_amount(ret, "Balance", company.balance(account))
    sub_amount(ret, "TotalBalance", company.total_balance(account))
    sub(ret, "CashFlowClassification", "None")
    return ret


def class_ret(company: CompanyFile, qb_class: QbClass) -> etree._Element:
    return _list_ret(company, "ClassRet", qb_class)


def transaction_ret(company: CompanyFile, txn: Txn, line: Line, is_summary: bool) -> etree._Element:
    ret = etree.Element("TransactionRet")
    sub(ret, "TxnType", txn.txn_type)
    sub(ret, "TxnID", txn.txn_id)
    if not is_summary:
        sub(ret, "TxnLineID", line.line_id)
    sub(ret, "TimeCreated", company.timezone.format(txn.time_created))
    sub(ret, "TimeModified", company.timezone.format(txn.time_modified))
    sub_ref(ret, "EntityRef", line.entity or txn.entity)
    sub_ref(ret, "AccountRef", line.account)
    sub(ret, "TxnDate", txn.txn_date.isoformat())
    sub_if(ret, "RefNumber", txn.ref_number)
    sub_amount(ret, "Amount", txn.total if is_summary and txn.header is None else line.signed)
    sub_if(ret, "Memo", line.memo if not is_summary else txn.memo)
    return ret


def keep_only(ret: etree._Element, names: Iterable[str]) -> etree._Element:
    """IncludeRetElement: drop every top-level child not named."""
    wanted = set(names)
    if wanted:
        for child in list(ret):
            if child.tag not in wanted:
                ret.remove(child)
    return ret


def _txn_core(company: CompanyFile, ret: etree._Element, txn: Txn) -> None:
    sub(ret, "TxnID", txn.txn_id)
    sub(ret, "TimeCreated", company.timezone.format(txn.time_created))
    sub(ret, "TimeModified", company.timezone.format(txn.time_modified))
    sub(ret, "EditSequence", txn.edit_sequence)
    sub(ret, "TxnNumber", str(txn.txn_number))


def _list_ret(company: CompanyFile, tag: str, element: ListElement) -> etree._Element:
    ret = etree.Element(tag)
    sub(ret, "ListID", element.list_id)
    sub(ret, "TimeCreated", company.timezone.format(element.time_created))
    sub(ret, "TimeModified", company.timezone.format(element.time_modified))
    sub(ret, "EditSequence", element.edit_sequence)
    sub(ret, "Name", element.name)
    sub(ret, "FullName", element.full_name)
    sub_bool(ret, "IsActive", element.is_active)
    sub_ref(ret, "ParentRef", element.parent)
    sub(ret, "Sublevel", str(element.sublevel))
    return ret
