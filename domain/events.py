"""Every domain event, named in the past tense exactly as it appears in the log.

Events are frozen and carry a schema VERSION (see domain.event for upcasting). Grouped by the
part of the product that appends them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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


# --- Anaplan -------------------------------------------------------------------------------
# What was exchanged with Anaplan, so an operator can see every task and file: ids, sizes,
# checksums and timings. Never tokens. The application picks the stream (one per run).


@dataclass(frozen=True, kw_only=True, slots=True)
class AnaplanTaskStarted(Event):
    """A task was started, or found running after the response to its start was lost."""

    workspace_id: str
    model_id: str
    action_kind: str  # exports | imports | processes | actions
    action_id: str
    task_id: str
    created_at: datetime | None  # the service's creationTime
    recovered: bool = False


@dataclass(frozen=True, kw_only=True, slots=True)
class AnaplanTaskCompleted(Event):
    workspace_id: str
    model_id: str
    action_kind: str
    action_id: str
    task_id: str
    failure_dump_available: bool
    summary: tuple[str, ...]  # the result's detail messages
    polls: int
    duration_ms: int


@dataclass(frozen=True, kw_only=True, slots=True)
class AnaplanTaskFailed(Event):
    workspace_id: str
    model_id: str
    action_kind: str
    action_id: str
    task_id: str
    state: str  # COMPLETE (unsuccessful) or CANCELLED
    reason: str
    failure_dump_available: bool
    polls: int
    duration_ms: int


@dataclass(frozen=True, kw_only=True, slots=True)
class AnaplanFileDownloaded(Event):
    workspace_id: str
    model_id: str
    file_id: str
    purpose: str  # export | dump
    task_id: str | None
    size: int
    sha256: str
    chunks: int
    duration_ms: int


@dataclass(frozen=True, kw_only=True, slots=True)
class AnaplanFileUploaded(Event):
    workspace_id: str
    model_id: str
    file_id: str
    size: int
    sha256: str
    chunks: int
    sent_bytes: int  # after compression
    duration_ms: int


@dataclass(frozen=True, kw_only=True, slots=True)
class AnaplanRequestFailed(Event):
    """A call to Anaplan gave up: a permanent refusal, or retries exhausted."""

    method: str
    path: str
    attempts: int
    status: int | None
    error: str
