"""Small events used by tests of the event-sourcing machinery itself."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from domain.event import Event


@dataclass(frozen=True, kw_only=True, slots=True)
class CounterIncremented(Event):
    counter: str
    by: int


@dataclass(frozen=True, kw_only=True, slots=True)
class AmountBooked(Event):
    account: str
    amount: Decimal
