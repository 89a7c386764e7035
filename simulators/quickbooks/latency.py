"""How long QuickBooks takes for a message, in simulated seconds.

The defaults are assumptions of the order of magnitude reported for QuickBooks Desktop
(tens of milliseconds per message, more per line written or row returned), not
measurements; tests and benches set their own.
"""

from dataclasses import dataclass


@dataclass
class Work:
    requests: int = 0
    lines: int = 0
    rows: int = 0


@dataclass(frozen=True)
class LatencyModel:
    per_message: float = 0.05
    per_request: float = 0.01
    per_line: float = 0.002
    per_row: float = 0.001
    # Fraction of the simulated time really slept (0 = never sleep).
    sleep_scale: float = 0.0

    def seconds(self, work: Work) -> float:
        return (
            self.per_message
            + self.per_request * work.requests
            + self.per_line * work.lines
            + self.per_row * work.rows
        )

    def sleep_for(self, simulated_seconds: float) -> float:
        return simulated_seconds * self.sleep_scale
