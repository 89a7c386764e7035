"""Period labels in the formats a connection may choose."""

import pytest

from domain.period import BadPeriod, Period, UnknownPeriodFormat, parse_period


@pytest.mark.parametrize(
    ("text", "period_format", "expected"),
    [
        ("Jan 27", "MMM YY", Period(2027, 1)),
        ("dec 30", "MMM YY", Period(2030, 12)),
        (" Sep 27 ", "MMM YY", Period(2027, 9)),
        ("2027-01", "YYYY-MM", Period(2027, 1)),
        ("Jan 2027", "MMM YYYY", Period(2027, 1)),
        ("01/2027", "MM/YYYY", Period(2027, 1)),
    ],
)
def test_labels_read_as_months(text, period_format, expected):
    assert parse_period(text, period_format) == expected
    assert parse_period(expected.label(period_format), period_format) == expected


@pytest.mark.parametrize(
    ("text", "period_format"),
    [
        ("Q1 FY27", "MMM YY"),
        ("FY27", "MMM YY"),
        ("Jan 27", "YYYY-MM"),
        ("2027-13", "YYYY-MM"),
        ("Foo 27", "MMM YY"),
        ("Jan 2027", "MMM YY"),
        ("", "MMM YY"),
        ("Jan 1800", "MMM YYYY"),  # a month, but outside the years a Period holds
        ("\uff12\uff10\uff12\uff17-01", "YYYY-MM"),  # full-width digits
    ],
)
def test_other_text_is_not_a_period(text, period_format):
    assert parse_period(text, period_format) is None


def test_labels_are_written_in_the_chosen_format():
    assert Period(2027, 3).label("MMM YY") == "Mar 27"
    assert Period(2027, 3).label("YYYY-MM") == "2027-03"


@pytest.mark.parametrize("period_format", ["YYYY", "MMM", "MMM MM YY", "DD/MM/YYYY YYYY"])
def test_a_format_needs_exactly_one_year_and_one_month(period_format):
    with pytest.raises(UnknownPeriodFormat):
        parse_period("Jan 27", period_format)


def test_a_month_outside_the_year_is_refused():
    with pytest.raises(BadPeriod):
        Period(2027, 0)
