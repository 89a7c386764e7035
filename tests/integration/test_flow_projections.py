"""Journal entries, sync runs and budget vs actual built from flow events, and rebuilt."""

from __future__ import annotations

from decimal import Decimal

from domain.actuals import ActualRow
from domain.envelope import Metadata
from domain.events import (
    ActualsComputed,
    ActualsImported,
    ActualsSyncRequested,
    JournalNotFoundInQuickBooks,
    JournalStaged,
    PlanExported,
    PlanStaged,
    PlanSyncRequested,
    TxnRecorded,
)
from domain.period import Period
from domain.ports import AppendRequest
from domain.posting import JournalLine, Side
from projections.journals import JournalEntriesProjection
from projections.rebuild import rebuild
from projections.runner import ProjectionRunner
from projections.runs import SyncRunsProjection

META = Metadata(tenant_id="t1", connection_id="c1", correlation_id="run-1")
PROJECTIONS = [JournalEntriesProjection(), SyncRunsProjection()]


def staged(revision: int, rent: str) -> JournalStaged:
    lines = (
        JournalLine(
            side=Side.DEBIT,
            account="Rent",
            class_name="East",
            amount=Decimal(rent),
            memo="m",
            plan_amount=Decimal(rent),
        ),
        JournalLine(
            side=Side.CREDIT,
            account="Budget Offset",
            class_name=None,
            amount=Decimal(rent),
            memo="offset",
        ),
    )
    return JournalStaged(
        connection_id="c1",
        entry_id="e1",
        run_id=f"run-{revision}",
        ref_number="PL2701-AAAA",
        version="Budget",
        period="2027-01",
        part=1,
        txn_date="2027-01-31",
        revision=revision,
        content_hash=f"h{revision}",
        lines=lines,
    )


async def history(store) -> None:
    async def add(stream, *events):
        await store.append(AppendRequest(stream, stream.split("-")[0], list(events), metadata=META))

    await add(
        "plansync-run-1",
        PlanSyncRequested(run_id="run-1", connection_id="c1", requested_by="ops"),
        PlanExported(
            run_id="run-1",
            connection_id="c1",
            action="GL Plan",
            task_id="T1",
            sha256="0" * 64,
            size=120,
        ),
        PlanStaged(run_id="run-1", rows=1, staged=("e1",), unchanged=0, withdrawn=(), rejected=0),
    )
    await add(
        "journal-c1-e1",
        staged(1, "100.00"),
        JournalNotFoundInQuickBooks(connection_id="c1", entry_id="e1", session_id="s1"),
        TxnRecorded(
            connection_id="c1",
            entry_id="e1",
            session_id="s1",
            txn_id="TX-1",
            edit_sequence="7",
            txn_line_ids=("1", "2"),
            revision=1,
            operation="add",
        ),
        staged(2, "120.00"),
    )
    row = ActualRow("Rent", "East", Period(2027, 1), Decimal("110.50"), "Rent", "East")
    await add(
        "actualsync-a1",
        ActualsSyncRequested(
            run_id="a1",
            connection_id="c1",
            first_period="2027-01",
            last_period="2027-01",
            requested_by="ops",
        ),
        ActualsComputed(
            run_id="a1", connection_id="c1", period="2027-01", rows=(row,), unmapped=()
        ),
        ActualsImported(
            run_id="a1",
            connection_id="c1",
            action="Load",
            task_id="T2",
            sha256="1" * 64,
            periods=("2027-01",),
            rows_sent=1,
            rows_loaded=1,
            rows_ignored=0,
            rows_failed=0,
            rejections=(),
        ),
    )


async def snapshot(pool) -> dict[str, list[tuple]]:
    tables = ["journal_entries", "bva_plan_lines", "bva_actuals", "budget_vs_actual"]
    out = {}
    for table in tables:
        rows = await pool.fetch(f"SELECT * FROM {table} ORDER BY 1, 2, 3, 4")
        out[table] = [
            tuple(v for k, v in r.items() if k not in ("updated_at", "computed_at", "actuals_at"))
            for r in rows
        ]
    out["sync_runs"] = [
        tuple(r)
        for r in await pool.fetch(
            "SELECT run_id, kind, status, rows_in, rows_out FROM sync_runs ORDER BY 1"
        )
    ]
    return out


async def test_budget_vs_actual_reflects_plan_posting_and_actuals(pool, store):
    await history(store)
    for projection in PROJECTIONS:
        await ProjectionRunner(pool, projection).catch_up()
    [row] = await pool.fetch("SELECT * FROM budget_vs_actual")
    assert (row["version"], row["period"], row["account"], row["class_name"]) == (
        "Budget",
        "2027-01",
        "Rent",
        "East",
    )
    assert row["plan_amount"] == Decimal("120.00")  # the latest staged revision
    assert row["posted_amount"] == Decimal("100.00")  # QuickBooks still holds revision 1
    assert row["actual_amount"] == Decimal("110.50")
    assert row["variance"] == Decimal("-9.50")
    assert row["sync_status"] == "pending"
    runs = {r["run_id"]: r["status"] for r in await pool.fetch("SELECT * FROM sync_runs")}
    assert runs == {"run-1": "staged", "a1": "completed"}


async def test_rebuilt_flow_projections_equal_the_incremental_ones(pool, store):
    await history(store)
    for projection in PROJECTIONS:
        await ProjectionRunner(pool, projection).catch_up()
    incremental = await snapshot(pool)
    for projection in PROJECTIONS:
        await rebuild(pool, projection)
    assert await snapshot(pool) == incremental
