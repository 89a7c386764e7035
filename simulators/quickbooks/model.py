"""The records of a company file: list elements and posted transactions."""

from dataclasses import dataclass, field
from datetime import date, datetime

# Account types whose balance grows with debits; the rest grow with credits.
DEBIT_NORMAL_TYPES = frozenset(
    {
        "AccountsReceivable",
        "Bank",
        "CostOfGoodsSold",
        "Expense",
        "FixedAsset",
        "OtherAsset",
        "OtherCurrentAsset",
        "OtherExpense",
    }
)
INCOME_STATEMENT_TYPES = frozenset(
    {"Income", "CostOfGoodsSold", "Expense", "OtherIncome", "OtherExpense"}
)


@dataclass(kw_only=True, eq=False)
class ListElement:
    list_id: str
    name: str
    parent: "ListElement | None" = None
    is_active: bool = True
    time_created: datetime
    time_modified: datetime
    edit_sequence: str

    @property
    def full_name(self) -> str:
        if self.parent is None:
            return self.name
        return f"{self.parent.full_name}:{self.name}"

    @property
    def sublevel(self) -> int:
        return 0 if self.parent is None else self.parent.sublevel + 1


@dataclass(kw_only=True, eq=False)
class Account(ListElement):
    account_type: str
    number: str | None = None
    description: str | None = None
    special_type: str | None = None

    @property
    def debit_normal(self) -> bool:
        return self.account_type in DEBIT_NORMAL_TYPES

    @property
    def on_income_statement(self) -> bool:
        return self.account_type in INCOME_STATEMENT_TYPES


@dataclass(kw_only=True, eq=False)
class QbClass(ListElement):
    pass


@dataclass(kw_only=True, eq=False)
class Entity(ListElement):
    """A customer, vendor, employee or other name (the EntityRef targets)."""

    kind: str


@dataclass(kw_only=True, eq=False)
class Line:
    line_id: str
    account: Account
    amount: int
    is_debit: bool
    memo: str | None = None
    qb_class: QbClass | None = None
    entity: Entity | None = None

    @property
    def signed(self) -> int:
        """Debit-positive amount, the sign convention of every balance in here."""
        return self.amount if self.is_debit else -self.amount


@dataclass(kw_only=True, eq=False)
class Txn:
    txn_type: str
    txn_id: str
    txn_number: int
    txn_date: date
    ref_number: str | None
    lines: list[Line]
    header: Line | None = None
    entity: Entity | None = None
    memo: str | None = None
    is_adjustment: bool = False
    external_guid: str | None = None
    voided: bool = False
    time_created: datetime
    time_modified: datetime
    edit_sequence: str

    def postings(self) -> list[Line]:
        return self.lines if self.header is None else [self.header, *self.lines]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.postings() if line.is_debit)


@dataclass(frozen=True)
class DeletedTxn:
    txn_type: str
    txn_id: str
    time_created: datetime
    time_deleted: datetime
    ref_number: str | None = None


@dataclass
class LineDraft:
    """A validated line before it gets its TxnLineID."""

    account: Account
    amount: int
    is_debit: bool
    memo: str | None = None
    qb_class: QbClass | None = None
    entity: Entity | None = None
    line_id: str | None = field(default=None)


_CHART_ORDER = (
    "Bank", "AccountsReceivable", "OtherCurrentAsset", "FixedAsset", "OtherAsset",
    "AccountsPayable", "CreditCard", "OtherCurrentLiability", "LongTermLiability", "Equity",
    "Income", "CostOfGoodsSold", "Expense", "OtherIncome", "OtherExpense", "NonPosting",
)  # fmt: skip


def chart_order(account: Account) -> tuple:
    """Chart-of-accounts order: by type, then number (or name) down the hierarchy."""
    path: list[str] = []
    node: ListElement | None = account
    while node is not None:
        path.insert(0, (getattr(node, "number", None) or "") + node.name.casefold())
        node = node.parent
    return _CHART_ORDER.index(account.account_type), tuple(path)
