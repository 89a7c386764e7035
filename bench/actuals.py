"""Ledger -> plan at size: a year of actuals imported from a QuickBooks company file of
many posted transactions, the product running as a child process (`mlc run`) whose
memory is sampled; QuickBooks, its Web Connector and Anaplan are simulated here."""

from __future__ import annotations

from dataclasses import dataclass

from adapters.qbxml.render import OutgoingRequest, render_message
from app.bootstrap import container
from app.operations import operations
from bench.child import MB, PeakMemory, product_process
from bench.support import stopwatch
from bench.world import (
    CALLER,
    Updates,
    agent,
    connect,
    connection_settings,
    migrated_database,
    product_settings,
    update_until,
)
from domain.connection import QuickBooksSettings
from domain.qbxml.reads import TransactionQuery
from domain.qbxml.rules import prepared
from simulators import firm
from simulators.anaplan import AnaplanSimulator, TaskTiming
from simulators.quickbooks import QuickBooksSession, demo_company
from simulators.quickbooks.company import CompanyFile
from simulators.sandbox import anaplan_firm

YEAR = (f"{firm.FISCAL_YEAR}-01", f"{firm.FISCAL_YEAR}-12")
FINISHED = ("completed", "completed_with_errors", "failed")


@dataclass(frozen=True)
class UnboundedRead:
    """The peer figure: the read of every posted line as one TransactionQuery, without
    MaxReturned or an iterator, answered in one message."""

    rows: int
    response_mb: float
    qb_seconds: float


@dataclass
class ImportRun:
    transactions: int
    updates: Updates
    wall: float
    rss_before_mb: float
    rss_peak_mb: float
    peer: UnboundedRead

    @property
    def rows(self) -> int:
        return sum(
            message.response_xml.count("<TransactionRet>")
            for report in self.updates.reports
            for message in report.messages
        )

    @property
    def largest_response_mb(self) -> float:
        sizes = [len(m.response_xml) for r in self.updates.reports for m in r.messages]
        return max(sizes, default=0) / MB


async def import_actuals(transactions: int) -> ImportRun:
    company = demo_company(transactions=transactions)
    url = await migrated_database("mlc_bench_actuals")
    settings = product_settings(url)
    async with AnaplanSimulator() as sim:
        sim.config.task_timing = TaskTiming(polls=1)
        model = anaplan_firm.seed_firm(sim)
        async with product_process(settings) as child, container(settings) as c:
            ops = operations(c)
            cid = await connect(ops, connection_settings(sim, model, username="actuals"))
            wc = agent(child.url, "actuals", company)
            with PeakMemory.of(child.pid) as memory, stopwatch() as clock:
                run_id = await ops.syncs.request_actuals(CALLER, cid, *YEAR)
                updates = await update_until(wc, lambda: _finished(c.pool, run_id))
            status = await _status(c.pool, run_id)
    if status != "completed":
        raise RuntimeError(f"the actuals import ended {status}")
    peer = unbounded_read(company)
    return ImportRun(transactions, updates, clock["seconds"], memory.first_mb, memory.peak_mb, peer)


def unbounded_read(company: CompanyFile) -> UnboundedRead:
    request = OutgoingRequest("1", prepared(TransactionQuery()))
    version = QuickBooksSettings.__dataclass_fields__["qbxml_version"].default
    result = QuickBooksSession(company).process(render_message(version, [request]))
    rows = result.response_xml.count("<TransactionRet>")
    return UnboundedRead(rows, len(result.response_xml) / MB, result.qb_seconds)


async def _status(pool, run_id: str) -> str | None:
    return await pool.fetchval("SELECT status FROM sync_runs WHERE run_id = $1", run_id)


async def _finished(pool, run_id: str) -> bool:
    return await _status(pool, run_id) in FINISHED
