"""JournalEntryAdd, JournalEntryMod and JournalEntryQuery."""

from datetime import date

from lxml import etree

from simulators.quickbooks.company import CompanyFile
from simulators.quickbooks.context import RequestContext
from simulators.quickbooks.journal_lines import ensure_balanced, new_line, reject_currency_fields
from simulators.quickbooks.journal_mod import modified_lines
from simulators.quickbooks.journal_query import select_journal_entries
from simulators.quickbooks.model import Txn
from simulators.quickbooks.paging import query_response
from simulators.quickbooks.rets import journal_entry_ret, keep_only
from simulators.quickbooks.statuses import OK, QbError, edit_sequence_out_of_date, object_not_found
from simulators.quickbooks.writes import guard_write
from simulators.quickbooks.xmlout import response_element

LINE_TAGS = ("JournalDebitLine", "JournalCreditLine")


def journal_entry_add(ctx: RequestContext, request: etree._Element) -> etree._Element:
    guard_write(ctx, request, "JournalEntry")
    add = request.find("JournalEntryAdd")
    company = ctx.company
    reject_currency_fields(add)
    lines = [
        new_line(company, line, line.tag == LINE_TAGS[0]) for line in add if line.tag in LINE_TAGS
    ]
    ensure_balanced(lines)
    txn = company.record(
        "JournalEntry",
        _txn_date(company, add),
        lines,
        ref_number=add.findtext("RefNumber") or _auto_number(company),
        is_adjustment=add.findtext("IsAdjustment") == "true",
        external_guid=add.findtext("ExternalGUID"),
    )
    ctx.work.lines += len(lines)
    return _with_ret(request, company, txn)


def journal_entry_mod(ctx: RequestContext, request: etree._Element) -> etree._Element:
    guard_write(ctx, request, "JournalEntry")
    mod = request.find("JournalEntryMod")
    company = ctx.company
    reject_currency_fields(mod)
    txn = _journal_entry(company, mod.findtext("TxnID"))
    if ctx.take_concurrent_edit():
        company.touch(txn.txn_id)
    if mod.findtext("EditSequence") != txn.edit_sequence:
        raise QbError(edit_sequence_out_of_date(mod.findtext("EditSequence")))
    line_mods = mod.findall("JournalLineMod")
    lines = modified_lines(company, txn, line_mods) if line_mods else None
    if lines is not None:
        ensure_balanced(lines)
        company.replace_lines(txn, lines)
        ctx.work.lines += len(lines)
    _apply_header(mod, txn)
    company.mark_modified(txn)
    return _with_ret(request, company, txn)


def journal_entry_query(ctx: RequestContext, request: etree._Element) -> etree._Element:
    with_lines = request.findtext("IncludeLineItems") == "true"
    names = [element.text for element in request.findall("IncludeRetElement")]

    def render(ctx: RequestContext, txn_id: str) -> etree._Element | None:
        txn = ctx.company.txns.get(txn_id)
        if txn is None:
            return None
        ctx.work.lines += len(txn.lines) if with_lines else 0
        return keep_only(journal_entry_ret(ctx.company, txn, with_lines), names)

    if request.get("iterator") in ("Continue", "Stop"):
        return query_response(ctx, request, [], render)
    matches, warning = select_journal_entries(ctx.company, request)
    return query_response(ctx, request, [txn.txn_id for txn in matches], render, warning)


def _apply_header(mod: etree._Element, txn: Txn) -> None:
    if mod.findtext("TxnDate"):
        txn.txn_date = date.fromisoformat(mod.findtext("TxnDate"))
    if mod.find("RefNumber") is not None:
        txn.ref_number = mod.findtext("RefNumber") or None
    if mod.findtext("IsAdjustment"):
        txn.is_adjustment = mod.findtext("IsAdjustment") == "true"


def _journal_entry(company: CompanyFile, txn_id: str) -> Txn:
    txn = company.txns.get(txn_id)
    if txn is None or txn.txn_type != "JournalEntry":
        raise QbError(object_not_found(txn_id))
    return txn


def _txn_date(company: CompanyFile, add: etree._Element) -> date:
    text = add.findtext("TxnDate")
    return date.fromisoformat(text) if text else company.today()


def _auto_number(company: CompanyFile) -> str | None:
    return company.next_journal_number() if company.settings.auto_journal_numbers else None


def _with_ret(request: etree._Element, company: CompanyFile, txn: Txn) -> etree._Element:
    names = [element.text for element in request.findall("IncludeRetElement")]
    response = response_element(request, OK)
    response.append(keep_only(journal_entry_ret(company, txn, with_lines=True), names))
    return response
