"""Ports: the small interfaces the application needs from the outside world."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from domain.envelope import ANY_VERSION, LogPosition, Metadata, RecordedEvent
from domain.event import Event


@dataclass(frozen=True, slots=True)
class AppendRequest:
    stream_id: str
    stream_type: str
    events: Sequence[Event]
    expected_version: int = ANY_VERSION
    metadata: Metadata = field(default_factory=Metadata)


class EventStore(Protocol):
    async def append(self, request: AppendRequest) -> int:
        """Append atomically; return the stream's new version. Raises ConcurrencyError."""

    async def append_batch(self, requests: Sequence[AppendRequest]) -> list[int]:
        """Append to several streams in one transaction: all or nothing."""

    async def read_stream(self, stream_id: str, after_version: int = 0) -> list[RecordedEvent]:
        """Events of one stream in version order."""

    async def read_streams(self, stream_ids: Sequence[str]) -> dict[str, list[RecordedEvent]]:
        """Several whole streams, each in version order."""

    async def read_all(self, after: LogPosition, limit: int = 1000) -> list[RecordedEvent]:
        """Events after `after` in commit-safe order: a tailing reader never skips one."""

    async def read_range(
        self, from_position: int, to_position: int, limit: int = 1000
    ) -> list[RecordedEvent]:
        """Events whose global position lies in [from_position, to_position], by position."""
