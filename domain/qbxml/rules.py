"""The rules QuickBooks Desktop enforces beyond Intuit's schema, as pure functions.

`prepared(request)` is what goes out: every text field transliterated to Latin-1 and the
whole request checked, or InvalidRequest naming every field that is wrong. A request that
fails here is a data problem its source must fix; one that passes here but fails the
schema is a bug in the renderer.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, TypeVar

from domain.qbxml.amounts import InvalidAmount, check_amount
from domain.qbxml.enums import VOIDABLE, Side
from domain.qbxml.journal import (
    NEW_LINE,
    JournalEntryAdd,
    JournalEntryMod,
    JournalEntryQuery,
    JournalLine,
    JournalLineMod,
    TxnVoid,
)
from domain.qbxml.lists import AccountAdd, AccountQuery, ClassAdd, ClassQuery
from domain.qbxml.reads import TransactionQuery, TxnDeletedQuery
from domain.qbxml.refs import InvalidRequest, Ref
from domain.qbxml.request import QbxmlRequest
from domain.qbxml.text import NotLatin1, to_latin1

REF_NUMBER_MAX = 11  # JournalEntry RefNumber in QuickBooks Desktop (21 only in QBOE)
MEMO_MAX = 4095
LIST_FULL_NAME_MAX = 159  # AccountRef / ClassRef FullName
ENTITY_FULL_NAME_MAX = 209
LIST_NAME_MAX = 31  # one segment of an account or class name
ACCOUNT_NUMBER_MAX = 7
ACCOUNT_DESC_MAX = 200
EDIT_SEQUENCE_MAX = 16
ID_MAX = 36
_GUID = re.compile(r"\{[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\}")

R = TypeVar("R", bound=QbxmlRequest)
Check = Callable[[Any], Iterator[str]]


def prepared(request: R) -> R:
    """Latin-1 text and no rule broken, or InvalidRequest listing every problem."""
    try:
        normalized: R = _transliterated(request, request.KIND)
    except NotLatin1 as error:
        raise InvalidRequest(str(error)) from None
    problems = violations(normalized)
    if problems:
        raise InvalidRequest(f"{request.KIND}: " + "; ".join(problems))
    return normalized


def violations(request: QbxmlRequest) -> list[str]:
    check = _CHECKS.get(type(request))
    return list(check(request)) if check else []


def _transliterated(value: Any, path: str) -> Any:
    if isinstance(value, str):
        return to_latin1(value, path)
    if isinstance(value, tuple):
        return tuple(_transliterated(item, f"{path}[{i}]") for i, item in enumerate(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _transliterated(getattr(value, f.name), f"{path}.{f.name}")
            for f in dataclasses.fields(value)
            if f.init
        }
        return dataclasses.replace(value, **changes)
    return value


# --- journal entries --------------------------------------------------------------------


def _journal_entry_add(add: JournalEntryAdd) -> Iterator[str]:
    yield from _ref_number(add.ref_number)
    if add.external_guid is not None and not _GUID.fullmatch(add.external_guid):
        yield "external_guid must be a GUID in braces, like {3F2504E0-4F89-41D3-9A0C-0305E82C3301}"
    if not add.lines:
        yield "a journal entry needs lines"
    for i, line in enumerate(add.lines):
        yield from _journal_line(line, f"lines[{i}]")
    yield from _balance(add.lines)


def _journal_line(line: JournalLine | JournalLineMod, where: str) -> Iterator[str]:
    if line.account is not None:
        yield from _ref(line.account, f"{where}.account", LIST_FULL_NAME_MAX)
    if line.class_ref is not None:
        yield from _ref(line.class_ref, f"{where}.class_ref", LIST_FULL_NAME_MAX)
    if line.entity is not None:
        yield from _ref(line.entity, f"{where}.entity", ENTITY_FULL_NAME_MAX)
    yield from _max_length(line.memo, f"{where}.memo", MEMO_MAX)
    if line.amount is not None:
        yield from _amount(line.amount, f"{where}.amount")


def _balance(lines: tuple[JournalLine, ...]) -> Iterator[str]:
    if any(not _is_amount(line.amount) for line in lines):
        return
    debits = sum((line.amount for line in lines if line.side is Side.DEBIT), Decimal(0))
    credits = sum((line.amount for line in lines if line.side is Side.CREDIT), Decimal(0))
    if debits != credits:
        yield f"debits {debits} and credits {credits} do not balance"


def _journal_entry_mod(mod: JournalEntryMod) -> Iterator[str]:
    yield from _required_id(mod.txn_id, "txn_id")
    yield from _max_length(mod.edit_sequence, "edit_sequence", EDIT_SEQUENCE_MAX)
    if not mod.edit_sequence:
        yield "edit_sequence is required (from the latest JournalEntryRet)"
    yield from _ref_number(mod.ref_number)
    for i, line in enumerate(mod.lines):
        where = f"lines[{i}]"
        yield from _journal_line(line, where)
        if line.txn_line_id == NEW_LINE and None in (line.side, line.account, line.amount):
            yield f"{where}: a new line (TxnLineID -1) needs side, account and amount"


def _journal_entry_query(query: JournalEntryQuery) -> Iterator[str]:
    selectors = [bool(query.txn_ids), bool(query.ref_numbers), _filtered(query)]
    if sum(selectors) > 1:
        yield "use only one of txn_ids, ref_numbers or the filters"
    if query.modified is not None and query.txn_dates is not None:
        yield "modified and txn_dates cannot be combined"
    yield from _max_returned(query.max_returned)


def _filtered(query: JournalEntryQuery) -> bool:
    return any(v is not None for v in (query.max_returned, query.modified, query.txn_dates))


def _txn_void(void: TxnVoid) -> Iterator[str]:
    if void.txn_type not in VOIDABLE:
        yield f"QuickBooks cannot void a {void.txn_type}"
    yield from _required_id(void.txn_id, "txn_id")


# --- lists ------------------------------------------------------------------------------


def _list_add(add: AccountAdd | ClassAdd) -> Iterator[str]:
    yield from _segment(add.name, "name")
    if add.parent is not None:
        yield from _ref(add.parent, "parent", LIST_FULL_NAME_MAX)
    if isinstance(add, AccountAdd):
        yield from _max_length(add.account_number, "account_number", ACCOUNT_NUMBER_MAX)
        yield from _max_length(add.description, "description", ACCOUNT_DESC_MAX)


def _list_query(query: AccountQuery | ClassQuery) -> Iterator[str]:
    if query.list_ids and query.full_names:
        yield "use list_ids or full_names, not both"
    if (query.list_ids or query.full_names) and query.modified_since is not None:
        yield "modified_since cannot be combined with list_ids or full_names"
    yield from _max_returned(query.max_returned)


def _transaction_query(query: TransactionQuery) -> Iterator[str]:
    if query.txn_ids and any(
        v is not None for v in (query.modified, query.txn_dates, query.classes, query.accounts)
    ):
        yield "txn_ids cannot be combined with filters"
    yield from _max_returned(query.max_returned)


def _txn_deleted_query(query: TxnDeletedQuery) -> Iterator[str]:
    if not query.txn_types:
        yield "txn_types needs at least one transaction type"


# --- shared -----------------------------------------------------------------------------


def _ref_number(value: str | None) -> Iterator[str]:
    yield from _max_length(value, "ref_number", REF_NUMBER_MAX)


def _ref(ref: Ref, where: str, limit: int) -> Iterator[str]:
    yield from _max_length(ref.full_name, f"{where}.full_name", limit)
    yield from _max_length(ref.list_id, f"{where}.list_id", ID_MAX)


def _segment(name: str, where: str) -> Iterator[str]:
    if not name.strip():
        yield f"{where} is empty"
    if ":" in name:
        yield f"{where} {name!r} contains ':' (name the parent with `parent` instead)"
    yield from _max_length(name, where, LIST_NAME_MAX)


def _required_id(value: str, where: str) -> Iterator[str]:
    if not value:
        yield f"{where} is required"
    yield from _max_length(value, where, ID_MAX)


def _max_length(value: str | None, where: str, limit: int) -> Iterator[str]:
    if value is not None and len(value) > limit:
        yield f"{where} {value!r} is longer than {limit} characters"


def _max_returned(value: int | None) -> Iterator[str]:
    if value is not None and value < 1:
        yield "max_returned must be at least 1"


def _amount(value: Decimal, where: str) -> Iterator[str]:
    try:
        check_amount(value, where)
    except InvalidAmount as error:
        yield str(error)


def _is_amount(value: Decimal) -> bool:
    return not list(_amount(value, ""))


_CHECKS: dict[type, Check] = {
    JournalEntryAdd: _journal_entry_add,
    JournalEntryMod: _journal_entry_mod,
    JournalEntryQuery: _journal_entry_query,
    TxnVoid: _txn_void,
    AccountAdd: _list_add,
    ClassAdd: _list_add,
    AccountQuery: _list_query,
    ClassQuery: _list_query,
    TransactionQuery: _transaction_query,
    TxnDeletedQuery: _txn_deleted_query,
}
