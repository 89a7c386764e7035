"""The whole product against the simulated outside world, for end-to-end flow tests.

`Firm` runs the real service (HTTP + SOAP) and a worker in this process, the Anaplan
simulator seeded with the demo firm's plan, and the demo company file in QuickBooks behind
a Web Connector agent. `cycle()` is one scheduled Web Connector update.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, replace
from decimal import Decimal

from app.caller import Caller
from app.operations import Operations, operations
from app.settings import Settings
from app.worker import run_worker
from domain.codec import from_dict
from domain.connection import ConnectionSettings, CredentialKind
from simulators.anaplan import LINE_ITEMS, TIME, VERSIONS, AnaplanSimulator, TaskTiming
from simulators.quickbooks import QuickBooksDesktop, demo_company
from simulators.quickbooks.company import CompanyFile
from simulators.sandbox import anaplan_firm, demo
from simulators.webconnector import WebConnectorAgent
from simulators.webconnector.report import CycleReport
from tests.support.server import RunningService, running_service, service_settings

WC_USER, WC_PASSWORD = "harborline", "wc-secret-pass"
TENANT = "harborline"
CALLER = Caller("test-operator", None)


def firm_settings(sim: AnaplanSimulator, model: anaplan_firm.FirmModel) -> ConnectionSettings:
    document = demo.settings(
        sim,
        model,
        name="Harborline Advisory Group",
        username=WC_USER,
        file_id="{8A3F9C3E-5F1B-4C2A-9E0D-7A6B5C4D3E2F}",
        run_every_minutes=15,
    )
    return from_dict(ConnectionSettings, document)


@dataclass
class Firm:
    service: RunningService
    sim: AnaplanSimulator
    model: anaplan_firm.FirmModel
    company: CompanyFile
    desktop: QuickBooksDesktop
    agent: WebConnectorAgent
    ops: Operations
    connection_id: str = ""

    async def cycle(self) -> CycleReport:
        return await self.agent.run_cycle()

    async def until(
        self, done: Callable[[], Awaitable[bool]], cycles: int = 20, pause: float = 0.05
    ) -> list[CycleReport]:
        """Web Connector updates until `done()` (the flow's async work runs meanwhile)."""
        reports = []
        for _ in range(cycles * 20):
            if await done():
                return reports
            reports.append(await self.cycle())
            if reports[-1].outcome is not None and reports[-1].outcome.value == "no_work":
                await asyncio.sleep(pause)
            if len(reports) > cycles:
                break
        log = await self.log_summary()
        raise AssertionError(
            f"not done after {len(reports)} Web Connector cycles\n{log}\n"
            f"last cycle: {reports[-1].summary() if reports else None}"
        )

    async def log_summary(self) -> str:
        """The event log in short, to tell why a flow stopped."""
        rows = await self.service.container.pool.fetch(
            "SELECT stream_id, event_type, left(data::text, 300) AS data FROM events "
            "WHERE event_type NOT LIKE 'Qbxml%' AND event_type NOT IN "
            "('JournalStaged', 'TxnRecorded', 'JournalNotFoundInQuickBooks') ORDER BY position"
        )
        cursors = await self.service.container.pool.fetch(
            "SELECT consumer, stream_id, status, attempts, last_error FROM stream_cursors "
            "WHERE last_error IS NOT NULL"
        )
        lines = [f"{r['event_type']:<32} {r['stream_id'][:40]:<40} {r['data'][:160]}" for r in rows]
        lines += [f"CURSOR {dict(c)}" for c in cursors]
        return "\n".join(lines[-80:])

    async def plan_sync(self) -> str:
        return await self.ops.syncs.request_plan(CALLER, self.connection_id)

    async def actuals_sync(self, first: str, last: str) -> str:
        return await self.ops.syncs.request_actuals(CALLER, self.connection_id, first, last)

    async def run_status(self, run_id: str) -> str | None:
        return await self.service.container.pool.fetchval(
            "SELECT status FROM sync_runs WHERE run_id = $1", run_id
        )

    async def entries(self) -> list[dict]:
        rows = await self.service.container.pool.fetch(
            "SELECT * FROM journal_entries WHERE connection_id = $1 ORDER BY period, version, part",
            self.connection_id,
        )
        return [dict(r) for r in rows]

    async def posted(self, run_id: str) -> bool:
        """Every entry of the run's staging is settled in QuickBooks."""
        if await self.run_status(run_id) not in ("staged",):
            return False
        entries = await self.entries()
        return bool(entries) and all(
            e["status"] in ("posted", "voided", "blocked", "rejected") for e in entries
        )

    def set_plan(self, version: str, cells: dict[tuple[str, str, str], Decimal]) -> None:
        """Planners change cells in Anaplan: (account name, cost center name, "Jan 27")."""
        for (account, center, month), amount in cells.items():
            coords = {
                "GL Accounts": account,
                "Cost Centers": center,
                VERSIONS: version,
                TIME: month,
                LINE_ITEMS: "Amount",
            }
            self.model.module.set_value(coords, amount)  # type: ignore[attr-defined]

    def our_journal_entries(self) -> list:
        return [
            t
            for t in self.company.txns.values()
            if t.txn_type == "JournalEntry"
            and not t.voided
            and any("[mlc:" in (ln.memo or "") for ln in t.lines)
        ]


Serve = Callable[[Settings], AbstractAsyncContextManager[RunningService]]


@contextlib.asynccontextmanager
async def firm_world(
    db_url: str,
    *,
    transactions: int = 300,
    company: CompanyFile | None = None,
    worker: bool = True,
    serve: Serve = running_service,
    **overrides,
) -> AsyncIterator[Firm]:
    """`worker=False` leaves the flows' work to worker processes the test runs itself;
    `serve` may run the service elsewhere (e.g. in a process of its own)."""
    async with AnaplanSimulator() as sim:
        sim.config.task_timing = TaskTiming(polls=1)
        model = anaplan_firm.seed_firm(sim)
        settings = service_settings(db_url, **{"anaplan_poll_seconds": 0.02, **overrides})
        async with serve(settings) as service:
            inline = asyncio.create_task(run_worker(service.container)) if worker else None
            try:
                company = company or demo_company(transactions=transactions)
                desktop = QuickBooksDesktop(company, open_file=company.settings.path)
                agent = WebConnectorAgent(
                    f"{service.url}/qbwc", WC_USER, WC_PASSWORD, desktop, noop_wait=0.05
                )
                world = Firm(
                    service, sim, model, company, desktop, agent, operations(service.container)
                )
                world.connection_id = await _connect(world)
                yield world
            finally:
                if inline is not None:
                    inline.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await inline


async def _connect(world: Firm) -> str:
    admin = world.ops.connections
    view = await admin.create(CALLER, firm_settings(world.sim, world.model), TENANT)
    cid = view.connection_id
    await admin.set_secret(CALLER, cid, CredentialKind.ANAPLAN_PASSWORD, anaplan_firm.PASSWORD)
    await admin.set_secret(CALLER, cid, CredentialKind.QBWC_PASSWORD, WC_PASSWORD)
    await world.ops.mappings.upload(CALLER, cid, anaplan_firm.mapping_csv(), True, "test")
    return cid


def money(value: object) -> Decimal:
    return Decimal(str(value))


__all__ = ["Firm", "firm_settings", "firm_world", "money", "replace"]
