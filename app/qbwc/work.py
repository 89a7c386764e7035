"""Work sources: how the rest of the product gets qbXML requests to QuickBooks.

QuickBooks Desktop has no API of its own: the Web Connector polls us, one session per
scheduled update, and in each session asks for one qbXML message at a time. A *work
source* is anything that has requests for a connection's company file -- the journal
posting flow, the chart-of-accounts reader, the ledger reader. The session layer asks
every source, batches what they plan into messages within the work budget, records each
message in the event log, and routes every response back to the source that planned the
request. Register sources in `Container.work_sources` (app/bootstrap.py).

Lifecycle in one session (sources are called in registration order, never concurrently
for one connection; any API process may make any call, so a source keeps its state in
events or tables, never in memory):

1. `has_work(connection_id)` -- at authenticate (NONE from every source: the Web
   Connector is told "none" and QuickBooks is not opened), and again after every
   response (to decide the percent done) and before every message.
2. `plan(session, budget)` -- only for sources that answered READY, once per message.
   Return requests in the order they must be processed. Requests that do not fit the
   budget this time are simply not sent: plan() must not assume its requests were sent
   (nothing is recorded for them) and will be asked again for the next message.
3. `accept(session, planned, response)` -- once per response, in request order, after
   the response has been recorded in the event log. A source may also define
   `accept_many(session, answers)`: then it gets all its answers to one message in one
   call, in request order (one state read and one append instead of one per answer).
4. `abandon(session, planned, reason)` -- for a request sent (or about to be) whose
   response will never come: the message failed as a whole, the connection was lost,
   the session ended or expired, or the request was rejected before sending.
   `reason.applied` says whether QuickBooks may have applied it. A source re-plans next
   time; for a write whose outcome is unknown it must first find out (see below).

Guarantees: for every planned request that goes into a message, exactly one of accept()
or abandon() is called, at most once -- unless the process dies between recording the
response and calling accept(), which a source cannot tell apart from a connection lost
after QuickBooks applied the request, and must handle the same way anyway.

Writes must be idempotent across lost responses: QuickBooks may apply a request whose
response never reaches us. The journal source's pattern: in every session, query by
RefNumber (`JournalEntryQuery(ref_numbers=...)`) and only add in the same session after
that query answered "no match"; `session.session_id` tells whether a query was made in
this session. Because plan() is called again before each message, a source can plan a
follow-up (the add after the query, a re-query after 3200, a resend after 3170-3180)
in the same session.

Iterated reads: plan a request whose class is ITERABLE with `iterate=True`. The layer
sends it with iterator="Start", then, in the same session and ahead of new plans, sends
iterator="Continue" for the next pages until QuickBooks reports none remaining; accept()
gets every page (`planned.page` counts from 1, `response.remaining` says how many rows
are left, `response.read_finished` the end). On status 3391 the layer calls accept()
with that response (outcome RESTART_READ: drop any partial state of the read) and starts
the read again from page 1 -- twice at most per session, then abandon(). A read still
open when the session ends is abandoned (applied NO). The session layer sizes Continue
pages (max_returned) from the budget; the source sizes the Start page
(`budget.page_size()` is a good choice).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable

from domain.connection import ConnectionSettings
from domain.qbwc.budget import Budget
from domain.qbwc.company_file import CompanyFileFacts
from domain.qbxml.request import QbxmlRequest
from domain.qbxml.responses import QbxmlResponse

__all__ = [
    "AbandonReason",
    "Abandoned",
    "Applied",
    "Budget",
    "PlannedRequest",
    "SessionInfo",
    "WorkSource",
    "WorkState",
]


class WorkState(StrEnum):
    NONE = "none"  # nothing for this connection
    READY = "ready"  # requests can be planned now
    WAITING = "waiting"  # work exists but is not ready (e.g. an Anaplan export runs):
    # the session answers "NoOp" and asks again shortly, for a bounded total time


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionInfo:
    """What a source knows about the session it plans for."""

    session_id: str
    connection_id: str
    tenant_id: str
    settings: ConnectionSettings
    company: CompanyFileFacts  # product, file path, class tracking, file mode...
    qbxml_version: str
    message_no: int  # the message being planned (plan) or answered (accept/abandon)


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedRequest:
    """A request a source wants sent. `key` is the source's own handle (e.g. a journal
    stream id), recorded in the event log and handed back with the response; keep it
    stable and short. `cost` is the estimated QuickBooks work in budget units (about
    one per line written or row read; None: domain.qbxml.costs estimates it)."""

    request: QbxmlRequest
    key: str
    cost: float | None = None
    iterate: bool = False
    # Filled in by the session layer; a source leaves them alone:
    source: str = ""
    request_id: str = ""
    page: int = 0  # 1, 2, ... for the pages of an iterated read
    restarts: int = 0  # times an iterated read was started again after 3391


class Abandoned(StrEnum):
    REJECTED = "rejected"  # broke a QuickBooks rule (or a renderer bug); never sent
    QUICKBOOKS_ERROR = "quickbooks_error"  # the message failed as a whole (an HRESULT)
    UNREADABLE_RESPONSE = "unreadable_response"  # QuickBooks answered, we cannot read it
    NO_RESPONSE = "no_response"  # the response message had no answer for the request
    CONNECTION_LOST = "connection_lost"  # sent, and the session ended without an answer
    SESSION_ENDED = "session_ended"  # an iterated read was still open at the end
    READ_FAILED = "read_failed"  # an iterated read kept losing its iterator (3391)


class Applied(StrEnum):
    NO = "no"  # QuickBooks did not apply it: re-plan as is
    UNKNOWN = "unknown"  # it may have been applied: find out before writing again


@dataclass(frozen=True, slots=True)
class AbandonReason:
    kind: Abandoned
    applied: Applied
    detail: str


@runtime_checkable
class WorkSource(Protocol):
    """See the module docstring for the lifecycle and the guarantees."""

    name: str  # stable and unique: it is recorded with every request in the event log

    async def has_work(self, connection_id: str) -> WorkState: ...

    async def plan(self, session: SessionInfo, budget: Budget) -> Sequence[PlannedRequest]: ...

    async def accept(
        self, session: SessionInfo, planned: PlannedRequest, response: QbxmlResponse
    ) -> None: ...

    async def abandon(
        self, session: SessionInfo, planned: PlannedRequest, reason: AbandonReason
    ) -> None: ...
