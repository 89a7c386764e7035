"""What the flows need to know about QuickBooks' chart of accounts and class list."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

# QuickBooks account types whose normal balance is a credit.
CREDIT_NORMAL = frozenset(
    {
        "AccountsPayable",
        "CreditCard",
        "Equity",
        "Income",
        "LongTermLiability",
        "OtherCurrentLiability",
        "OtherIncome",
    }
)
# Journal lines on these need a customer or vendor, or cannot be posted to at all.
NOT_POSTABLE = frozenset({"NonPosting", "AccountsPayable", "AccountsReceivable"})
PROFIT_AND_LOSS = frozenset({"Income", "CostOfGoodsSold", "Expense", "OtherIncome", "OtherExpense"})


# The longest class name (one segment of a full name) QuickBooks takes (ClassAdd, qbXML 13.0).
MAX_CLASS_NAME = 31


class TargetIssueKind(StrEnum):
    MISSING = "missing_target"
    INACTIVE = "inactive_target"
    NOT_POSTABLE = "not_postable"
    CLASS_TRACKING_OFF = "class_tracking_off"


@dataclass(frozen=True, slots=True)
class TargetIssue:
    """Why a QuickBooks account or class cannot take a journal line."""

    kind: TargetIssueKind
    why: str


@dataclass(frozen=True, slots=True)
class Account:
    full_name: str
    account_type: str
    active: bool = True
    number: str | None = None

    @property
    def credit_normal(self) -> bool:
        return self.account_type in CREDIT_NORMAL

    @property
    def postable(self) -> bool:
        return self.account_type not in NOT_POSTABLE


@dataclass(frozen=True, slots=True)
class QbClass:
    full_name: str
    active: bool = True


@dataclass(frozen=True, slots=True)
class Chart:
    accounts: dict[str, Account]
    classes: dict[str, QbClass]
    class_tracking: bool = True

    def account_problem(self, name: str) -> str | None:
        issue = self.account_issue(name)
        return issue.why if issue else None

    def class_problem(self, name: str) -> str | None:
        issue = self.class_issue(name)
        return issue.why if issue else None

    def account_issue(self, name: str) -> TargetIssue | None:
        account = self.accounts.get(name)
        if account is None:
            return TargetIssue(
                TargetIssueKind.MISSING, f"account {name!r} does not exist in QuickBooks"
            )
        if not account.active:
            return TargetIssue(
                TargetIssueKind.INACTIVE, f"account {name!r} is inactive in QuickBooks"
            )
        if not account.postable:
            return TargetIssue(
                TargetIssueKind.NOT_POSTABLE,
                f"account {name!r} ({account.account_type}) cannot take journal lines",
            )
        return None

    def class_issue(self, name: str) -> TargetIssue | None:
        if not self.class_tracking:
            return TargetIssue(
                TargetIssueKind.CLASS_TRACKING_OFF,
                f"class {name!r} given but class tracking is off in QuickBooks",
            )
        cls = self.classes.get(name)
        if cls is None:
            return TargetIssue(
                TargetIssueKind.MISSING, f"class {name!r} does not exist in QuickBooks"
            )
        if not cls.active:
            return TargetIssue(
                TargetIssueKind.INACTIVE, f"class {name!r} is inactive in QuickBooks"
            )
        return None


def chart_from(accounts: Iterable[Any], classes: Iterable[Any], class_tracking: bool) -> Chart:
    """The chart as a Web Connector read recorded it (ChartOfAccountsRead's records)."""
    return Chart(
        accounts={
            a.full_name: Account(a.full_name, a.account_type, a.is_active, a.number)
            for a in accounts
        },
        classes={c.full_name: QbClass(c.full_name, c.is_active) for c in classes},
        class_tracking=class_tracking,
    )


def classes_to_add(names: Iterable[str], chart: Chart) -> list[str]:
    """The classes to create so that every name exists: each missing one, with its missing
    parents (QuickBooks adds a sub-class under an existing parent only), parents first."""
    known = {name.casefold() for name in chart.classes}
    wanted: dict[str, str] = {}
    for name in names:
        parts = [part.strip() for part in name.split(":")]
        for depth in range(1, len(parts) + 1):
            full = ":".join(parts[:depth])
            if full.casefold() not in known:
                wanted.setdefault(full.casefold(), full)
    return sorted(wanted.values(), key=lambda full: (full.count(":"), full))


def class_name_problem(name: str) -> str | None:
    """What QuickBooks would refuse about a class full name, before asking it."""
    parts = [part.strip() for part in name.split(":")]
    if not all(parts):
        return f"class {name!r} has an empty name or segment"
    long = [part for part in parts if len(part) > MAX_CLASS_NAME]
    if long:
        return f"class {name!r}: {long[0]!r} is longer than {MAX_CLASS_NAME} characters"
    return None
