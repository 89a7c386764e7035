"""When to try a failing handler again, and when to give up and park its stream."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    base_seconds: float = 1.0
    factor: float = 2.0
    max_seconds: float = 300.0
    max_attempts: int = 8

    def delay(self, attempt: int, jitter: float) -> float:
        """Seconds to wait before attempt `attempt + 1`; `jitter` in [0, 1) spreads retries."""
        ceiling = min(self.max_seconds, self.base_seconds * self.factor ** (attempt - 1))
        return ceiling * (0.5 + jitter / 2)

    def should_park(self, attempt: int, permanent: bool) -> bool:
        return permanent or attempt >= self.max_attempts
