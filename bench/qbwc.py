"""A ledger sync through the Web Connector: the simulated QBWC and QuickBooks against the
real service over HTTP. Reports the time our service spends per SOAP call and how the
budget sized the messages (QuickBooks time is simulated, not slept).

    MLC_BENCH_QBWC_TRANSACTIONS=20000 python -m bench qbwc
"""

from __future__ import annotations

import asyncio
import base64
import os
import statistics
import time

import uvicorn

from adapters.crypto import new_key
from adapters.postgres import migrations
from adapters.qbwc.qwc import OWNER_ID
from app.bootstrap import container
from app.cli import uvicorn_config
from app.qbwc.sources.ledger import LedgerReader
from app.settings import Settings
from bench.support import fresh_database, ledger_only_connection
from domain.connection import (
    CredentialKind,
)
from simulators.quickbooks import SimulatedClock, demo_company
from simulators.webconnector import WebConnectorAgent

PORT = 18_765


def _settings(url: str) -> Settings:
    key = base64.b64encode(new_key()).decode()
    return Settings(
        database_url=url, migrate_on_start=False, encryption_keys=f"bench:{key}", port=PORT
    )  # type: ignore[arg-type]


async def main() -> None:
    transactions = int(os.environ.get("MLC_BENCH_QBWC_TRANSACTIONS", "2000"))
    url = await fresh_database("mlc_bench_qbwc")
    await migrations.upgrade(url)
    quickbooks = demo_company(transactions=transactions, clock=SimulatedClock())
    async with container(_settings(url)) as c:
        cid = await c.connections.create(
            "bench", ledger_only_connection("Bench", "bench", quickbooks.settings.file_id), "b"
        )
        await c.connections.set_secret(cid, CredentialKind.QBWC_PASSWORD, "pw", "b")
        ledger = next(s for s in c.work_sources if isinstance(s, LedgerReader))
        config = uvicorn_config(c)  # as `mlc serve` configures it
        config.lifespan = "off"
        server = uvicorn.Server(config)
        task = asyncio.create_task(server.serve())
        while not server.started:  # noqa: ASYNC110 -- uvicorn offers no event to await
            await asyncio.sleep(0.01)
        agent = WebConnectorAgent(
            f"http://127.0.0.1:{PORT}/qbwc", "bench", "pw", quickbooks, owner_id=OWNER_ID
        )
        try:
            await _sync(ledger, cid, agent, f"first sync, {transactions} transactions")
            _edit(quickbooks)
            await _sync(ledger, cid, agent, "next sync, 20 transactions edited")
        finally:
            server.should_exit = True
            await task


async def _sync(ledger: LedgerReader, cid: str, agent: WebConnectorAgent, title: str) -> None:
    await ledger.request_sync(cid, "bench")
    started = time.perf_counter()
    report = await agent.run_cycle()
    wall = time.perf_counter() - started
    calls = sorted(call.wall_seconds * 1000 for call in report.calls)
    rows = sum(m.response_xml.count("<TransactionRet>") for m in report.messages)
    print(f"\n{title}: {report.outcome}, {wall:.1f} s wall")
    print(f"  {len(report.messages)} messages, {rows} line rows, {len(calls)} SOAP calls")
    print(
        f"  service time per SOAP call: median {statistics.median(calls):.1f} ms, "
        f"p95 {calls[int(len(calls) * 0.95) - 1]:.1f} ms, max {calls[-1]:.1f} ms"
    )
    print(f"  simulated QuickBooks time per message: max {report.max_qb_seconds:.2f} s")


def _edit(quickbooks) -> None:
    quickbooks.clock.advance(hours=2)
    for txn in list(quickbooks.txns.values())[:20]:
        quickbooks.touch(txn.txn_id)
