"""Choosing what goes into one qbXML message.

Groups (the open reads first, then each source in turn) keep their order: a group stops
at its first item that does not fit, since a source's later request may depend on an
earlier one; other groups may still fill the message. The very first item always goes,
so a single request larger than the budget is sent alone rather than never.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from domain.qbwc.budget import Budget

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Sized(Generic[T]):
    item: T
    units: float


class Packer(Generic[T]):
    """Fills one message group by group; `budget` is what is left after each group."""

    def __init__(self, budget: Budget, max_items: int) -> None:
        self.budget = budget
        self.chosen: list[Sized[T]] = []
        self._max_items = max_items

    def add(self, group: Sequence[Sized[T]]) -> None:
        for sized in group:
            if len(self.chosen) >= self._max_items:
                return
            if self.chosen and not self.budget.fits(sized.units):
                return
            self.chosen.append(sized)
            self.budget = self.budget.spend(sized.units)
