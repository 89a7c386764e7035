"""Values read from a company file that other parts of the product consume: the chart of
accounts and classes, as recorded in events."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class ChartAccount:
    list_id: str
    full_name: str
    account_type: str
    number: str | None
    is_active: bool
    balance: Decimal | None
    total_balance: Decimal | None = None
    special_type: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChartClass:
    list_id: str
    full_name: str
    is_active: bool
