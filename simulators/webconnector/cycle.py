"""One QBWC update, call by call."""

import asyncio
from typing import TYPE_CHECKING

from simulators.quickbooks.desktop import QuickBooksUnavailable
from simulators.quickbooks.session import ProcessResult, QuickBooksSession
from simulators.webconnector.report import CycleReport, MessageRecord, Outcome
from simulators.webconnector.soap import MalformedReply, reply_strings, reply_text
from simulators.webconnector.transport import SoapTransport

if TYPE_CHECKING:
    from simulators.webconnector.agent import WebConnectorAgent

NOOP = "NoOp"


class Cycle:
    def __init__(
        self, agent: "WebConnectorAgent", transport: SoapTransport, report: CycleReport
    ) -> None:
        self.agent, self.transport, self.report = agent, transport, report
        self.session: QuickBooksSession | None = None
        self.ticket = ""
        self.company_file = ""
        self.first_send = True

    async def run(self) -> None:
        if await self._handshake() and await self._authenticate() and await self._connect():
            await self._exchange()

    def release_quickbooks(self) -> None:
        """QBWC ends its QuickBooks connection with the update; iterators die with it."""
        if self.session is not None and not self.session.closed:
            self.session.close()

    async def _handshake(self) -> bool:
        self.report.server_version = await self._text("serverVersion", [])
        reply = await self._text("clientVersion", [("strVersion", self.agent.client_version)])
        self.report.client_version_reply = reply
        if reply.startswith(("E:", "O:")):
            return self._end(Outcome.ABORTED, f"clientVersion: {reply}")
        return True

    async def _authenticate(self) -> bool:
        credentials = [("strUserName", self.agent.username), ("strPassword", self.agent.password)]
        body = await self.transport.call("authenticate", credentials)
        ticket, status, wait, every = [*reply_strings("authenticate", body), "", "", "", ""][:4]
        self.ticket = ticket
        self.report.ticket, self.report.auth_status = ticket, status
        self.report.wait_seconds, self.report.min_run_every_seconds = (
            _seconds(wait),
            _seconds(every),
        )
        if status == "nvu":
            return self._end(Outcome.AUTH_FAILED, "authenticate: not a valid user")
        if status in ("none", "busy"):
            return self._end(Outcome.NO_WORK, None)
        self.company_file = status
        return True

    async def _connect(self) -> bool:
        """Open QuickBooks; on failure tell the server. It answers "done", or another
        company file, which is tried once."""
        path = self.company_file
        for attempt in (1, 2):
            try:
                self.session = self.agent.desktop.open_session(path, faults=self.agent.qb_faults)
            except QuickBooksUnavailable as failure:
                path = await self._connection_error(failure)
                if not path or path == "done" or attempt == 2:
                    return self._end(Outcome.CONNECTION_ERROR, failure.hresult.message)
                continue
            self.report.company_file = self.session.company.path
            return True
        return False

    async def _connection_error(self, failure: QuickBooksUnavailable) -> str:
        code, message = failure.hresult.code, failure.hresult.message
        reply = await self._text(
            "connectionError", [("ticket", self.ticket), ("hresult", code), ("message", message)]
        )
        self.report.connection_errors.append((code, message, reply))
        return reply

    async def _exchange(self) -> None:
        for _ in range(self.agent.max_exchanges):
            request = await self._send_request()
            if not request:
                if not await self._continue_after_error():
                    return await self._close()
                continue
            percent = await self._receive(await self._apply(request))
            if percent >= 100 or (percent < 0 and not await self._continue_after_error()):
                return await self._close()
        self._end(Outcome.ABORTED, f"loop guard: {self.agent.max_exchanges} sendRequestXML calls")

    async def _send_request(self) -> str:
        session = self.session
        major, minor = session.company.product.highest_qbxml
        hcp = session.hcp_response(self.agent.owner_id) if self.first_send else ""
        self.first_send = False
        params = [
            ("ticket", self.ticket),
            ("strHCPResponse", hcp),
            ("strCompanyFileName", session.company.path),
            ("qbXMLCountry", session.company.product.country),
            ("qbXMLMajorVers", major),
            ("qbXMLMinorVers", minor),
        ]
        return await self._text("sendRequestXML", params)

    async def _apply(self, request: str) -> ProcessResult:
        result = await self.session.process_async(request)
        record = MessageRecord(
            request, result.response_xml, result.hresult, result.message, result.qb_seconds
        )
        self.report.messages.append(record)
        return result

    async def _receive(self, result: ProcessResult) -> int:
        params = [
            ("ticket", self.ticket),
            ("response", result.response_xml),
            ("hresult", result.hresult),
            ("message", result.message),
        ]
        reply = await self._text("receiveResponseXML", params)
        try:
            percent = int(reply.strip())
        except ValueError as error:
            raise MalformedReply(f"receiveResponseXML returned {reply!r}") from error
        self.report.percents.append(percent)
        return percent

    async def _continue_after_error(self) -> bool:
        """getLastError: "NoOp" means wait and ask again; any other text ends the update."""
        text = await self._text("getLastError", [("ticket", self.ticket)])
        if text != NOOP:
            self.report.last_errors.append(text)
            return False
        self.report.noops += 1
        await asyncio.sleep(self.agent.noop_wait)
        return True

    async def _close(self) -> None:
        self.report.close_message = await self._text("closeConnection", [("ticket", self.ticket)])
        self._end(Outcome.COMPLETED, None)

    async def _text(self, method: str, params: list) -> str:
        return reply_text(method, await self.transport.call(method, params))

    def _end(self, outcome: Outcome, error: str | None) -> bool:
        self.report.outcome, self.report.error = outcome, error
        return False


def _seconds(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None
