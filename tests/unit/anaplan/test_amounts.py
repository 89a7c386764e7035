"""Numbers as Anaplan exports them, and as imports get them."""

from decimal import Decimal

import pytest

from domain.amounts import MalformedAmount, format_amount, parse_amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.5", "1234.5"),
        ("-1234.50", "-1234.50"),
        ("1,234.50", "1234.50"),
        ("1,234,567", "1234567"),
        ("(1,234.50)", "-1234.50"),
        ("+3", "3"),
        (".5", "0.5"),
        ("7.", "7"),
        ("1.5E+6", "1500000"),
        (" 42 ", "42"),
        ("0", "0"),
    ],
)
def test_numbers_read_as_decimals(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_cell_has_no_value(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    "text", ["abc", "1,23", "12,34.5", "1.234,50", "-", ".", "(-1)", "1 234", "NaN", "$5", "1e"]
)
def test_anything_else_is_malformed(text):
    with pytest.raises(MalformedAmount, match=r"not a number|sign and parentheses"):
        parse_amount(text)


def test_imports_get_plain_decimals():
    assert format_amount(Decimal("-1234.50")) == "-1234.50"
    assert format_amount(Decimal("1.5E+3")) == "1500"
    assert format_amount(Decimal("-0.00")) == "0"
    with pytest.raises(MalformedAmount):
        format_amount(Decimal("NaN"))
