"""Shared plumbing of the flow benchmarks (bench/flows.py): the product (service + worker)
in this process, connections for the demo firm, driving Web Connector updates, and the
QuickBooks time the latency model simulates but does not sleep.

Benches may use the app and the simulators together; the product never sees a simulator
except through HTTP/SOAP, as in production.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import uvicorn

from adapters.crypto import new_key
from adapters.postgres import migrations
from app.bootstrap import Container, container
from app.caller import Caller
from app.cli import uvicorn_config
from app.operations import Operations, operations
from app.settings import Settings
from app.worker import run_worker
from bench.support import fresh_database
from domain.codec import from_dict
from domain.connection import ConnectionSettings, CredentialKind
from simulators import firm
from simulators.anaplan import AnaplanSimulator
from simulators.quickbooks import LatencyModel
from simulators.quickbooks.company import CompanyFile
from simulators.sandbox import anaplan_firm, demo
from simulators.webconnector import WebConnectorAgent
from simulators.webconnector.report import CycleReport, Outcome

CALLER = Caller("bench", None)
WC_PASSWORD = "bench-wc-password"
FILE_ID = "{8A3F9C3E-5F1B-4C2A-9E0D-7A6B5C4D3E2F}"
TENANT = "bench"


@dataclass
class QuickBooksTime:
    """The simulated QuickBooks time that was not slept (sleep_scale < 1). It is added to
    the service's clock, so the service's cost model sees QuickBooks exactly as slow as
    the latency model says, however little of that time the bench really waits."""

    unslept: float = 0.0

    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self.unslept)


@dataclass(frozen=True)
class TimedLatency(LatencyModel):
    time: QuickBooksTime = field(default_factory=QuickBooksTime)

    def __post_init__(self) -> None:
        if not self.sleep_scale:
            raise ValueError("sleep_for is only called with a sleep_scale above 0")

    def sleep_for(self, simulated_seconds: float) -> float:
        slept = super().sleep_for(simulated_seconds)
        self.time.unslept += simulated_seconds - slept
        return slept


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def encryption_keys() -> str:
    return f"bench:{base64.b64encode(new_key()).decode()}"


async def migrated_database(name: str) -> str:
    url = await fresh_database(name)
    await migrations.upgrade(url)
    return url


def product_settings(url: str) -> Settings:
    """Production defaults, but for Anaplan task polling: the simulator's tasks finish at
    the first status call, where a real task makes us wait at least 5 s."""
    values = {
        "database_url": url,
        "migrate_on_start": False,
        "encryption_keys": encryption_keys(),
        "port": free_port(),
        "anaplan_poll_seconds": 0.02,
        "log_level": "WARNING",
    }
    return Settings(**values)  # type: ignore[arg-type]


@dataclass
class Product:
    container: Container
    ops: Operations
    url: str


@contextlib.asynccontextmanager
async def product_in_process(settings: Settings) -> AsyncIterator[Product]:
    """The service (HTTP + SOAP on a loopback port) and a worker, in this process."""
    async with container(settings) as c:
        config = uvicorn_config(c)  # as `mlc serve` and `mlc run` configure it
        config.lifespan = "off"
        server = uvicorn.Server(config)
        tasks = [asyncio.create_task(server.serve()), asyncio.create_task(run_worker(c))]
        while not server.started:  # noqa: ASYNC110 -- uvicorn offers no event to await
            await asyncio.sleep(0.01)
        try:
            yield Product(c, operations(c), f"http://{settings.host}:{settings.port}")
        finally:
            server.should_exit = True
            tasks[1].cancel()
            await asyncio.gather(*tasks, return_exceptions=True)


def connection_settings(
    sim: AnaplanSimulator,
    model: anaplan_firm.FirmModel,
    *,
    username: str,
) -> ConnectionSettings:
    """The sandbox's demo connection, 500 lines an entry."""
    document = demo.settings(
        sim,
        model,
        name=f"{firm.COMPANY_NAME} ({username})",
        username=username,
        file_id=FILE_ID,
        max_lines_per_entry=500,
    )
    return from_dict(ConnectionSettings, document)


async def connect(ops: Operations, settings: ConnectionSettings) -> str:
    view = await ops.connections.create(CALLER, settings, TENANT)
    cid = view.connection_id
    await ops.connections.set_secret(
        CALLER, cid, CredentialKind.ANAPLAN_PASSWORD, anaplan_firm.PASSWORD
    )
    await ops.connections.set_secret(CALLER, cid, CredentialKind.QBWC_PASSWORD, WC_PASSWORD)
    await ops.mappings.upload(CALLER, cid, anaplan_firm.mapping_csv(), True, "bench")
    return cid


def agent(url: str, username: str, company: CompanyFile) -> WebConnectorAgent:
    """QBWC for one company file; NoOp waits short, and no loop guard below the peer's
    thousands of messages in one update."""
    return WebConnectorAgent(
        f"{url}/qbwc", username, WC_PASSWORD, company, noop_wait=0.05, max_exchanges=5000
    )


@dataclass
class Updates:
    """The Web Connector updates that did work (opened QuickBooks). Idle polls, where the
    service answered "none", are counted apart: QBWC makes them on its schedule whatever
    the design, so they are left out of the comparison."""

    reports: list[CycleReport] = field(default_factory=list)
    idle_polls: int = 0

    @property
    def round_trips(self) -> int:
        return sum(report.round_trips for report in self.reports)

    @property
    def messages(self) -> int:
        return sum(len(report.messages) for report in self.reports)

    @property
    def qb_seconds(self) -> list[float]:
        return [seconds for report in self.reports for seconds in report.qb_seconds]

    @property
    def max_qb_seconds(self) -> float:
        return max(self.qb_seconds, default=0.0)


async def update_until(
    agent: WebConnectorAgent, done: Callable[[], Awaitable[bool]], *, limit: int = 5000
) -> Updates:
    """Web Connector updates, one after another, until `done()`."""
    updates = Updates()
    while not await done():
        if len(updates.reports) + updates.idle_polls >= limit:
            raise RuntimeError(f"not done after {limit} Web Connector updates")
        report = await agent.run_cycle()
        if report.outcome is Outcome.NO_WORK:
            updates.idle_polls += 1
            await asyncio.sleep(0.05)  # the flow's asynchronous work runs meanwhile
        elif report.outcome is Outcome.COMPLETED:
            updates.reports.append(report)
        else:
            raise RuntimeError(f"Web Connector update failed: {report.summary()}")
    return updates
