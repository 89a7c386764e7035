"""From ledger totals to the rows of an Anaplan actuals import (pure).

Totals arrive per QuickBooks account, class and month, debit-positive. Profit-and-loss
accounts are turned to the connection's sign convention (natural: income and expenses both
positive, like the plan), mapped
back to Anaplan members, and every key imported before for a month but now gone is sent
as zero, so re-importing a month replaces its values and never adds to them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from domain.chart import PROFIT_AND_LOSS, Chart
from domain.connection import SignConvention
from domain.mapping import Mapping, MappingKind
from domain.period import Period

NO_CLASS = ""


@dataclass(frozen=True, slots=True)
class LedgerTotal:
    account: str
    class_name: str | None
    period: Period
    amount: Decimal  # debit-positive


@dataclass(frozen=True, slots=True, order=True)
class ActualRow:
    account: str  # Anaplan member
    cost_center: str  # Anaplan member ("" when the ledger line had no class)
    period: Period
    amount: Decimal
    quickbooks_account: str = ""
    quickbooks_class: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.account, self.cost_center, self.period.key)


@dataclass(frozen=True, slots=True)
class Actuals:
    rows: tuple[ActualRow, ...]
    unmapped: tuple[str, ...]  # QuickBooks accounts/classes with no Anaplan member


def actuals_for(
    totals: Iterable[LedgerTotal],
    periods: frozenset[Period],
    chart: Chart,
    mapping: Mapping,
    previously_imported: frozenset[tuple[str, str, str]] = frozenset(),
    sign: SignConvention = SignConvention.NATURAL,
) -> Actuals:
    sums: dict[tuple[str, str, Period], Decimal] = defaultdict(Decimal)
    sources: dict[tuple[str, str, Period], tuple[str, str]] = {}
    unmapped: set[str] = set()
    for total in totals:
        account = chart.accounts.get(total.account)
        if (
            total.period not in periods
            or account is None
            or account.account_type not in PROFIT_AND_LOSS
        ):
            continue
        key = _members(total, mapping, unmapped)
        if key is not None:
            flip = sign is SignConvention.NATURAL and account.credit_normal
            sums[(*key, total.period)] += -total.amount if flip else total.amount
            sources[(*key, total.period)] = (total.account, total.class_name or NO_CLASS)
    rows = [ActualRow(a, c, p, amount, *sources[(a, c, p)]) for (a, c, p), amount in sums.items()]
    rows += _zeroes(previously_imported, {row.key for row in rows}, periods)
    return Actuals(tuple(sorted(rows)), tuple(sorted(unmapped)))


def _members(total: LedgerTotal, mapping: Mapping, unmapped: set[str]) -> tuple[str, str] | None:
    account = mapping.to_anaplan(MappingKind.ACCOUNT, total.account)
    cls = mapping.to_anaplan(MappingKind.CLASS, total.class_name) if total.class_name else NO_CLASS
    if account is None:
        unmapped.add(f"account {total.account!r}")
    if cls is None:
        unmapped.add(f"class {total.class_name!r}")
    return None if account is None or cls is None else (account, cls)


def _zeroes(
    previous: frozenset[tuple[str, str, str]],
    now: set[tuple[str, str, str]],
    periods: frozenset[Period],
) -> list[ActualRow]:
    keys = {p.key: p for p in periods}
    return [
        ActualRow(account, cc, keys[period], Decimal(0))
        for account, cc, period in previous - now
        if period in keys
    ]
