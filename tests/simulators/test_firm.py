"""The demo firm: a realistic, deterministic dataset for both simulators."""

import ast
from collections import Counter
from datetime import date
from pathlib import Path

from simulators import firm
from simulators.quickbooks import QuickBooksSession, demo_company
from tests.simulators.conftest import one


def test_chart_of_accounts_is_realistic():
    parents = {spec.parent for spec in firm.ACCOUNTS if spec.parent}
    postable = [spec for spec in firm.ACCOUNTS if spec.full_name not in parents]
    numbers = [spec.number for spec in firm.ACCOUNTS]
    assert 55 <= len(postable) <= 70
    assert len(set(numbers)) == len(numbers)
    assert {spec.full_name for spec in firm.ACCOUNTS if not spec.is_active} == {
        "Legacy Product Sales",
        "Fax Services",
    }
    assert all(len(spec.name) <= 31 for spec in firm.ACCOUNTS)
    types = Counter(spec.account_type for spec in postable)
    assert types["Expense"] > 20 and types["Income"] >= 4 and types["CostOfGoodsSold"] >= 2
    balancing = next(spec for spec in firm.ACCOUNTS if spec.full_name == firm.BALANCING_ACCOUNT)
    assert balancing.account_type == "OtherCurrentLiability"


def test_parents_come_before_their_children():
    seen: set[str] = set()
    for spec in (*firm.ACCOUNTS, *firm.CLASSES):
        assert spec.parent is None or spec.parent in seen
        seen.add(spec.full_name)


def test_cost_centers_add_up_to_the_firm():
    assert 12 <= len(firm.CLASSES) <= 15
    assert sum(spec.headcount for spec in firm.CLASSES) == 250
    assert [spec.full_name for spec in firm.CLASSES if not spec.is_active] == ["Legacy Practice"]


def test_anaplan_lists_map_onto_quickbooks_with_a_few_renames():
    qb_accounts = {spec.full_name: spec for spec in firm.ACCOUNTS}
    qb_classes = {spec.full_name for spec in firm.CLASSES}
    assert set(firm.ACCOUNT_MAPPING) == {code for code, _ in firm.ANAPLAN_ACCOUNTS}
    assert all(name in qb_accounts for name in firm.ACCOUNT_MAPPING.values())
    assert set(firm.COST_CENTER_MAPPING.values()) <= qb_classes
    renamed = [
        code
        for code, name in firm.ANAPLAN_ACCOUNTS
        if name != qb_accounts[firm.ACCOUNT_MAPPING[code]].name
    ]
    assert 3 <= len(renamed) <= 8
    renamed_centers = [
        code for code, name in firm.ANAPLAN_COST_CENTERS if name != firm.COST_CENTER_MAPPING[code]
    ]
    assert 2 <= len(renamed_centers) <= 6


def test_budget_covers_twelve_months_and_the_forecast_changes_only_the_revised_cells():
    budget, forecast = firm.budget(), firm.forecast()
    assert {month for _, _, month in budget} == set(firm.PLAN_MONTHS)
    assert budget == firm.budget()
    changed = {key for key in forecast if forecast[key] != budget.get(key)}
    assert changed == set(firm.FORECAST_REVISION)
    accounts = {code for code, _ in firm.ANAPLAN_ACCOUNTS}
    centers = {code for code, _ in firm.ANAPLAN_COST_CENTERS}
    assert all(account in accounts and center in centers for account, center, _ in budget)
    assert all(value == value.quantize(value) and value > 0 for value in budget.values())


def test_generated_actuals_are_balanced_dated_and_reproducible():
    transactions = list(firm.generate_transactions(3000, seed=7))
    assert transactions == list(firm.generate_transactions(3000, seed=7))
    assert transactions != list(firm.generate_transactions(3000, seed=8))
    assert len(transactions) == 3000
    assert {txn.kind for txn in transactions} == {
        "Invoice",
        "Bill",
        "Check",
        "Deposit",
        "JournalEntry",
    }
    for txn in transactions:
        postings = [*txn.lines, *([txn.header] if txn.header else [])]
        assert sum(p.amount if p.is_debit else -p.amount for p in postings) == 0
        assert date(2026, 12, 30) <= txn.txn_date <= date(2027, 6, 30)
        assert txn.ref_number is None or len(txn.ref_number) <= 11


def test_firm_imports_nothing_from_the_simulator_packages():
    tree = ast.parse(Path(firm.__file__).read_text())
    imported = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    imported += [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    assert not [name for name in imported if name.startswith("simulators")]


def test_a_seeded_company_answers_queries_about_the_firm(clock):
    session = QuickBooksSession(demo_company(transactions=300, clock=clock))
    company = one(session, "<CompanyQueryRq/>").find("CompanyRet")
    assert company.findtext("CompanyName") == firm.COMPANY_NAME
    classes = one(session, "<ClassQueryRq><ActiveStatus>All</ActiveStatus></ClassQueryRq>")
    assert len(classes) == len(firm.CLASSES)
    report = one(
        session,
        "<GeneralSummaryReportQueryRq><GeneralSummaryReportType>TrialBalance</GeneralSummaryReportType>"
        "</GeneralSummaryReportQueryRq>",
    )
    debit, credit = (
        cell.get("value") for cell in report.find(".//TotalRow").findall("ColData")[1:]
    )
    assert debit == credit
