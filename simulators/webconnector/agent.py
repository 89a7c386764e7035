"""An asyncio stand-in for QuickBooks Web Connector 2.x driving a QBWC web service.

One cycle is one scheduled update: serverVersion, clientVersion, authenticate, then
(when there is work) opening QuickBooks, the sendRequestXML / receiveResponseXML loop
and closeConnection -- with the reactions QBWC has to every reply (see NOTES §A, §D).
"""

import asyncio
import contextlib
from collections.abc import Callable

import aiohttp

from simulators.quickbooks.company import CompanyFile
from simulators.quickbooks.desktop import QuickBooksDesktop
from simulators.quickbooks.faults import FaultPlan
from simulators.webconnector.cycle import Cycle
from simulators.webconnector.report import CycleReport, Outcome
from simulators.webconnector.soap import MalformedReply, SoapFault
from simulators.webconnector.transport import AgentFaults, BadReply, SoapTransport, Unanswered

DEFAULT_OWNER_ID = "{3C1A86E2-7D4B-4F0A-9E55-2B8D41C7A9F3}"


class WebConnectorAgent:
    def __init__(
        self,
        url: str,
        username: str,
        password: str,
        quickbooks: QuickBooksDesktop | CompanyFile,
        *,
        client_version: str = "2.3.0.215",
        owner_id: str = DEFAULT_OWNER_ID,
        rpc_style: bool = False,
        noop_wait: float = 5.0,
        max_exchanges: int = 1000,
        http_timeout: float = 60.0,
        expect_continue: bool = True,
        faults: AgentFaults | None = None,
        qb_faults: FaultPlan | None = None,
        http: aiohttp.ClientSession | None = None,
    ) -> None:
        self.url, self.username, self.password = url, username, password
        self.desktop = (
            quickbooks
            if isinstance(quickbooks, QuickBooksDesktop)
            else QuickBooksDesktop(quickbooks)
        )
        self.client_version, self.owner_id = client_version, owner_id
        self.rpc_style, self.noop_wait, self.max_exchanges = rpc_style, noop_wait, max_exchanges
        self.http_timeout, self.expect_continue = http_timeout, expect_continue
        self.faults = faults or AgentFaults()
        self.qb_faults = qb_faults
        self._http = http

    async def run_cycle(self) -> CycleReport:
        report = CycleReport()
        if self._http is not None:
            await self._run(self._http, report)
        else:
            async with aiohttp.ClientSession() as http:
                await self._run(http, report)
        return report

    async def run_every(
        self,
        seconds: float,
        *,
        cycles: int | None = None,
        stop: asyncio.Event | None = None,
        on_report: Callable[[CycleReport], None] | None = None,
    ) -> list[CycleReport]:
        """Scheduled updates. The wait hints of authenticate (postpone N seconds, or run
        every N seconds) override `seconds`, as in QBWC."""
        stop = stop or asyncio.Event()
        reports: list[CycleReport] = []
        while not stop.is_set():
            reports.append(await self.run_cycle())
            if on_report is not None:
                on_report(reports[-1])
            if cycles is not None and len(reports) >= cycles:
                break
            await _sleep_unless_stopped(stop, _next_delay(reports[-1], seconds))
        return reports

    async def _run(self, http: aiohttp.ClientSession, report: CycleReport) -> None:
        transport = SoapTransport(
            self.url,
            http,
            report,
            rpc_style=self.rpc_style,
            timeout=self.http_timeout,
            faults=self.faults,
            expect_continue=self.expect_continue,
        )
        cycle = Cycle(self, transport, report)
        try:
            await cycle.run()
        except Unanswered as lost:
            report.outcome, report.error = Outcome.LOST_CONNECTION, str(lost)
        except (BadReply, SoapFault, MalformedReply) as failure:
            report.outcome, report.error = (
                Outcome.ABORTED,
                f"{failure.__class__.__name__}: {failure}",
            )
        finally:
            cycle.release_quickbooks()


def _next_delay(report: CycleReport, default: float) -> float:
    return float(report.wait_seconds or report.min_run_every_seconds or default)


async def _sleep_unless_stopped(stop: asyncio.Event, delay: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=delay)
