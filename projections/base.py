"""What a projection is: a pure function from a recorded event to SQL statements.

A projection never reads the clock or makes ids: everything it writes comes from the event
and its envelope (position, recorded_at), which is what makes rebuilds deterministic.
Statements name tables as `{table}` placeholders so a rebuild can aim them at fresh tables.
Write them as idempotent upserts keyed by natural keys (the last event touching a row
decides it): then replaying from any position converges on the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from domain.envelope import RecordedEvent


@dataclass(frozen=True, slots=True)
class Sql:
    template: str
    args: tuple[Any, ...] = ()


class Projection(Protocol):
    name: str
    tables: tuple[str, ...]

    def apply(self, event: RecordedEvent) -> Iterable[Sql]: ...
