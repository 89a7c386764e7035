"""Latin-1 only, transliterated where faithful; amounts with exactly two decimals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.qbxml.amounts import InvalidAmount, amount_text, parse_amount, to_cents
from domain.qbxml.text import NotLatin1, to_latin1


@pytest.mark.parametrize(
    ("given", "sent"),
    [
        ("Rent accrual", "Rent accrual"),
        ("Café Zürich ½", "Café Zürich ½"),  # already Latin-1: unchanged
        ("\u201cQ3\u201d \u2018draft\u2019", "\"Q3\" 'draft'"),  # curly quotes
        ("2027\u20132028 \u2014 plan", "2027-2028 -- plan"),  # en and em dash
        ("wait\u2026", "wait..."),
        ("\ufb01nance \ufb02ow", "finance flow"),  # ligatures
        ("Dvo\u0159\u00e1k \u0141\u00f3d\u017a", "Dvorák Lódz"),  # accents outside Latin-1
        ("\u0152uvre", "OEuvre"),
        ("100\u20ac", "100EUR"),
        ("e\u0301t\u00e9", "été"),  # decomposed accent recomposed
    ],
)
def test_text_is_transliterated_to_latin1_where_faithful(given, sent):
    assert to_latin1(given, "Memo") == sent
    sent.encode("latin-1")


@pytest.mark.parametrize("given", ["\u4e2d\u6587", "ok \U0001f600", "bell\x07", "\u0627"])
def test_text_without_a_latin1_spelling_is_refused_naming_the_field(given):
    with pytest.raises(NotLatin1) as refused:
        to_latin1(given, "JournalEntryAdd.lines[3].memo")
    assert "JournalEntryAdd.lines[3].memo" in str(refused.value)
    assert "ISO-8859-1" in str(refused.value)


@pytest.mark.parametrize(
    ("value", "text"),
    [("1500", "1500.00"), ("1500.5", "1500.50"), ("-0.01", "-0.01"), ("0", "0.00")],
)
def test_amounts_always_carry_two_decimals(value, text):
    assert amount_text(Decimal(value)) == text


@pytest.mark.parametrize("value", ["10.001", "1E+13", "NaN", "-99999999999999"])
def test_amounts_qbxml_cannot_carry_are_refused_not_rounded(value):
    with pytest.raises(InvalidAmount):
        amount_text(Decimal(value))


def test_floats_are_not_amounts():
    with pytest.raises(InvalidAmount):
        amount_text(10.5)  # type: ignore[arg-type]


def test_rounding_to_cents_is_half_up_and_explicit():
    assert to_cents(Decimal("2.345")) == Decimal("2.35")
    assert to_cents(Decimal("-2.345")) == Decimal("-2.35")


def test_parsing_amounts():
    assert parse_amount(" 60.27 ") == Decimal("60.27")
    assert parse_amount("") is None and parse_amount(None) is None


@pytest.mark.parametrize(
    "text", ["NaN", "-Infinity", "sNaN", "1E+999999999", "1e5", "1_000", "١٢٣", "1" * 16, "."]
)
def test_what_decimal_reads_but_quickbooks_never_writes_is_not_an_amount(text):
    # Decimal("1E+999999999") makes the first sum raise decimal.Overflow; NaN poisons totals.
    with pytest.raises(InvalidAmount, match="is not an amount"):
        parse_amount(text)


@pytest.mark.parametrize("text", ["-25.5", "+3", ".5", "5.", "999999999999999.99"])
def test_plain_decimals_of_any_precision_are_amounts(text):
    assert parse_amount(text) == Decimal(text)
