"""When to ask for a task's status next.

Anaplan asks for no more than one status call every 5 seconds, longer for long tasks. The
wait grows exponentially from `first` up to `maximum`; when the task reports progress, the
time it seems to need (elapsed * (1 - p) / p) shortens the wait, but never below `minimum`.
Jitter spreads the polls of many workers. Every duration is configurable so tests are fast.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PollPolicy:
    first: float = 5.0
    minimum: float = 5.0
    maximum: float = 60.0
    factor: float = 1.5
    jitter: float = 0.2
    timeout: float = 6 * 3600.0  # a task still running after this is cancelled

    def next_wait(
        self, previous: float | None, elapsed: float, progress: float, rand: float
    ) -> float:
        """Seconds until the next poll; `rand` in [0, 1) supplies the jitter."""
        grown = self.first if previous is None else min(self.maximum, previous * self.factor)
        if 0 < progress < 1 and elapsed > 0:
            grown = min(grown, elapsed * (1 - progress) / progress)
        jittered = grown * (1 + self.jitter * (2 * rand - 1))
        return min(self.maximum, max(self.minimum, jittered))
