"""Exports: run the task, stream the chunks into the blob store, read plan cells back."""

from __future__ import annotations

from decimal import Decimal

from domain.connection import ExportLayout, PlanColumns, PlanExport
from domain.events import AnaplanFileDownloaded, AnaplanTaskCompleted, AnaplanTaskStarted
from domain.periods import Period
from domain.plan import PlanCell

COLUMNS = PlanColumns(
    account="GL Accounts",
    cost_center="Cost Centers",
    version="Versions",
    period="Time",
    amount="Value",
)
SINGLE = PlanExport(
    action="GL Plan for QuickBooks", layout=ExportLayout.SINGLE_COLUMN, columns=COLUMNS
)
MULTI = PlanExport(action="GL Plan by month", layout=ExportLayout.MULTI_COLUMN, columns=COLUMNS)


async def test_single_column_export_lands_in_the_blob_store_and_reads_as_cells(kit):
    kit.world.set("6100 Rent", "Zürich Ops", "Jan 27", "1234.5")
    kit.world.set("4000 Revenue", "Sales", "Dec 27", "-7", version="Forecast")
    kit.sim.config.export_chunk_size = 7  # chunks cut mid-row and inside "ü"
    client = kit.client()

    result = await client.export_to_blob(SINGLE)

    cells = [cell async for cell in client.plan_cells(result, SINGLE, "MMM YY")]
    assert cells == [
        PlanCell("4000 Revenue", "Sales", "Forecast", Period(2027, 12), Decimal("-7")),
        PlanCell("6100 Rent", "Zürich Ops", "Budget", Period(2027, 1), Decimal("1234.5")),
    ]
    assert result.chunks > 10
    events = await kit.events()
    assert [type(e) for e in events] == [
        AnaplanTaskStarted,
        AnaplanTaskCompleted,
        AnaplanFileDownloaded,
    ]
    assert events[2].sha256 == result.sha256 and events[2].size == result.size
    assert events[0].task_id == events[1].task_id == result.task_id
