"""A Web Connector session's state, folded from its event stream.

Any API process can serve any call of a session: it loads this state (a snapshot of the
fold, kept beside the stream), decides, and appends events. The fold is deterministic,
so the snapshot can always be rebuilt from the stream.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import reduce
from typing import Any

from domain.event import Event
from domain.events import (
    CompanyFileReported,
    QbxmlMessageFailed,
    QbxmlMessageReceived,
    QbxmlMessageSent,
    QbxmlRequestRejected,
    WebConnectorConnectionError,
    WebConnectorProgressReported,
    WebConnectorSessionEnded,
    WebConnectorSessionRefused,
    WebConnectorSessionStarted,
    WebConnectorWaitedForWork,
)
from domain.qbwc.company_file import CompanyFileFacts
from domain.qbwc.messages import Iteration, ReceivedStatus, SentRequest

NOOP = "NoOp"
INVALID_ITERATOR = 3391
MAX_READ_RESTARTS = 2  # per read and session; then the read is abandoned


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenRead:
    """An iterated read to continue (or, after 3391, to start again) in this session."""

    request: SentRequest  # the request as last sent
    iterator_id: str | None  # None: the next send is a fresh Start
    next_page: int
    remaining: int | None
    restarts: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class SessionState:
    session_id: str
    connection_id: str
    started_at: datetime
    client_version: str | None = None
    company: CompanyFileFacts | None = None
    qbxml_version: str | None = None
    refusal: str | None = None
    message_no: int = 0
    in_flight: tuple[SentRequest, ...] = ()
    sent_at: datetime | None = None
    open_reads: tuple[OpenRead, ...] = ()
    percent: int = 0
    last_error: str = ""
    noop_seconds: float = 0.0
    noop_since: datetime | None = None
    requests_sent: int = 0
    responses: int = 0
    errors: int = 0
    failed_messages: int = 0
    rejected: tuple[tuple[str, str], ...] = ()  # (source, key) rejected in this session
    ended: bool = False
    end_reason: str | None = None

    @property
    def reported(self) -> bool:
        return self.company is not None


def evolve(state: SessionState | None, event: Event) -> SessionState | None:
    if isinstance(event, WebConnectorSessionStarted):
        return SessionState(
            session_id=event.session_id,
            connection_id=event.connection_id,
            started_at=event.started_at,
            client_version=event.client_version,
        )
    if state is None:
        return None
    handler = _HANDLERS.get(type(event))
    return handler(state, event) if handler else state


def fold(events: list[Event]) -> SessionState | None:
    return reduce(evolve, events, None)


def _reported(state: SessionState, e: CompanyFileReported) -> SessionState:
    return replace(state, company=e.facts, qbxml_version=e.qbxml_version)


def _refused(state: SessionState, e: WebConnectorSessionRefused) -> SessionState:
    return replace(state, refusal=e.reason, last_error=e.reason)


def _sent(state: SessionState, e: QbxmlMessageSent) -> SessionState:
    sent_keys = {(r.source, r.key) for r in e.requests if r.iteration}
    return replace(
        state,
        message_no=e.message_no,
        in_flight=e.requests,
        sent_at=e.sent_at,
        open_reads=tuple(r for r in state.open_reads if _read_key(r) not in sent_keys),
        requests_sent=state.requests_sent + len(e.requests),
        noop_since=None,
        last_error="",
    )


def _received(state: SessionState, e: QbxmlMessageReceived) -> SessionState:
    statuses = {status.request_id: status for status in e.responses}
    reads = [_next_read(r, statuses.get(r.request_id)) for r in state.in_flight if r.iteration]
    return replace(
        state,
        in_flight=(),
        sent_at=None,
        open_reads=state.open_reads + tuple(read for read in reads if read is not None),
        responses=state.responses + len(e.responses),
        errors=state.errors + sum(1 for s in e.responses if s.status_code >= 1000),
    )


def _next_read(sent: SentRequest, status: ReceivedStatus | None) -> OpenRead | None:
    """What remains of an iterated read after one of its pages came back: the next page,
    a fresh Start after 3391 (a bounded number of times), or nothing."""
    if status is None:
        return None
    if status.status_code == INVALID_ITERATOR:
        if sent.restarts >= MAX_READ_RESTARTS:
            return None
        return OpenRead(
            request=sent, iterator_id=None, next_page=1, remaining=None, restarts=sent.restarts + 1
        )
    if status.status_code >= 1000 or not status.remaining:
        return None
    return OpenRead(
        request=sent,
        iterator_id=status.iterator_id or sent.iterator_id,
        next_page=sent.page + 1,
        remaining=status.remaining,
        restarts=sent.restarts,
    )


def _failed(state: SessionState, e: QbxmlMessageFailed) -> SessionState:
    return replace(
        state,
        in_flight=(),
        sent_at=None,
        last_error=e.error,
        failed_messages=state.failed_messages + 1,
    )


def _rejected(state: SessionState, e: QbxmlRequestRejected) -> SessionState:
    return replace(state, rejected=(*state.rejected, (e.source, e.key)))


def _progress(state: SessionState, e: WebConnectorProgressReported) -> SessionState:
    return replace(state, percent=max(state.percent, e.percent))


def _waited(state: SessionState, e: WebConnectorWaitedForWork) -> SessionState:
    return replace(state, last_error=NOOP, noop_since=e.at, noop_seconds=e.waited_seconds)


def _connection_error(state: SessionState, e: WebConnectorConnectionError) -> SessionState:
    return replace(state, last_error=f"{e.hresult}: {e.message}")


def _ended(state: SessionState, e: WebConnectorSessionEnded) -> SessionState:
    return replace(
        state, ended=True, end_reason=e.reason, in_flight=(), open_reads=(), sent_at=None
    )


def _read_key(read: OpenRead) -> tuple[str, str]:
    return read.request.source, read.request.key


_HANDLERS: dict[type[Event], Callable[[SessionState, Any], SessionState]] = {
    CompanyFileReported: _reported,
    WebConnectorSessionRefused: _refused,
    QbxmlMessageSent: _sent,
    QbxmlMessageReceived: _received,
    QbxmlMessageFailed: _failed,
    QbxmlRequestRejected: _rejected,
    WebConnectorProgressReported: _progress,
    WebConnectorWaitedForWork: _waited,
    WebConnectorConnectionError: _connection_error,
    WebConnectorSessionEnded: _ended,
}

__all__ = ["NOOP", "Iteration", "OpenRead", "SessionState", "evolve", "fold"]
