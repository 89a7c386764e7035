"""Every domain event, named in the past tense exactly as it appears in the log.

Events are frozen and carry a schema VERSION (see domain.event for upcasting). Grouped by the
part of the product that appends them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from domain.actuals import ActualRow
from domain.connection import ConnectionSettings, CredentialKind
from domain.event import Event
from domain.list_push import PushedMember
from domain.mapping import MappingRule
from domain.posting import JournalLine
from domain.qbwc.books import ChartAccount, ChartClass
from domain.qbwc.company_file import CompanyFileFacts
from domain.qbwc.messages import ReceivedStatus, SentRequest
from domain.qbxml.responses import ReportRet

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
class AnaplanAuthorizationStarted(Event):
    """An admin asked to authorize the connection's OAuth client by the device grant: the
    code the Anaplan user must enter (the device code itself stays in memory)."""

    connection_id: str
    user_code: str
    verification_uri: str
    expires_at: str  # ISO 8601, UTC


@dataclass(frozen=True, kw_only=True, slots=True)
class AnaplanAuthorizationEnded(Event):
    """The device grant ended: approved (the refresh token is stored) or not, and why."""

    connection_id: str
    authorized: bool
    reason: str | None = None


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
    separator: str = ","  # how the file's text is written, so it reads back without Anaplan
    quote: str = '"'
    encoding: str = "UTF-8"


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
    """A request for this entry went to QuickBooks in a Web Connector message (recorded
    with its outcome, once the answer, or the news that none will come, arrived)."""

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
    """The chart of accounts read from QuickBooks refuses this entry (an account or class
    deactivated or deleted since it was staged); every offending target is listed."""

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
    trial_balance_report: str | None = None  # the report id asked for a closed month


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
class ActualsReconciled(Event):
    """The ledger read checked against QuickBooks' trial balance for a closed month."""

    run_id: str
    connection_id: str
    as_of: str  # ISO date
    accounts_checked: int
    differences: tuple[str, ...]


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


# --- QuickBooks Web Connector ----------------------------------------------------------
# One stream per Web Connector session ("qbwc-session-<id>"): every qbXML message sent and
# received, with bodies in the blob store by sha256, so any posting can be traced and any
# cycle replayed. Never a password or a ticket.


@dataclass(frozen=True, kw_only=True, slots=True)
class WebConnectorSessionStarted(Event):
    session_id: str
    connection_id: str
    username: str
    client_address: str | None
    client_version: str | None
    started_at: datetime


@dataclass(frozen=True, kw_only=True, slots=True)
class CompanyFileReported(Event):
    session_id: str
    connection_id: str
    facts: CompanyFileFacts
    qbxml_version: str | None  # negotiated; None = too old for the product
    hcp_sha256: str | None  # strHCPResponse as received


@dataclass(frozen=True, kw_only=True, slots=True)
class WebConnectorSessionRefused(Event):
    """The session will not exchange work; the reason is what getLastError shows."""

    session_id: str
    connection_id: str
    reason: str


@dataclass(frozen=True, kw_only=True, slots=True)
class QbxmlMessageSent(Event):
    session_id: str
    connection_id: str
    message_no: int
    qbxml_version: str
    body_sha256: str
    requests: tuple[SentRequest, ...]
    estimated_units: float
    estimated_seconds: float
    sent_at: datetime


@dataclass(frozen=True, kw_only=True, slots=True)
class QbxmlMessageReceived(Event):
    session_id: str
    connection_id: str
    message_no: int
    body_sha256: str
    responses: tuple[ReceivedStatus, ...]
    missing: tuple[str, ...]  # request ids QuickBooks did not answer
    elapsed_seconds: float
    received_at: datetime


@dataclass(frozen=True, kw_only=True, slots=True)
class QbxmlMessageFailed(Event):
    """QuickBooks could not process the message as a whole (an HRESULT instead of a
    response), or its response could not be read."""

    session_id: str
    connection_id: str
    message_no: int
    hresult: str
    message: str
    error: str  # the getLastError text
    body_sha256: str | None
    elapsed_seconds: float
    received_at: datetime


@dataclass(frozen=True, kw_only=True, slots=True)
class QbxmlRequestRejected(Event):
    """A planned request that was not sent: it broke a QuickBooks rule, or (a bug) the
    rendered qbXML failed Intuit's schema."""

    session_id: str
    source: str
    key: str
    kind: str
    reason: str


@dataclass(frozen=True, kw_only=True, slots=True)
class WorkAbandoned(Event):
    session_id: str
    source: str
    key: str
    request_id: str | None
    reason: str
    applied: str  # "no" or "unknown": whether QuickBooks may have applied it
    detail: str


@dataclass(frozen=True, kw_only=True, slots=True)
class WorkSourceFailed(Event):
    session_id: str
    source: str
    stage: str  # has_work / plan / accept / abandon
    key: str | None
    error: str


@dataclass(frozen=True, kw_only=True, slots=True)
class WebConnectorProgressReported(Event):
    session_id: str
    message_no: int
    percent: int
    work: str  # none / ready / waiting


@dataclass(frozen=True, kw_only=True, slots=True)
class WebConnectorWaitedForWork(Event):
    """Work exists but is not ready: sendRequestXML answered "" and getLastError NoOp."""

    session_id: str
    at: datetime
    waited_seconds: float  # NoOp time so far in this session


@dataclass(frozen=True, kw_only=True, slots=True)
class WebConnectorConnectionError(Event):
    session_id: str
    connection_id: str
    hresult: str
    message: str


@dataclass(frozen=True, kw_only=True, slots=True)
class WebConnectorSessionEnded(Event):
    session_id: str
    connection_id: str
    reason: str  # closed / connection_error / expired / superseded
    summary: str
    ended_at: datetime


@dataclass(frozen=True, kw_only=True, slots=True)
class WebConnectorLoginFailed(Event):
    username: str
    client_address: str | None
    reason: str  # unknown_user / bad_password / no_password / locked
    failures: int
    locked_until: datetime | None


# --- QuickBooks reference reads: chart of accounts, ledger changes, reports -----------


@dataclass(frozen=True, kw_only=True, slots=True)
class ChartOfAccountsRequested(Event):
    connection_id: str
    request_id: str
    add_classes: tuple[str, ...]  # full names to create when missing
    requested_by: str


@dataclass(frozen=True, kw_only=True, slots=True)
class QuickBooksAccountsListed(Event):
    """The account half of a chart read, kept until the class half arrives."""

    connection_id: str
    session_id: str
    read_key: str
    accounts: tuple[ChartAccount, ...]


@dataclass(frozen=True, kw_only=True, slots=True)
class ChartOfAccountsRead(Event):
    connection_id: str
    session_id: str
    read_key: str
    accounts: tuple[ChartAccount, ...]
    classes: tuple[ChartClass, ...]
    class_tracking: bool


@dataclass(frozen=True, kw_only=True, slots=True)
class QuickBooksClassAdded(Event):
    connection_id: str
    session_id: str
    full_name: str
    list_id: str | None  # None: it already existed (3100)


@dataclass(frozen=True, kw_only=True, slots=True)
class QuickBooksClassAddFailed(Event):
    connection_id: str
    session_id: str
    full_name: str
    status_code: int
    message: str


@dataclass(frozen=True, kw_only=True, slots=True)
class LedgerSyncRequested(Event):
    connection_id: str
    sync_id: str
    since: date | None  # first read only: transactions dated from here (None: all)
    requested_by: str


@dataclass(frozen=True, kw_only=True, slots=True)
class LedgerPageRead(Event):
    connection_id: str
    sync_id: str
    session_id: str
    read: str  # "changes", "class:<full name>"
    page: int
    rows: int
    changed: int  # rows new or different in the mirror (the rest were duplicates)
    remaining: int
    window_start: str | None  # FromModifiedDate as sent
    latest_modified: str | None


@dataclass(frozen=True, kw_only=True, slots=True)
class LedgerClassesListed(Event):
    """The classes whose postings the sync reads one by one (TransactionRet has no class)."""

    connection_id: str
    sync_id: str
    session_id: str
    classes: tuple[str, ...]
    class_tracking: bool


@dataclass(frozen=True, kw_only=True, slots=True)
class LedgerDeletionsRead(Event):
    connection_id: str
    sync_id: str
    session_id: str
    window_start: str | None
    deleted: int
    latest_deleted: str | None


@dataclass(frozen=True, kw_only=True, slots=True)
class LedgerReadRestarted(Event):
    connection_id: str
    sync_id: str
    session_id: str
    read: str
    reason: str


@dataclass(frozen=True, kw_only=True, slots=True)
class LedgerSyncInterrupted(Event):
    """The session ended before every read of the sync finished; the next session
    starts the sync's reads again (the mirror upserts make that harmless)."""

    connection_id: str
    sync_id: str
    session_id: str
    reason: str


@dataclass(frozen=True, kw_only=True, slots=True)
class LedgerCheckpointAdvanced(Event):
    connection_id: str
    sync_id: str
    session_id: str
    modified_checkpoint: str | None
    deleted_checkpoint: str | None
    previous_modified: str | None
    rows_read: int


@dataclass(frozen=True, kw_only=True, slots=True)
class LedgerReportRequested(Event):
    connection_id: str
    report_id: str
    report_type: str  # TrialBalance / ProfitAndLossByClass
    period_start: date
    period_end: date
    basis: str
    requested_by: str


@dataclass(frozen=True, kw_only=True, slots=True)
class LedgerReportRead(Event):
    connection_id: str
    report_id: str
    session_id: str
    report: ReportRet


@dataclass(frozen=True, kw_only=True, slots=True)
class LedgerReportFailed(Event):
    connection_id: str
    report_id: str
    session_id: str
    status_code: int
    message: str


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


# --- Reference data ------------------------------------------------------------------------
# QuickBooks accounts and classes pushed into the Anaplan lists through list imports, one
# stream per connection ("refdata-<connection_id>"); the file sent is in the blob store.


@dataclass(frozen=True, kw_only=True, slots=True)
class AnaplanListPushed(Event):
    connection_id: str
    push_id: str
    member_kind: str  # account | class
    import_action: str
    task_id: str
    sha256: str  # the CSV uploaded
    members: tuple[PushedMember, ...]
    rows_loaded: int
    rows_failed: int
    rejections: tuple[str, ...]  # "line 3: Invalid name"
    requested_by: str


@dataclass(frozen=True, kw_only=True, slots=True)
class AnaplanListPushFailed(Event):
    connection_id: str
    push_id: str
    member_kind: str
    import_action: str
    members: tuple[PushedMember, ...]
    error: str
    requested_by: str
