"""Building balanced journal entries from approved plan values."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from domain.connection import PostingRules, SignConvention
from domain.mapping import Mapping, MappingKind, MappingRule
from domain.period import Period
from domain.plan import PlanCell
from domain.posting import Side, plan_entries, ref_number
from tests.support.chart import CHART

JAN, FEB = Period(2027, 1), Period(2027, 2)
RULES = PostingRules(offset_account="Budget Offset")
SAME_NAMES = Mapping()


def value(account: str, amount: str, cc: str = "East", version: str = "Budget", period=JAN):
    return PlanCell(account, cc, version, period, Decimal(amount))


def debits_equal_credits(entry) -> bool:
    debit = sum(ln.amount for ln in entry.lines if ln.side is Side.DEBIT)
    credit = sum(ln.amount for ln in entry.lines if ln.side is Side.CREDIT)
    return debit == credit


def test_one_balanced_entry_per_version_and_period_with_natural_signs():
    values = [
        value("Salaries", "1000"),
        value("Consulting Revenue", "2500"),
        value("Rent", "300", period=FEB),
    ]
    plan = plan_entries(values, SAME_NAMES, CHART, RULES, ["Budget"])
    jan, feb = plan.entries
    assert (jan.period, feb.period) == (JAN, FEB)
    sides = {(ln.account, ln.side, ln.amount) for ln in jan.lines}
    assert sides == {
        ("Salaries", Side.DEBIT, Decimal("1000.00")),
        ("Consulting Revenue", Side.CREDIT, Decimal("2500.00")),
        ("Budget Offset", Side.DEBIT, Decimal("1500.00")),
    }
    assert all(debits_equal_credits(e) for e in plan.entries)
    assert jan.txn_date_iso == "2027-01-31"


def test_rounding_residue_lands_on_the_offset_line_and_entries_balance_to_the_cent():
    values = [value("Salaries", "100.005"), value("Rent", "0.333"), value("Travel", "0.333")]
    [entry] = plan_entries(values, SAME_NAMES, CHART, RULES, ["Budget"]).entries
    amounts = {ln.account: ln.amount for ln in entry.lines}
    assert amounts == {
        "Salaries": Decimal("100.01"),
        "Rent": Decimal("0.33"),
        "Travel": Decimal("0.33"),
        "Budget Offset": Decimal("100.67"),
    }
    assert debits_equal_credits(entry)


def test_negative_plan_values_flip_the_side_and_debit_positive_ignores_account_types():
    values = [value("Rent", "-50"), value("Consulting Revenue", "80")]
    [entry] = plan_entries(values, SAME_NAMES, CHART, RULES, ["Budget"]).entries
    assert {(ln.account, ln.side) for ln in entry.lines[:2]} == {
        ("Rent", Side.CREDIT),
        ("Consulting Revenue", Side.CREDIT),
    }
    rules = replace(RULES, sign=SignConvention.DEBIT_POSITIVE)
    [entry] = plan_entries(values, SAME_NAMES, CHART, rules, ["Budget"]).entries
    assert {(ln.account, ln.side) for ln in entry.lines[:2]} == {
        ("Rent", Side.CREDIT),
        ("Consulting Revenue", Side.DEBIT),
    }


def test_large_entries_split_and_every_part_balances():
    values = [
        value(a, "10", cc=c) for a in ("Salaries", "Rent", "Travel") for c in ("East", "West")
    ]
    plan = plan_entries(
        values, SAME_NAMES, CHART, replace(RULES, max_lines_per_entry=3), ["Budget"]
    )
    assert [len(e.lines) for e in plan.entries] == [3, 3, 3]
    assert len({e.ref_number for e in plan.entries}) == 3
    assert all(debits_equal_credits(e) for e in plan.entries)


def test_unmapped_or_unusable_members_reject_the_whole_entry_listing_every_problem():
    mapping = Mapping((MappingRule(MappingKind.CLASS, "CC-EAST", "East"),), match_same_names=False)
    values = [
        value("Salaries", "1", cc="CC-EAST"),
        value("Marketing", "2", cc="CC-EAST"),
        value("Rent", "3", cc="CC-NORTH"),
        value("Salaries", "4", cc="CC-EAST", period=FEB),
    ]
    mapping = replace(
        mapping, rules=(*mapping.rules, MappingRule(MappingKind.ACCOUNT, "Salaries", "Salaries"))
    )
    plan = plan_entries(values, mapping, CHART, RULES, ["Budget"])
    assert [e.period for e in plan.entries] == [FEB]  # the other period still goes on
    [rejection] = plan.rejections
    assert rejection.period == JAN
    assert rejection.problems == (
        "Anaplan account 'Marketing' has no QuickBooks account mapped",
        "Anaplan account 'Rent' has no QuickBooks account mapped",
        "Anaplan cost center 'CC-NORTH' has no QuickBooks class mapped",
    )


def test_inactive_and_non_postable_targets_are_refused():
    values = [value("Old Expense", "1"), value("Accounts Receivable", "2", cc="Closed")]
    [rejection] = plan_entries(values, SAME_NAMES, CHART, RULES, ["Budget"]).rejections
    assert any("'Old Expense' is inactive" in p for p in rejection.problems)
    assert any("AccountsReceivable" in p for p in rejection.problems)
    assert any("class 'Closed' is inactive" in p for p in rejection.problems)


def test_only_approved_versions_are_posted_and_zero_lines_are_dropped():
    values = [value("Rent", "5", version="Draft"), value("Rent", "0"), value("Travel", "7")]
    [entry] = plan_entries(values, SAME_NAMES, CHART, RULES, ["Budget"]).entries
    assert [ln.account for ln in entry.lines] == ["Travel", "Budget Offset"]


def test_ref_numbers_are_deterministic_and_fit_quickbooks():
    for prefix in ("", "P", "PL", "PLN"):
        ref = ref_number(prefix, "Forecast", Period(2027, 12), 2)
        assert len(ref) <= 11 and ref.startswith(f"{prefix}2712-")
        assert ref == ref_number(prefix, "Forecast", Period(2027, 12), 2)
    assert ref_number("PL", "Budget", JAN, 1) != ref_number("PL", "Forecast", JAN, 1)


def test_the_same_plan_gives_the_same_content_hash_and_a_change_does_not():
    values = [value("Rent", "5"), value("Travel", "7")]
    [a] = plan_entries(values, SAME_NAMES, CHART, RULES, ["Budget"]).entries
    [b] = plan_entries(list(reversed(values)), SAME_NAMES, CHART, RULES, ["Budget"]).entries
    [c] = plan_entries(
        [value("Rent", "6"), values[1]], SAME_NAMES, CHART, RULES, ["Budget"]
    ).entries
    assert a.content_hash == b.content_hash != c.content_hash
    assert a.shape == c.shape
