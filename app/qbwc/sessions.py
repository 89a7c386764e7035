"""One SOAP call's view of a session, and the few operations every call needs: load it
by ticket (refusing unknown, ended and expired tickets), commit its new events with the
state they fold into, and end it -- abandoning whatever it still owed a source."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from adapters.postgres.qbwc_sessions import NewSession, QbwcSessionStore, StoredSession
from app.connections import ConnectionNotFound, Connections
from app.qbwc.hub import SourceCalls
from app.qbwc.planning import to_planned
from app.qbwc.tickets import new_ticket, ticket_hash
from app.qbwc.work import Abandoned, AbandonReason, Applied, PlannedRequest, SessionInfo
from domain.connections import Connection
from domain.envelope import Metadata
from domain.event import Event
from domain.events import WebConnectorSessionEnded, WebConnectorSessionStarted, WorkAbandoned
from domain.qbwc.progress import summary
from domain.qbwc.session import SessionState, evolve


@dataclass
class Call:
    """A session during one SOAP call: the stored session, the events this call adds,
    and what the sources must be told once those events are committed."""

    stored: StoredSession
    connection: Connection
    now: datetime
    calls: SourceCalls
    events: list[Event] = field(default_factory=list)
    abandons: list[tuple[PlannedRequest, AbandonReason]] = field(default_factory=list)

    @property
    def state(self) -> SessionState:
        state: SessionState | None = self.stored.state
        for event in self.events:
            state = evolve(state, event)
        assert state is not None
        return state

    @property
    def session_id(self) -> str:
        return self.stored.session_id

    def add(self, *events: Event) -> None:
        self.events.extend(events)

    def info(self) -> SessionInfo:
        state = self.state
        assert state.company is not None and state.qbxml_version is not None
        return SessionInfo(
            session_id=state.session_id,
            connection_id=self.connection.connection_id,
            tenant_id=self.connection.tenant_id,
            settings=self.connection.settings,
            company=state.company,
            qbxml_version=state.qbxml_version,
            message_no=state.message_no,
        )

    def abandon(self, planned: PlannedRequest, reason: AbandonReason) -> None:
        self.abandons.append((planned, reason))
        self.add(
            WorkAbandoned(
                session_id=self.session_id,
                source=planned.source,
                key=planned.key,
                request_id=planned.request_id or None,
                reason=reason.kind.value,
                applied=reason.applied.value,
                detail=reason.detail,
            )
        )


@dataclass(frozen=True, slots=True)
class Lifetimes:
    idle: timedelta
    maximum: timedelta


class Sessions:
    def __init__(
        self, store: QbwcSessionStore, connections: Connections, lifetimes: Lifetimes
    ) -> None:
        self._store = store
        self._connections = connections
        self._lifetimes = lifetimes

    async def open(
        self,
        connection: Connection,
        username: str,
        address: str | None,
        client_version: str | None,
        now: datetime,
    ) -> str:
        ticket, session_id = new_ticket(), uuid.uuid4().hex
        started = WebConnectorSessionStarted(
            session_id=session_id,
            connection_id=connection.connection_id,
            username=username,
            client_address=address,
            client_version=client_version,
            started_at=now,
        )
        state = evolve(None, started)
        assert state is not None
        new = NewSession(
            session_id=session_id,
            ticket_hash=ticket_hash(ticket),
            connection_id=connection.connection_id,
            tenant_id=connection.tenant_id,
            now=now,
            expires_at=now + self._lifetimes.idle,
            hard_expires_at=now + self._lifetimes.maximum,
        )
        await self._store.create(new, state, [started], _meta(connection, session_id))
        return ticket

    async def load(self, ticket: str, now: datetime, calls: SourceCalls) -> Call | None:
        """The live session of `ticket`; None when it is unknown, ended or expired (an
        expired one is ended on the way)."""
        stored = await self._store.by_ticket(ticket_hash(ticket)) if ticket else None
        if stored is None or stored.ended:
            return None
        call = await self._call(stored, now, calls)
        if call is None:
            return None
        if stored.expired(now):
            await self.end(call, "expired")
            return None
        return call

    async def live(self, connection: Connection, now: datetime, calls: SourceCalls) -> list[Call]:
        stored = await self._store.live(connection.connection_id)
        return [Call(s, connection, now, calls) for s in stored]

    async def connection(self, connection_id: str | None) -> Connection | None:
        if connection_id is None:
            return None
        try:
            return await self._connections.load(connection_id)
        except ConnectionNotFound:
            return None

    async def commit(self, call: Call) -> None:
        """Record the call's events (and the state they fold into), then tell the sources
        about the requests abandoned on the way."""
        if call.events:
            call.stored = await self._store.save(
                call.stored,
                call.state,
                call.events,
                _meta(call.connection, call.session_id),
                now=call.now,
                expires_at=call.now + self._lifetimes.idle,
            )
            call.events = []
        abandons, call.abandons = call.abandons, []
        if abandons:
            info = call.info()
            for planned, reason in abandons:
                await call.calls.abandon(info, planned, reason)

    async def end(self, call: Call, reason: str) -> str:
        """End the session: requests in flight are lost (QuickBooks may have applied
        them), reads still open are incomplete."""
        state = call.state
        for sent in state.in_flight:
            call.abandon(to_planned(sent), lost_in_flight(reason))
        for read in state.open_reads:
            detail = f"the session ended ({reason}) before the read finished"
            call.abandon(
                to_planned(read.request), AbandonReason(Abandoned.SESSION_ENDED, Applied.NO, detail)
            )
        text = summary(call.state)
        call.add(
            WebConnectorSessionEnded(
                session_id=call.session_id,
                connection_id=call.connection.connection_id,
                reason=reason,
                summary=text,
                ended_at=call.now,
            )
        )
        await self.commit(call)
        return text

    async def _call(self, stored: StoredSession, now: datetime, calls: SourceCalls) -> Call | None:
        connection = await self.connection(stored.connection_id)
        return None if connection is None else Call(stored, connection, now, calls)


def lost_in_flight(reason: str) -> AbandonReason:
    return AbandonReason(
        Abandoned.CONNECTION_LOST,
        Applied.UNKNOWN,
        f"the session ended ({reason}) while QuickBooks had the request",
    )


def _meta(connection: Connection, session_id: str) -> Metadata:
    return Metadata(
        correlation_id=session_id,
        actor="qbwc",
        tenant_id=connection.tenant_id,
        connection_id=connection.connection_id,
    )
