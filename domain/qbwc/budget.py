"""The work budget: how much one qbXML message may ask of QuickBooks.

QBWC gives up on a request after roughly a minute (NOTES §A.9: no authoritative figure),
so every message is planned to take well under a target (20 s by default) by a cost
model per connection: seconds = overhead + rate * units, where a unit is about one line
written or one row read. The model starts conservative and learns from the time between
our sendRequestXML reply and the matching receiveResponseXML: it adopts a slower rate at
once and eases toward a faster one, so one slow message shrinks the next at once while a
fast one grows it gradually.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

INITIAL_RATE = 0.05  # s per unit: conservative (20 s -> about 400 rows)
MIN_RATE = 0.0005
EASE_DOWN = 0.3


@dataclass(frozen=True, slots=True)
class CostModel:
    overhead_seconds: float = 1.0
    seconds_per_unit: float = INITIAL_RATE
    observations: int = 0

    def seconds(self, units: float) -> float:
        return self.overhead_seconds + self.seconds_per_unit * units

    def observed(self, units: float, seconds: float) -> CostModel:
        rate = max(seconds - self.overhead_seconds, 0.0) / max(units, 1.0)
        current = self.seconds_per_unit
        learned = rate if rate > current else current + EASE_DOWN * (rate - current)
        return replace(
            self, seconds_per_unit=max(learned, MIN_RATE), observations=self.observations + 1
        )


@dataclass(frozen=True, slots=True)
class Budget:
    """What is left of one message's budget while it is being planned."""

    target_seconds: float
    model: CostModel
    used_units: float = 0.0
    max_page_rows: int = 500
    min_page_rows: int = 10

    @property
    def remaining_units(self) -> float:
        affordable = (self.target_seconds - self.model.overhead_seconds) / (
            self.model.seconds_per_unit
        )
        return max(affordable - self.used_units, 0.0)

    def fits(self, units: float) -> bool:
        return units <= self.remaining_units

    def spend(self, units: float) -> Budget:
        return replace(self, used_units=self.used_units + units)

    def page_size(self, per_row_units: float = 1.0) -> int:
        """MaxReturned for a paged read that should fit in what is left."""
        rows = int(self.remaining_units / per_row_units)
        return max(self.min_page_rows, min(rows, self.max_page_rows))
