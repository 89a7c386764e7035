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


@pytest.mark.parametrize("text", ["1E+309", "1e-999999999", "0E-999999999", "9" * 400])
def test_numbers_beyond_what_anaplan_can_hold_are_malformed(text):
    # Kept as Decimal, 1e-999999999 would be written into an import as a billion digits.
    with pytest.raises(MalformedAmount, match="beyond the range of an Anaplan number"):
        parse_amount(text)


@pytest.mark.parametrize("text", ["1.7976931348623157E+308", "4.9E-324", "0E-300"])
def test_the_extremes_of_a_double_are_read(text):
    assert parse_amount(text) == Decimal(text)


def test_only_ascii_digits_are_digits():
    with pytest.raises(MalformedAmount, match="not a number"):
        parse_amount("\u0661\u0662\u0663")  # ARABIC-INDIC 123, which Decimal() would take
