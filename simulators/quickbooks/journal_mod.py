"""JournalLineMod semantics: the lines listed become the entry's lines. A listed
TxnLineID keeps its line and changes only the fields given; TxnLineID "-1" adds a line;
an existing line not listed is removed. With no JournalLineMod at all, lines stay."""

from lxml import etree

from simulators.quickbooks.amounts import parse_amount
from simulators.quickbooks.company import CompanyFile
from simulators.quickbooks.journal_lines import OBJECT, account_ref, class_ref, entity_ref, new_line
from simulators.quickbooks.model import Line, LineDraft, Txn
from simulators.quickbooks.statuses import QbError, invalid_object_id, save_error


def modified_lines(
    company: CompanyFile, txn: Txn, line_mods: list[etree._Element]
) -> list[LineDraft]:
    existing = {line.line_id: line for line in txn.lines}
    return [_one(company, existing, line_mod) for line_mod in line_mods]


def _one(company: CompanyFile, existing: dict[str, Line], line_mod: etree._Element) -> LineDraft:
    line_id = line_mod.findtext("TxnLineID")
    if line_id == "-1":
        return _added(company, line_mod)
    if line_id not in existing:
        raise QbError(invalid_object_id(line_id, "TxnLineID"))
    return _changed(company, existing[line_id], line_mod)


def _added(company: CompanyFile, line_mod: etree._Element) -> LineDraft:
    line_type = line_mod.findtext("JournalLineType")
    if line_type is None:
        raise QbError(save_error(OBJECT, "A new journal line needs a JournalLineType."))
    return new_line(company, line_mod, line_type == "Debit")


def _changed(company: CompanyFile, line: Line, line_mod: etree._Element) -> LineDraft:
    draft = LineDraft(
        account=line.account,
        amount=line.amount,
        is_debit=line.is_debit,
        memo=line.memo,
        qb_class=line.qb_class,
        entity=line.entity,
        line_id=line.line_id,
    )
    _override(company, draft, line_mod)
    return draft


def _override(company: CompanyFile, draft: LineDraft, line_mod: etree._Element) -> None:
    if line_mod.findtext("JournalLineType"):
        draft.is_debit = line_mod.findtext("JournalLineType") == "Debit"
    if line_mod.find("AccountRef") is not None:
        draft.account = account_ref(company, line_mod.find("AccountRef"))
    if line_mod.findtext("Amount"):
        draft.amount = parse_amount(line_mod.findtext("Amount"))
    if line_mod.find("Memo") is not None:
        draft.memo = line_mod.findtext("Memo") or None
    if line_mod.find("ClassRef") is not None:
        draft.qb_class = class_ref(company, line_mod.find("ClassRef"))
    if line_mod.find("EntityRef") is not None:
        draft.entity = entity_ref(company, line_mod.find("EntityRef"))
