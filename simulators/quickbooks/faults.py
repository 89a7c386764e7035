"""Fault injection for a company file or a single session.

Each knob counts down: "the next N writes", "the next N messages". A plan attached to the
company affects every session; a plan given to one session affects only that session.
"""

from dataclasses import dataclass, field

from simulators.quickbooks.statuses import LOCK_CODES


@dataclass
class FaultPlan:
    parse_errors: int = 0
    lock_errors: list[int] = field(default_factory=list)
    invalid_references: int = 0
    concurrent_edits: int = 0
    slow_seconds: float = 0.0
    slow_messages: int | None = 0

    def fail_next_parses(self, count: int = 1) -> None:
        self.parse_errors += count

    def lock_next_writes(self, count: int = 1, code: int = 3170) -> None:
        if code not in LOCK_CODES:
            raise ValueError(f"lock errors are {LOCK_CODES}, not {code}")
        self.lock_errors.extend([code] * count)

    def reject_next_references(self, count: int = 1) -> None:
        self.invalid_references += count

    def edit_concurrently_before_next_mods(self, count: int = 1) -> None:
        """Another user saves the entry just before each of the next N JournalEntryMods,
        so they carry a stale EditSequence."""
        self.concurrent_edits += count

    def slow_down(self, seconds: float, messages: int | None = None) -> None:
        """Add simulated seconds to the next N messages (None: to every message)."""
        self.slow_seconds = seconds
        self.slow_messages = messages

    def take_parse_error(self) -> bool:
        return self._take("parse_errors")

    def take_lock_error(self) -> int | None:
        return self.lock_errors.pop(0) if self.lock_errors else None

    def take_invalid_reference(self) -> bool:
        return self._take("invalid_references")

    def take_concurrent_edit(self) -> bool:
        return self._take("concurrent_edits")

    def take_slowness(self) -> float:
        if self.slow_messages is None:
            return self.slow_seconds
        if self.slow_messages <= 0:
            return 0.0
        self.slow_messages -= 1
        return self.slow_seconds

    def _take(self, counter: str) -> bool:
        remaining = getattr(self, counter)
        if remaining <= 0:
            return False
        setattr(self, counter, remaining - 1)
        return True
