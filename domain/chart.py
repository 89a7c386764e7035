"""What the flows need to know about QuickBooks' chart of accounts and class list."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
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
        account = self.accounts.get(name)
        if account is None:
            return f"account {name!r} does not exist in QuickBooks"
        if not account.active:
            return f"account {name!r} is inactive in QuickBooks"
        if not account.postable:
            return f"account {name!r} ({account.account_type}) cannot take journal lines"
        return None

    def class_problem(self, name: str) -> str | None:
        if not self.class_tracking:
            return f"class {name!r} given but class tracking is off in QuickBooks"
        cls = self.classes.get(name)
        if cls is None:
            return f"class {name!r} does not exist in QuickBooks"
        if not cls.active:
            return f"class {name!r} is inactive in QuickBooks"
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
