"""What the log stores around a domain event: position, stream, version and metadata."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from domain.event import Event, from_stored

ANY_VERSION = -1
NO_STREAM = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Metadata:
    correlation_id: str | None = None
    causation_id: str | None = None
    actor: str | None = None
    tenant_id: str | None = None
    connection_id: str | None = None

    def to_data(self) -> dict[str, str]:
        return {key: value for key, value in self._items() if value is not None}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Metadata:
        known = {key: data.get(key) for key in cls.__dataclass_fields__}
        return cls(**known)

    def caused_by(self, event: RecordedEvent) -> Metadata:
        """Metadata for events appended in reaction to `event`: same correlation, same tenant."""
        parent = event.metadata
        return replace(
            self,
            correlation_id=parent.correlation_id or self.correlation_id,
            causation_id=str(event.position),
            tenant_id=parent.tenant_id or self.tenant_id,
            connection_id=parent.connection_id or self.connection_id,
        )

    def _items(self) -> list[tuple[str, str | None]]:
        return [(key, getattr(self, key)) for key in self.__dataclass_fields__]


@dataclass(frozen=True, slots=True)
class LogPosition:
    """A reader's place in the log: the commit-safe order is (tx_id, position)."""

    tx_id: int = 0
    position: int = 0


START = LogPosition()


@dataclass(frozen=True)
class RecordedEvent:
    """An event as the log holds it. The payload is decoded on first use: most readers
    (dispatchers, projections) look at the type first and skip most events."""

    position: int
    tx_id: int
    stream_id: str
    stream_type: str
    version: int
    type: str
    schema_version: int
    data: str
    raw_metadata: str
    recorded_at: datetime

    @functools.cached_property
    def event(self) -> Event:
        return from_stored(self.type, self.schema_version, json.loads(self.data))

    @functools.cached_property
    def metadata(self) -> Metadata:
        return Metadata.from_data(json.loads(self.raw_metadata))

    @property
    def log_position(self) -> LogPosition:
        return LogPosition(self.tx_id, self.position)
