"""One SOAP call over HTTP the way QBWC makes it, timed and recorded, with injectable
connection losses."""

import time
from dataclasses import dataclass, field

import aiohttp

from simulators.webconnector.report import CallRecord, CycleReport
from simulators.webconnector.soap import Params, envelope, soap_action

USER_AGENT = "Mozilla/4.0 (compatible; MSIE 6.0; MS Web Services Client Protocol 4.0.30319.42000)"


class Unanswered(Exception):
    """The call got no HTTP answer: refused, dropped or timed out."""


class BadReply(Exception):
    """The server answered, but not with a usable SOAP reply."""


@dataclass(frozen=True)
class CallBreak:
    method: str
    occurrence: int
    after_server_handled: bool


@dataclass
class AgentFaults:
    breaks: list[CallBreak] = field(default_factory=list)

    def drop_call(
        self, method: str, occurrence: int = 1, *, after_server_handled: bool = False
    ) -> None:
        """The `occurrence`-th call of `method` in a cycle loses its connection: before the
        server sees it, or (after_server_handled) after the server answered."""
        self.breaks.append(CallBreak(method, occurrence, after_server_handled))

    def lose_connection_after_apply(self, exchange: int = 1) -> None:
        """QuickBooks applies the `exchange`-th request, then the connection drops before
        receiveResponseXML reaches the server; the cycle ends without closeConnection."""
        self.drop_call("receiveResponseXML", exchange)

    def take(self, method: str, occurrence: int) -> CallBreak | None:
        for brk in self.breaks:
            if brk.method == method and brk.occurrence == occurrence:
                self.breaks.remove(brk)
                return brk
        return None


class SoapTransport:
    def __init__(
        self,
        url: str,
        http: aiohttp.ClientSession,
        report: CycleReport,
        *,
        rpc_style: bool,
        timeout: float,
        faults: AgentFaults,
        expect_continue: bool,
    ) -> None:
        self.url, self.http, self.report = url, http, report
        self.rpc_style, self.timeout, self.faults = rpc_style, timeout, faults
        self.expect_continue = expect_continue
        self._counts: dict[str, int] = {}

    async def call(self, method: str, params: Params) -> str:
        body = envelope(method, params, rpc_style=self.rpc_style)
        self._counts[method] = self._counts.get(method, 0) + 1
        brk = self.faults.take(method, self._counts[method])
        started = time.perf_counter()
        if brk is not None and not brk.after_server_handled:
            self._record(method, body, None, None, started)
            raise Unanswered(f"The connection was closed before {method} reached the server")
        status, text = await self._post(method, body, started)
        self._record(method, body, text, status, started)
        if brk is not None:
            raise Unanswered(f"The response to {method} was lost")
        if status != 200:
            raise BadReply(f"{method}: HTTP {status}: {text[:200]}")
        return text

    async def _post(self, method: str, body: str, started: float) -> tuple[int, str]:
        headers = {
            "Content-Type": "text/xml; charset=utf-8",
            "SOAPAction": soap_action(method),
            "User-Agent": USER_AGENT,
        }
        try:
            async with self.http.post(
                self.url,
                data=body.encode("utf-8"),
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=self.timeout),
                expect100=self.expect_continue,
            ) as response:
                return response.status, await response.text()
        except (aiohttp.ClientError, TimeoutError) as error:
            self._record(method, body, None, None, started)
            raise Unanswered(f"{method}: {error.__class__.__name__}: {error}") from error

    def _record(
        self, method: str, body: str, reply: str | None, status: int | None, started: float
    ) -> None:
        elapsed = time.perf_counter() - started
        self.report.calls.append(CallRecord(method, body, reply, status, elapsed))
