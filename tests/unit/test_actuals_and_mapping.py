"""Ledger totals to Anaplan actuals rows; mapping files; period labels."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from domain.actuals import LedgerTotal, actuals_for
from domain.mapping import BadMappingFile, Mapping, MappingKind, mapping_csv, parse_mapping_csv
from domain.period import BadPeriod, Period, parse_month, periods_between
from tests.support.chart import CHART

JAN, FEB = Period(2027, 1), Period(2027, 2)


def total(account: str, amount: str, cls: str | None = "East", period=JAN) -> LedgerTotal:
    return LedgerTotal(account, cls, period, Decimal(amount))


def test_profit_and_loss_totals_become_natural_sign_rows_per_member_and_month():
    totals = [
        total("Consulting Revenue", "-1200.50"),
        total("Salaries", "800"),
        total("Salaries", "200"),
        total("Budget Offset", "-999"),  # balance sheet: not an actual for the plan
        total("Rent", "50", period=FEB),  # outside the requested months
    ]
    actuals = actuals_for(totals, frozenset({JAN}), CHART, Mapping())
    assert [(r.account, r.cost_center, r.amount) for r in actuals.rows] == [
        ("Consulting Revenue", "East", Decimal("1200.50")),
        ("Salaries", "East", Decimal("1000")),
    ]


def test_reimporting_a_month_zeroes_keys_that_disappeared():
    previous = frozenset(
        {
            ("Travel", "West", "2027-01"),
            ("Salaries", "East", "2027-01"),
            ("Travel", "West", "2026-12"),
        }
    )
    actuals = actuals_for([total("Salaries", "5")], frozenset({JAN}), CHART, Mapping(), previous)
    assert {(r.account, r.cost_center, r.amount) for r in actuals.rows} == {
        ("Salaries", "East", Decimal("5")),
        ("Travel", "West", Decimal(0)),
    }


def test_ledger_accounts_without_a_member_are_reported_not_imported():
    mapping = parse_mapping_csv(
        "kind,anaplan_member,quickbooks_name\naccount,SAL,Salaries\n", match_same_names=False
    )
    actuals = actuals_for(
        [total("Salaries", "5", cls=None), total("Rent", "1", cls=None)],
        frozenset({JAN}),
        CHART,
        mapping,
    )
    assert [(r.account, r.cost_center) for r in actuals.rows] == [("SAL", "")]
    assert actuals.unmapped == ("account 'Rent'",)


def test_mapping_files_round_trip_and_bad_lines_are_all_reported():
    text = "kind,anaplan_member,quickbooks_name\naccount,6100 Rent,Rent\nclass,CC-EAST,East\n"
    mapping = parse_mapping_csv(text)
    assert mapping.to_quickbooks(MappingKind.ACCOUNT, "6100 rent") == "Rent"
    assert mapping.to_quickbooks(MappingKind.CLASS, "East") == "East"  # same name
    assert parse_mapping_csv(mapping_csv(mapping)) == mapping
    bad = "kind,anaplan_member,quickbooks_name\nledger,x,y\naccount,,y\naccount,a,b\naccount,A,c\n"
    with pytest.raises(BadMappingFile) as raised:
        parse_mapping_csv(bad)
    message = str(raised.value)
    assert "line 2" in message and "line 3" in message and "mapped twice" in message
    with pytest.raises(BadMappingFile, match="first line"):
        parse_mapping_csv("account,a,b\n")


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ('account,"' + "x" * 200_000 + '",b\n', "field larger than field limit"),
        ('account,"open,b\n', "line 2"),
        ("account,a\x00,b\n", "control characters"),
        ("account,a\x1b[31m,b\n", "control characters"),
    ],
)
def test_unreadable_mapping_files_are_problems_not_crashes(body, says):
    # csv.Error escaped parse_mapping_csv (an HTTP 500); a NUL reached the event's JSON.
    with pytest.raises(BadMappingFile, match=re.escape(says)):
        parse_mapping_csv("kind,anaplan_member,quickbooks_name\n" + body)


@pytest.mark.parametrize(
    "label, expected",
    [("Jan 27", JAN), ("jan-27", JAN), ("Jan 2027", JAN), ("2027-01", JAN), ("2027-1", JAN)],
)
def test_anaplan_month_labels_are_read(label, expected):
    assert parse_month(label) == expected


@pytest.mark.parametrize("label", ["Q1 27", "FY27", "Janu 27", "2027-13", "", "27 Jan"])
def test_other_labels_are_precise_errors(label):
    with pytest.raises(BadPeriod):
        parse_month(label)


def test_periods_format_and_step_across_years():
    assert Period(2027, 12).label("MMM YY") == "Dec 27"
    assert periods_between(Period(2026, 11), Period(2027, 2)) == [
        Period(2026, 11),
        Period(2026, 12),
        JAN,
        FEB,
    ]
