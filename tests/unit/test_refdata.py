"""Reference data, pure: the chart the flows check against, a mapping checked against both
systems, drift between the QuickBooks lists and the Anaplan members, list-import files."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain.chart import Chart, chart_from
from domain.class_names import class_name_problem, classes_to_add
from domain.connection import ListColumns, PostingRules
from domain.drift import DriftItem, DriftKind, drift
from domain.events import ChartOfAccountsRead
from domain.list_push import ListLayoutError, PushedMember, list_csv, list_header, pushed_members
from domain.mapping import Mapping, MappingKind, MappingRule, parse_mapping_csv
from domain.mapping_check import MappingProblem, ProblemKind, check_mapping
from domain.members import Members, Seen, collect
from domain.targets import TargetIssueKind, account_issue, class_issue
from simulators import firm
from simulators.sandbox import anaplan_firm
from tests.support.refdata import (
    deactivated,
    firm_read,
    renamed,
    with_account,
    with_class,
    without,
)

ACCOUNT, CLASS = MappingKind.ACCOUNT, MappingKind.CLASS
POSTING = PostingRules(offset_account=firm.BALANCING_ACCOUNT)
FIRM_MAPPING = parse_mapping_csv(anaplan_firm.mapping_csv())
ACCOUNTS = [name for _, name in firm.ANAPLAN_ACCOUNTS]
CENTERS = [name for _, name in firm.ANAPLAN_COST_CENTERS]


def chart_of(read: ChartOfAccountsRead) -> Chart:
    return chart_from(read.accounts, read.classes, read.class_tracking)


def firm_members(mapping: Mapping = FIRM_MAPPING, plan: dict | None = None) -> Members:
    listed = {ACCOUNT: ("GL Accounts", ACCOUNTS), CLASS: ("Cost Centers", CENTERS)}
    return collect(listed, plan or {}, mapping)


# --- the chart ---------------------------------------------------------------------------


def test_a_chart_read_becomes_the_chart_the_flows_check_against():
    chart = chart_of(firm_read())
    assert chart.account_problem("Occupancy:Rent") is None
    assert (
        chart.account_problem("Fax Services") == "account 'Fax Services' is inactive in QuickBooks"
    )
    assert chart.account_problem("Accounts Receivable") == (
        "account 'Accounts Receivable' (AccountsReceivable) cannot take journal lines"
    )
    assert chart.accounts["Occupancy:Rent"].number == "6110"
    assert (
        chart.class_problem("Legacy Practice")
        == "class 'Legacy Practice' is inactive in QuickBooks"
    )
    off = chart_of(firm_read(class_tracking=False))
    assert off.class_problem("Executive Office") == (
        "class 'Executive Office' given but class tracking is off in QuickBooks"
    )


def test_each_target_issue_has_a_kind_and_the_chart_s_reason():
    chart, off = chart_of(firm_read()), chart_of(firm_read(class_tracking=False))
    found = [
        account_issue(chart, "Nowhere"),
        account_issue(chart, "Fax Services"),
        account_issue(chart, "Accounts Payable"),
        class_issue(chart, "Legacy Practice"),
        class_issue(chart, "Lab"),
        class_issue(off, "Executive Office"),
    ]
    assert [issue.kind for issue in found] == [
        TargetIssueKind.MISSING,
        TargetIssueKind.INACTIVE,
        TargetIssueKind.NOT_POSTABLE,
        TargetIssueKind.INACTIVE,
        TargetIssueKind.MISSING,
        TargetIssueKind.CLASS_TRACKING_OFF,
    ]
    assert found[2].why == chart.account_problem("Accounts Payable")
    assert account_issue(chart, "Occupancy:Rent") is None
    assert class_issue(chart, "Executive Office") is None


def test_classes_to_add_bring_their_missing_parents_first():
    chart = chart_of(firm_read())
    wanted = ["Strategy Consulting:Pricing", "Innovation Lab:AI:Agents", "risk advisory"]
    assert classes_to_add(wanted, chart) == [
        "Innovation Lab",
        "Innovation Lab:AI",
        "Strategy Consulting:Pricing",
        "Innovation Lab:AI:Agents",
    ]


def test_class_names_quickbooks_would_refuse_are_named():
    assert class_name_problem("Strategy Consulting:Pricing") is None
    assert class_name_problem("A::B") == "class 'A::B' has an empty name or segment"
    assert "longer than 31" in class_name_problem("Practice:" + "x" * 32)


# --- mapping validation --------------------------------------------------------------------


def test_the_demo_firm_mapping_has_no_problem():
    plan = {ACCOUNT: ACCOUNTS[:3], CLASS: CENTERS[:2]}
    members = firm_members(plan=plan)
    assert check_mapping(FIRM_MAPPING, members, chart_of(firm_read()), POSTING) == []
    salaries = next(m for m in members.of(ACCOUNT) if m.name == "Salaries")
    assert salaries.seen_in == (Seen.LIST, Seen.RULE)


def test_every_problem_is_listed_with_its_member_target_and_reason():
    rules = (
        *FIRM_MAPPING.rules,
        MappingRule(ACCOUNT, "Fax", "Fax Services"),
        MappingRule(ACCOUNT, "Receivables", "Accounts Receivable"),
        MappingRule(CLASS, "Old Practice", "Legacy Practice"),
    )
    mapping = Mapping(rules)
    plan = {ACCOUNT: ["Marketing Automation", "Fax", "Receivables"], CLASS: ["Ghost"]}
    listed = {
        ACCOUNT: ("GL Accounts", [*ACCOUNTS, "Marketing Automation", "Fax", "Receivables"]),
        CLASS: ("Cost Centers", CENTERS),
    }
    members = collect(listed, plan, mapping)
    posting = PostingRules(offset_account="Budget Offset", offset_class="Legacy Practice")

    problems = check_mapping(mapping, members, chart_of(firm_read()), posting)

    assert problems == [
        MappingProblem(
            ProblemKind.INACTIVE_TARGET,
            "Anaplan account 'Fax' -> account 'Fax Services' is inactive in QuickBooks",
            ACCOUNT,
            "Fax",
            "Fax Services",
            ("list", "plan", "rule"),
        ),
        MappingProblem(
            ProblemKind.MISSING_TARGET,
            "Anaplan account 'Marketing Automation' -> account 'Marketing Automation' does not "
            "exist in QuickBooks",
            ACCOUNT,
            "Marketing Automation",
            "Marketing Automation",
            ("list", "plan"),
        ),
        MappingProblem(
            ProblemKind.NOT_POSTABLE,
            "Anaplan account 'Receivables' -> account 'Accounts Receivable' "
            "(AccountsReceivable) cannot take journal lines",
            ACCOUNT,
            "Receivables",
            "Accounts Receivable",
            ("list", "plan", "rule"),
        ),
        MappingProblem(
            ProblemKind.MISSING_TARGET,
            "Anaplan cost center 'Ghost' -> class 'Ghost' does not exist in QuickBooks",
            CLASS,
            "Ghost",
            "Ghost",
            ("plan",),
        ),
        MappingProblem(
            ProblemKind.INACTIVE_TARGET,
            "Anaplan cost center 'Old Practice' -> class 'Legacy Practice' is inactive in "
            "QuickBooks",
            CLASS,
            "Old Practice",
            "Legacy Practice",
            ("rule",),
        ),
        MappingProblem(
            ProblemKind.UNKNOWN_MEMBER,
            "the mapping has a rule for 'Old Practice', which is not in the Anaplan list "
            "'Cost Centers'",
            CLASS,
            "Old Practice",
            "Legacy Practice",
            ("rule",),
        ),
        MappingProblem(
            ProblemKind.MISSING_TARGET,
            "posting.offset_account: account 'Budget Offset' does not exist in QuickBooks",
            ACCOUNT,
            None,
            "Budget Offset",
            ("posting",),
        ),
        MappingProblem(
            ProblemKind.INACTIVE_TARGET,
            "posting.offset_class: class 'Legacy Practice' is inactive in QuickBooks",
            CLASS,
            None,
            "Legacy Practice",
            ("posting",),
        ),
    ]


def test_without_same_name_matching_a_member_without_a_rule_is_unmapped():
    mapping = replace(FIRM_MAPPING, match_same_names=False)
    problems = check_mapping(mapping, firm_members(mapping), chart_of(firm_read()), POSTING)
    unmapped = {p.member for p in problems if p.kind is ProblemKind.UNMAPPED}
    assert "Strategy Consulting" in unmapped and "Salaries" not in unmapped
    assert all(p.target is None for p in problems)
    assert problems[0].why == (
        "Anaplan account 'Bank Service Charges' has no QuickBooks account mapped "
        "(no rule; same-name matching is off)"
    )


def test_without_a_chart_the_report_says_so_and_checks_what_it_can():
    members = collect({}, {ACCOUNT: ["Travel"]}, Mapping(match_same_names=False))
    problems = check_mapping(Mapping(match_same_names=False), members, None, POSTING)
    assert [p.kind for p in problems] == [ProblemKind.NO_CHART, ProblemKind.UNMAPPED]


# --- drift ---------------------------------------------------------------------------------


def test_the_demo_firm_has_no_drift():
    assert drift([firm_read()], firm_members(), FIRM_MAPPING) == []


def test_drift_between_two_reads_names_every_kind():
    first = firm_read("s1")
    second = renamed(first, "Occupancy:Rent", "Occupancy:Office Rent")
    second = with_account(second, "Technology:AI Tools")
    second = with_account(second, "Operating Reserve", "Bank", "1030")
    second = with_class(second, "Innovation Lab")
    second = deactivated(second, "Executive Office")
    second = without(second, "Risk Advisory")
    mapping = Mapping((*FIRM_MAPPING.rules, MappingRule(ACCOUNT, "Cloud Costs", "Cloud Costs")))
    members = firm_members(mapping)

    found = drift([first, second], members, mapping)

    assert found == [
        DriftItem(
            DriftKind.NEW_IN_QUICKBOOKS,
            ACCOUNT,
            "Technology:AI Tools",
            "account 'Technology:AI Tools' is in QuickBooks; no Anaplan member maps to it",
            list_id="A-6260",
        ),
        DriftItem(
            DriftKind.NEW_IN_QUICKBOOKS,
            CLASS,
            "Innovation Lab",
            "class 'Innovation Lab' is in QuickBooks; no Anaplan member maps to it",
            list_id="C-Innovation Lab",
        ),
        DriftItem(
            DriftKind.RENAMED,
            ACCOUNT,
            "Occupancy:Office Rent",
            "account 'Occupancy:Rent' was renamed 'Occupancy:Office Rent' in QuickBooks; "
            "Anaplan account 'Rent' still maps to the old name",
            ("Rent",),
            "A-6110",
            "Occupancy:Rent",
        ),
        DriftItem(
            DriftKind.INACTIVE_BUT_MAPPED,
            CLASS,
            "Executive Office",
            "class 'Executive Office' is inactive in QuickBooks but Anaplan cost center "
            "'Executive Office' still maps to it",
            ("Executive Office",),
            "C-12",
        ),
        DriftItem(
            DriftKind.TARGET_VANISHED,
            CLASS,
            None,
            "class 'Risk Advisory' was in QuickBooks and is gone (deleted or merged); "
            "Anaplan cost center 'Risk Advisory' maps to it",
            ("Risk Advisory",),
            previous_name="Risk Advisory",
        ),
        DriftItem(
            DriftKind.TARGET_MISSING,
            ACCOUNT,
            None,
            "account 'Cloud Costs' has never been in QuickBooks' chart; Anaplan account "
            "'Cloud Costs' maps to it",
            ("Cloud Costs",),
            previous_name="Cloud Costs",
        ),
    ]


def test_a_rename_the_mapping_already_follows_is_no_drift():
    first = firm_read("s1")
    second = renamed(first, "Occupancy:Rent", "Occupancy:Office Rent")
    rules = [r for r in FIRM_MAPPING.rules if r.anaplan_member != "Rent"]
    mapping = Mapping((*rules, MappingRule(ACCOUNT, "Rent", "Occupancy:Office Rent")))
    assert drift([first, second], firm_members(mapping), mapping) == []


def test_without_class_tracking_only_accounts_drift():
    read = with_account(firm_read(class_tracking=False), "Technology:AI Tools")
    assert [d.quickbooks_name for d in drift([read], firm_members(), FIRM_MAPPING)] == [
        "Technology:AI Tools"
    ]


# --- list import files -------------------------------------------------------------------


def test_members_to_push_are_named_as_the_mapping_names_them():
    read = firm_read()
    salaries = next(a for a in read.accounts if a.number == "6010")
    new = next(a for a in with_account(read, "Technology:AI Tools").accounts if a.number == "6260")
    assert pushed_members([new, salaries], ACCOUNT, FIRM_MAPPING) == [
        PushedMember("Salaries", "Payroll Expenses:Salaries and Wages", "6010"),
        PushedMember("Technology:AI Tools", "Technology:AI Tools", "6260"),
    ]


def test_the_file_has_the_import_columns_in_its_order_and_quoting():
    columns = ListColumns(name="Name", code="Code", quickbooks_name="QuickBooks Name")
    header = list_header(columns, ["Code", "Parent", "Name", "QuickBooks Name"])
    members = [PushedMember("T&E; Meals", "Travel:Meals", "6330"), PushedMember("Lab", "Lab")]
    text = list_csv(members, columns, header, separator=";")
    assert text == (
        'Code;Parent;Name;QuickBooks Name\r\n6330;;"T&E; Meals";Travel:Meals\r\n;;Lab;Lab\r\n'
    )
    assert list_header(ListColumns(), []) == ["Name"]


def test_an_import_without_the_named_columns_is_refused():
    with pytest.raises(ListLayoutError, match=r"\['Code'\] are not among them"):
        list_header(ListColumns(code="Code"), ["Name", "Parent"])
