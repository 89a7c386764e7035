"""Every domain event, named in the past tense exactly as it appears in the log.

Events are frozen and carry a schema VERSION (see domain.event for upcasting). Grouped by the
part of the product that appends them.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.event import Event

# --- Operations: parking, retries and replays --------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class StreamParked(Event):
    consumer: str
    stream_id: str
    version: int
    attempts: int
    error: str


@dataclass(frozen=True, kw_only=True, slots=True)
class StreamRetryRequested(Event):
    consumer: str
    stream_id: str
    requested_by: str


@dataclass(frozen=True, kw_only=True, slots=True)
class StreamRedriven(Event):
    consumer: str
    stream_id: str
    from_version: int
    requested_by: str


@dataclass(frozen=True, kw_only=True, slots=True)
class ProjectionRebuilt(Event):
    projection: str
    from_position: int
    events_applied: int
    requested_by: str


@dataclass(frozen=True, kw_only=True, slots=True)
class StreamRecovered(Event):
    consumer: str
    stream_id: str
    version: int
    previous_error: str
