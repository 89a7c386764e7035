"""A fleet of simulated Web Connectors against the real service: one `mlc serve` and two
`mlc worker` processes on loopback sharing one fresh database, and N agents, each with
its own simulated QuickBooks company file, cycling from this process.

Before each update the fleet asks for real work the way the product's flows do: a
chart-of-accounts read and a ledger changes read (app/qbwc/sources), after a simulated
colleague edited a few transactions in QuickBooks.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import os
import random
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import psutil

from adapters.crypto import new_key
from adapters.postgres import migrations
from adapters.qbwc.qwc import OWNER_ID
from app.bootstrap import Container, container
from app.qbwc.sources.chart import ChartOfAccounts
from app.qbwc.sources.ledger import LedgerReader
from app.settings import Settings
from bench.support import ROOT, fresh_database, ledger_only_connection
from domain.connection import CredentialKind
from simulators.quickbooks import CompanyFile, SimulatedClock, demo_company
from simulators.webconnector import CycleReport, Outcome, WebConnectorAgent

PASSWORD = "bench web connector password"
TENANT = "bench"


@dataclass
class Services:
    url: str
    service: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]]

    @property
    def service_rss(self) -> int:
        return int(psutil.Process(self.service.pid).memory_info().rss)

    def cpu_seconds(self) -> tuple[float, float]:
        """CPU time used so far by the service and by the workers together."""

        def used(process: subprocess.Popen[bytes]) -> float:
            times = psutil.Process(process.pid).cpu_times()
            return float(times.user + times.system)

        return used(self.service), sum(used(worker) for worker in self.workers)

    def alive(self) -> bool:
        return all(p.poll() is None for p in [self.service, *self.workers])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _environment(database_url: str, key: str, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "MLC_DATABASE_URL": database_url,
        "MLC_ENCRYPTION_KEYS": key,
        "MLC_HOST": "127.0.0.1",
        "MLC_PORT": str(port),
        "MLC_MIGRATE_ON_START": "false",
        "MLC_LOG_LEVEL": "WARNING",
        "MLC_DATA_DIR": str(ROOT / "var" / "bench-load"),
    }


@contextlib.contextmanager
def services(database_url: str, key: str, workers: int = 2) -> Iterator[Services]:
    """`mlc serve` and `mlc worker` processes; their output goes to var/bench-load/*.log."""
    port = _free_port()
    env = _environment(database_url, key, port)
    logs = ROOT / "var" / "bench-load"
    logs.mkdir(parents=True, exist_ok=True)
    mlc = str(Path(sys.executable).with_name("mlc"))
    started = [_start([mlc, "serve"], env, logs / "service.log")]
    started += [_start([mlc, "worker"], env, logs / f"worker-{n}.log") for n in range(workers)]
    try:
        _wait_until_up(port, started[0])
        yield Services(f"http://127.0.0.1:{port}", started[0], started[1:])
    finally:
        for process in started:
            process.terminate()
        for process in started:
            process.wait(timeout=30)


def _start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)


def _wait_until_up(port: int, service: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if service.poll() is not None:
            raise RuntimeError("the service exited; see var/bench-load/service.log")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    raise RuntimeError("the service did not start within 60 s")


@dataclass
class Member:
    """One company file, its connection and its Web Connector."""

    connection_id: str
    quickbooks: CompanyFile
    agent: WebConnectorAgent
    reports: list[CycleReport] = field(default_factory=list)


@dataclass
class Fleet:
    container: Container
    members: list[Member]
    chart: ChartOfAccounts
    ledger: LedgerReader

    async def ask_for_work(self, member: Member) -> None:
        """A colleague edits two transactions; the flows want the chart and the changes."""
        quickbooks = member.quickbooks
        quickbooks.clock.advance(minutes=30)
        for txn in list(quickbooks.txns.values())[:2]:
            quickbooks.touch(txn.txn_id)
        await self.chart.request(member.connection_id, "bench")
        await self.ledger.request_sync(member.connection_id, "bench")

    async def cycle(self, member: Member) -> CycleReport:
        await self.ask_for_work(member)
        report = await member.agent.run_cycle()
        member.reports.append(report)
        return report


async def _member(
    c: Container, index: int, url: str, http: aiohttp.ClientSession, transactions: int
) -> Member:
    quickbooks = demo_company(transactions=transactions, clock=SimulatedClock(), seed=index)
    username = f"bench-{index:04d}"
    settings = ledger_only_connection(username, username, quickbooks.settings.file_id)
    cid = await c.connections.create(TENANT, settings, "bench")
    await c.connections.set_secret(cid, CredentialKind.QBWC_PASSWORD, PASSWORD, "bench")
    agent = WebConnectorAgent(
        f"{url}/qbwc", username, PASSWORD, quickbooks, owner_id=OWNER_ID, noop_wait=0, http=http
    )
    return Member(cid, quickbooks, agent)


def settings_for(database_url: str, key: str) -> Settings:
    return Settings(database_url=database_url, encryption_keys=key, migrate_on_start=False)  # type: ignore[arg-type]


@contextlib.asynccontextmanager
async def fleet(
    name: str, connections: int, transactions: int = 40
) -> AsyncIterator[tuple[Fleet, Services]]:
    """A fresh database, the service and two workers, and `connections` members."""
    database_url = await fresh_database(name)
    await migrations.upgrade(database_url)
    key = f"bench:{base64.b64encode(new_key()).decode()}"
    with services(database_url, key) as running:
        async with (
            container(settings_for(database_url, key)) as c,
            aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http,
        ):
            members = [
                await _member(c, i, running.url, http, transactions) for i in range(connections)
            ]
            ledger = next(s for s in c.work_sources if isinstance(s, LedgerReader))
            yield Fleet(c, members, ChartOfAccounts(c.store), ledger), running


def failures(report: CycleReport) -> list[str]:
    """What went wrong in one update, from the Web Connector's side."""
    found = [f"HTTP {call.http_status} on {call.method}" for call in report.calls]
    found = [
        text for text, call in zip(found, report.calls, strict=True) if call.http_status != 200
    ]
    if report.outcome is not Outcome.COMPLETED:
        found.append(f"{report.outcome}: {report.error}")
    found += [f"getLastError: {text}" for text in report.last_errors]
    return found


async def run_cycles(
    fleet_: Fleet,
    *,
    cycles: int | None,
    seconds: float | None,
    every: float = 0.0,
    on_cycle: Callable[[CycleReport, int], None] | None = None,
) -> float:
    """Every member updates every `every` seconds (0: back to back; a late update starts
    the next at once), first at a random moment within the first interval, until it made
    `cycles` updates or `seconds` passed. `on_cycle` gets each report and its number (1:
    the member's first update). Returns the wall time."""
    stop_at = time.monotonic() + seconds if seconds else None
    started = time.perf_counter()

    def going(done: int) -> bool:
        return (cycles is None or done < cycles) and (stop_at is None or time.monotonic() < stop_at)

    async def member_loop(member: Member, offset: float) -> None:
        await asyncio.sleep(offset)
        done, due = 0, time.monotonic()
        while going(done):
            report = await fleet_.cycle(member)
            done, due = done + 1, due + every
            if on_cycle is not None:
                on_cycle(report, done)
            if not going(done):
                break
            wake = due if stop_at is None else min(due, stop_at)
            await asyncio.sleep(max(0.0, wake - time.monotonic()))

    jitter = random.Random(7)
    spread = every or 1.0
    await asyncio.gather(*(member_loop(m, jitter.uniform(0, spread)) for m in fleet_.members))
    return time.perf_counter() - started
