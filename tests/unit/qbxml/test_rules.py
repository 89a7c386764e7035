"""The QuickBooks Desktop rules beyond the schema, checked before anything is rendered."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from domain.qbxml.enums import Side, TxnType
from domain.qbxml.requests import (
    NEW_LINE,
    ClassAdd,
    InvalidRequest,
    JournalEntryMod,
    JournalEntryQuery,
    JournalLine,
    JournalLineMod,
    Ref,
    TxnVoid,
)
from domain.qbxml.rules import prepared, violations
from tests.support.qbxml import every_request, journal_entry


@pytest.mark.parametrize("name", sorted(every_request()))
def test_every_sample_request_passes_the_rules(name):
    request = every_request()[name]
    assert prepared(request) == request


def test_text_is_transliterated_in_every_field():
    entry = journal_entry(
        memo="Q1 \u2013 \u201cRent\u201d", klass="R\u00e9gion \u0141\u00f3d\u017a"
    )
    sent = prepared(entry)
    assert sent.lines[0].memo == 'Q1 - "Rent"'
    assert sent.lines[0].class_ref == Ref.named("R\u00e9gion L\u00f3dz")


def test_untransliterable_text_is_refused_naming_the_field():
    with pytest.raises(InvalidRequest, match=r"JournalEntryAdd\.lines\[0\]\.memo"):
        prepared(journal_entry(memo="\u9884\u7b97"))


def test_ref_number_longer_than_eleven_is_refused():
    assert violations(journal_entry(ref_number="R" * 11)) == []
    with pytest.raises(InvalidRequest, match="ref_number 'RRRRRRRRRRRR' is longer than 11"):
        prepared(journal_entry(ref_number="R" * 12))


def test_transliteration_that_lengthens_text_is_checked_after():
    with pytest.raises(InvalidRequest, match="longer than 11"):
        prepared(journal_entry(ref_number="PL-27\u2026\u2026\u2026"))  # "..." x3 -> 14 chars


def test_amounts_with_more_than_two_decimals_are_refused():
    with pytest.raises(InvalidRequest, match="more than 2 decimals"):
        prepared(journal_entry(amount="10.005"))


def test_an_unbalanced_entry_is_refused():
    entry = journal_entry()
    unbalanced = replace(
        entry,
        lines=(
            *entry.lines,
            JournalLine(side=Side.DEBIT, account=Ref.named("Rent"), amount=Decimal("0.01")),
        ),
    )
    assert violations(unbalanced) == ["debits 1500.01 and credits 1500.00 do not balance"]


def test_an_entry_without_lines_is_refused():
    assert "a journal entry needs lines" in violations(replace(journal_entry(), lines=()))


def test_names_beyond_quickbooks_limits_are_refused():
    assert violations(journal_entry(debit="A" * 160))
    assert violations(ClassAdd(name="X" * 32))
    assert violations(ClassAdd(name="Delivery:Consulting"))  # the parent names the path


def test_a_new_mod_line_needs_side_account_and_amount():
    mod = JournalEntryMod(
        txn_id="1-2", edit_sequence="3", lines=(JournalLineMod(txn_line_id=NEW_LINE),)
    )
    assert violations(mod) == ["lines[0]: a new line (TxnLineID -1) needs side, account and amount"]


def test_a_query_takes_one_selector():
    assert violations(JournalEntryQuery(txn_ids=("1",), ref_numbers=("PL-1",)))
    assert violations(JournalEntryQuery(max_returned=0))


def test_only_voidable_types_are_voided():
    assert violations(TxnVoid(txn_type=TxnType.RECEIVE_PAYMENT, txn_id="1-2"))
    assert not violations(TxnVoid(txn_type=TxnType.JOURNAL_ENTRY, txn_id="1-2"))


def test_references_need_a_name_or_an_id():
    with pytest.raises(InvalidRequest):
        Ref()
