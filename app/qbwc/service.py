"""The eight Web Connector operations (NOTES §A.2), in the order QBWC calls them.

Business problems never become SOAP faults: QBWC shows a fault as a broken update with
no explanation (NOTES §D). They become "nvu"/"none", an empty sendRequestXML plus a
getLastError text, or a negative percent.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from adapters.postgres.blobs import BlobStore
from adapters.postgres.qbwc_logins import QbwcClients
from adapters.postgres.qbwc_sessions import SessionTaken
from adapters.qbwc.envelope import SoapCall
from app.qbwc.exchange import Exchange
from app.qbwc.handshake import report_company_file
from app.qbwc.hub import SourceCalls, combined
from app.qbwc.login import Logins
from app.qbwc.sessions import Call, Sessions
from app.qbwc.tickets import new_ticket
from app.qbwc.work import WorkSource, WorkState
from domain.connections import Connection
from domain.events import WebConnectorConnectionError, WebConnectorSessionRefused
from domain.qbwc.session import NOOP
from domain.qbwc.versions import client_too_old, client_version_reply

SERVER_VERSION = "ml-connector 0.1.0"
UNKNOWN_SESSION = (
    "This Web Connector session is unknown or has expired; the next update starts a new one."
)
CLIENT_MEMORY = timedelta(minutes=10)  # clientVersion and authenticate of one update

Result = str | int | list[str]
Operation = Callable[[SoapCall, str | None], Awaitable[Result]]


@dataclass(frozen=True, slots=True, kw_only=True)
class QbwcParts:
    sessions: Sessions
    exchange: Exchange
    logins: Logins
    clients: QbwcClients
    blobs: BlobStore
    sources: Sequence[WorkSource]
    clock: Callable[[], datetime]
    recommended_client_version: str | None = None


class QbwcService:
    def __init__(self, parts: QbwcParts) -> None:
        self._p = parts
        self._operations: dict[str, Operation] = {
            "serverVersion": self.server_version,
            "clientVersion": self.client_version,
            "authenticate": self.authenticate,
            "sendRequestXML": self.send_request_xml,
            "receiveResponseXML": self.receive_response_xml,
            "getLastError": self.get_last_error,
            "connectionError": self.connection_error,
            "closeConnection": self.close_connection,
        }

    async def handle(self, call: SoapCall, address: str | None) -> Result:
        return await self._operations[call.operation](call, address)

    # --- handshake ---------------------------------------------------------------------

    async def server_version(self, call: SoapCall, address: str | None) -> Result:
        return SERVER_VERSION

    async def client_version(self, call: SoapCall, address: str | None) -> Result:
        """clientVersion comes before authenticate, without a ticket: the version is
        remembered per address; the answer uses the connection this address last
        authenticated for (the first contact is checked at the first sendRequestXML)."""
        version = call.get("strVersion").strip()
        if not address or not version:
            return ""
        clients = self._p.clients
        await clients.remember_version(address, version, self._p.clock())
        known = await clients.get(address)
        connection = await self._p.sessions.connection(known.connection_id if known else None)
        minimum = connection.settings.quickbooks.min_client_version if connection else None
        return client_version_reply(version, minimum, self._p.recommended_client_version)

    async def authenticate(self, call: SoapCall, address: str | None) -> Result:
        now, username = self._p.clock(), call.get("strUserName")
        login = await self._p.logins.verify(username, call.get("strPassword"), address, now)
        connection = login.connection
        if connection is None:
            return ["", "nvu"]
        if address:
            await self._p.clients.remember_connection(address, connection.connection_id, now)
        wait = str(connection.settings.quickbooks.run_every_minutes * 60)
        calls = SourceCalls(self._p.sources)
        for live in await self._p.sessions.live(connection, now, calls):
            await self._p.sessions.end(live, "superseded")
        states = await calls.states(connection.connection_id)
        if not connection.enabled or combined(list(states.values())) is WorkState.NONE:
            return [new_ticket(), "none", wait]
        return await self._open(connection, username, address, now)

    async def _open(
        self, connection: Connection, username: str, address: str | None, now: datetime
    ) -> Result:
        version = await self._remembered_version(address, now)
        try:
            ticket = await self._p.sessions.open(connection, username, address, version, now)
        except SessionTaken:
            return [new_ticket(), "none", "60"]  # another Web Connector is mid-update
        return [ticket, connection.settings.quickbooks.company_file]

    async def _remembered_version(self, address: str | None, now: datetime) -> str | None:
        known = await self._p.clients.get(address) if address else None
        if known is None or known.version_seen_at is None:
            return None
        return known.client_version if now - known.version_seen_at <= CLIENT_MEMORY else None

    # --- the exchange ------------------------------------------------------------------

    async def send_request_xml(self, call: SoapCall, address: str | None) -> Result:
        session = await self._load(call)
        if session is None:
            return ""
        if not session.state.reported:
            await report_company_file(session, call, self._p.blobs)
            _refuse_old_client(session)
        return await self._p.exchange.send(session)

    async def receive_response_xml(self, call: SoapCall, address: str | None) -> Result:
        session = await self._load(call)
        if session is None:
            return -1
        return await self._p.exchange.receive(
            session, call.get("response"), call.get("hresult"), call.get("message")
        )

    async def get_last_error(self, call: SoapCall, address: str | None) -> Result:
        session = await self._load(call)
        if session is None:
            return UNKNOWN_SESSION
        text = session.state.last_error
        return text if text == NOOP else (text or "No error.")

    async def connection_error(self, call: SoapCall, address: str | None) -> Result:
        """QBWC could not reach QuickBooks or the file: end cleanly, retry next update."""
        session = await self._load(call)
        if session is not None:
            session.add(
                WebConnectorConnectionError(
                    session_id=session.session_id,
                    connection_id=session.connection.connection_id,
                    hresult=call.get("hresult"),
                    message=call.get("message"),
                )
            )
            await self._p.sessions.end(session, "connection_error")
        return "done"

    async def close_connection(self, call: SoapCall, address: str | None) -> Result:
        session = await self._load(call)
        if session is None:
            return "Session closed."
        return await self._p.sessions.end(session, "closed")

    async def _load(self, call: SoapCall) -> Call | None:
        calls = SourceCalls(self._p.sources)
        return await self._p.sessions.load(call.get("ticket"), self._p.clock(), calls)


def _refuse_old_client(session: Call) -> None:
    state = session.state
    minimum = session.connection.settings.quickbooks.min_client_version
    if state.refusal is None and client_too_old(state.client_version, minimum):
        session.add(
            WebConnectorSessionRefused(
                session_id=session.session_id,
                connection_id=session.connection.connection_id,
                reason=(
                    f"This company file needs QuickBooks Web Connector {minimum} or later; "
                    f"this one is {state.client_version}. Please install the latest "
                    "Web Connector from Intuit."
                ),
            )
        )
