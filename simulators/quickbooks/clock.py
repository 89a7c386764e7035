"""Clocks: QuickBooks stamps TimeCreated/TimeModified from the machine clock.

Tests and the sandbox use SimulatedClock and move time explicitly.
"""

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol

DEFAULT_START = datetime(2027, 7, 15, 14, 0, 0, tzinfo=UTC)


class Clock(Protocol):
    def now(self) -> datetime: ...


class SimulatedClock:
    def __init__(self, start: datetime = DEFAULT_START) -> None:
        self._now = _as_utc(start)

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float = 0, **delta: float) -> datetime:
        self._now += timedelta(seconds=seconds, **delta)
        return self._now

    def set(self, when: datetime) -> None:
        self._now = _as_utc(when)


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC).replace(microsecond=0)


def _as_utc(when: datetime) -> datetime:
    if when.tzinfo is None:
        raise ValueError("clock times must be timezone-aware")
    return when.astimezone(UTC).replace(microsecond=0)


class RunningClock:
    """Starts at a chosen (simulated) instant and runs at real speed: for long sandbox
    runs where edits must get distinct, increasing TimeModified stamps."""

    def __init__(self, start: datetime = DEFAULT_START) -> None:
        self._start = _as_utc(start)
        self._started_at = time.monotonic()

    def now(self) -> datetime:
        elapsed = timedelta(seconds=int(time.monotonic() - self._started_at))
        return self._start + elapsed
