"""An export too large to buffer sanely streams through with flat memory.

The simulator runs in its own process so that only the client's memory is measured.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tracemalloc
from dataclasses import replace

from adapters.anaplan.auth import AuthServiceTokens, basic_login
from adapters.anaplan.tokens import TokenCache
from adapters.postgres import blobs as blobs_module
from domain.connection import ExportLayout, PlanColumns, PlanExport
from tests.conftest import ROOT

ACCOUNTS, COST_CENTERS = 300, 10  # x 12 months: 36,000 rows, about 7 MB
PLAN = PlanExport(
    action="Big plan",
    layout=ExportLayout.SINGLE_COLUMN,
    columns=PlanColumns(
        account="Accounts",
        cost_center="Cost Centers",
        version="Versions",
        period="Time",
        amount="Value",
    ),
)


async def big_simulator():
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.support.big_anaplan",
        str(ACCOUNTS),
        str(COST_CENTERS),
        str(128 * 1024),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    return process, json.loads(await process.stdout.readline())


async def test_a_large_multi_chunk_export_keeps_memory_flat(kit, monkeypatch):
    monkeypatch.setattr(blobs_module, "CHUNK", 128 * 1024)
    process, big = await big_simulator()
    try:
        urls = big["urls"]
        settings = replace(
            kit.settings,
            workspace_id=big["workspace"],
            model_id=big["model"],
            api_url=urls["api"],
            auth_url=urls["auth"],
        )
        transport = kit.transport()

        async def login():
            return basic_login(big["user"], big["password"])

        tokens = TokenCache(AuthServiceTokens(transport, urls["auth"], login, kit.clock))
        client = kit.client(tokens=tokens, settings=settings)

        tracemalloc.start()
        try:
            result = await client.export_to_blob(PLAN)
            rows = 0
            async for _ in client.plan_cells(result, PLAN, "MMM YY"):
                rows += 1
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    finally:
        process.terminate()
        await process.wait()

    assert rows == ACCOUNTS * COST_CENTERS * 12
    assert result.chunks > 50 and result.size > 6 * 10**6
    assert peak < result.size / 4
