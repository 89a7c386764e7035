"""Every domain event, named in the past tense exactly as it appears in the log.

Events are frozen and carry a schema VERSION (see domain.event for upcasting). Grouped by the
part of the product that appends them.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.connection import ConnectionSettings, CredentialKind
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


# --- Connections ---------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class ConnectionCreated(Event):
    connection_id: str
    tenant_id: str
    settings: ConnectionSettings


@dataclass(frozen=True, kw_only=True, slots=True)
class ConnectionUpdated(Event):
    connection_id: str
    settings: ConnectionSettings


@dataclass(frozen=True, kw_only=True, slots=True)
class ConnectionDisabled(Event):
    connection_id: str
    reason: str


@dataclass(frozen=True, kw_only=True, slots=True)
class ConnectionEnabled(Event):
    connection_id: str


@dataclass(frozen=True, kw_only=True, slots=True)
class CredentialsChanged(Event):
    """A secret was stored or replaced; the event names its kind, never its value."""

    connection_id: str
    kind: CredentialKind


@dataclass(frozen=True, kw_only=True, slots=True)
class QbwcUsernameReserved(Event):
    """Makes Web Connector user names unique across connections (one stream per name)."""

    connection_id: str


@dataclass(frozen=True, kw_only=True, slots=True)
class QbwcUsernameReleased(Event):
    connection_id: str
