"""Every domain event, named in the past tense exactly as it appears in the log.

Events are frozen and carry a schema VERSION (see domain.event for upcasting). Grouped by the
part of the product that appends them.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.actuals import ActualRow
from domain.connection import ConnectionSettings, CredentialKind
from domain.event import Event
from domain.mapping import MappingRule
from domain.posting import JournalLine

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


# --- Plan -> ledger ------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class PlanSyncRequested(Event):
    run_id: str
    connection_id: str
    requested_by: str
    reason: str = "manual"


@dataclass(frozen=True, kw_only=True, slots=True)
class PlanExported(Event):
    """The approved plan as Anaplan exported it, kept immutably in the blob store."""

    run_id: str
    connection_id: str
    action: str
    task_id: str
    sha256: str
    size: int


@dataclass(frozen=True, kw_only=True, slots=True)
class PlanExportFailed(Event):
    run_id: str
    connection_id: str
    error: str


@dataclass(frozen=True, kw_only=True, slots=True)
class PlanStagingWaiting(Event):
    run_id: str
    reason: str


@dataclass(frozen=True, kw_only=True, slots=True)
class PlanEntryRejected(Event):
    """An entry was not staged; every offending member is listed, nothing of it is posted."""

    run_id: str
    version: str
    period: str
    problems: tuple[str, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class PlanStaged(Event):
    run_id: str
    rows: int
    staged: tuple[str, ...]  # journal entry ids with a new revision
    unchanged: int
    withdrawn: tuple[str, ...]
    rejected: int


@dataclass(frozen=True, kw_only=True, slots=True)
class JournalStaged(Event):
    connection_id: str
    entry_id: str
    run_id: str
    ref_number: str
    version: str
    period: str  # YYYY-MM
    part: int
    txn_date: str  # ISO date
    revision: int
    content_hash: str
    lines: tuple[JournalLine, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class JournalWithdrawn(Event):
    """The plan no longer has this entry: whatever QuickBooks holds for it is to be voided."""

    connection_id: str
    entry_id: str
    run_id: str
    revision: int


@dataclass(frozen=True, kw_only=True, slots=True)
class QbxmlSent(Event):
    """A request for this entry went to QuickBooks in a Web Connector message."""

    connection_id: str
    entry_id: str
    session_id: str
    message_id: str
    request_id: str
    operation: str  # query | add | mod | void
    revision: int


@dataclass(frozen=True, kw_only=True, slots=True)
class TxnRecorded(Event):
    """QuickBooks holds the staged revision of this entry under this TxnID."""

    connection_id: str
    entry_id: str
    session_id: str
    txn_id: str
    edit_sequence: str
    txn_line_ids: tuple[str, ...]
    revision: int
    operation: str  # add | mod | query (found when checking before an add)


@dataclass(frozen=True, kw_only=True, slots=True)
class JournalFoundInQuickBooks(Event):
    """A query in this session found an older revision of the entry in QuickBooks."""

    connection_id: str
    entry_id: str
    session_id: str
    txn_id: str
    edit_sequence: str
    txn_line_ids: tuple[str, ...]
    revision: int


@dataclass(frozen=True, kw_only=True, slots=True)
class JournalNotFoundInQuickBooks(Event):
    connection_id: str
    entry_id: str
    session_id: str


@dataclass(frozen=True, kw_only=True, slots=True)
class JournalVoided(Event):
    connection_id: str
    entry_id: str
    session_id: str
    txn_id: str
    revision: int


@dataclass(frozen=True, kw_only=True, slots=True)
class JournalPostRejected(Event):
    """QuickBooks refused a request for this entry; retryable ones are sent again."""

    connection_id: str
    entry_id: str
    session_id: str
    operation: str
    revision: int
    status_code: int
    status_message: str
    retryable: bool


@dataclass(frozen=True, kw_only=True, slots=True)
class JournalBlocked(Event):
    """The live chart of accounts refuses this entry; every offending target is listed."""

    connection_id: str
    entry_id: str
    session_id: str
    revision: int
    problems: tuple[str, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class JournalRequestLost(Event):
    """The message carrying a request for this entry failed as a whole or the session
    ended before its answer: the entry is checked again before anything else is sent."""

    connection_id: str
    entry_id: str
    session_id: str
    request_id: str
    reason: str


@dataclass(frozen=True, kw_only=True, slots=True)
class JournalRetryRequested(Event):
    connection_id: str
    entry_id: str
    requested_by: str


# --- Ledger -> plan ------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class ActualsSyncRequested(Event):
    run_id: str
    connection_id: str
    first_period: str  # YYYY-MM
    last_period: str
    requested_by: str
    reason: str = "manual"


@dataclass(frozen=True, kw_only=True, slots=True)
class ActualsWaiting(Event):
    run_id: str
    reason: str


@dataclass(frozen=True, kw_only=True, slots=True)
class ActualsComputed(Event):
    """The actuals of one month as they will be imported (zeroes for vanished keys)."""

    run_id: str
    connection_id: str
    period: str
    rows: tuple[ActualRow, ...]
    unmapped: tuple[str, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class ActualsImported(Event):
    run_id: str
    connection_id: str
    action: str
    task_id: str
    sha256: str  # the CSV that was uploaded
    periods: tuple[str, ...]
    rows_sent: int
    rows_loaded: int
    rows_ignored: int
    rows_failed: int
    rejections: tuple[str, ...]  # "line 12: Item not located in Accounts list: 6999"


@dataclass(frozen=True, kw_only=True, slots=True)
class ActualsImportFailed(Event):
    run_id: str
    connection_id: str
    error: str


# --- Mappings ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True, slots=True)
class MappingImported(Event):
    connection_id: str
    rules: tuple[MappingRule, ...]
    match_same_names: bool
    source: str  # e.g. "upload:mapping.csv" or "api"
