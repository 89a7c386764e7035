"""Sync runs: start plan -> ledger or ledger -> plan, and follow them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, ConfigDict, Field

from app.api.common import READ_ERRORS, WRITE_ERRORS, OperatorCaller, OpsDep, ReadCaller
from app.syncs import run_stream

router = APIRouter(tags=["syncs"])

Kind = Literal["plan_to_ledger", "ledger_to_plan"]


class PlanSyncIn(BaseModel):
    reason: str = Field("manual", examples=["FY27 budget approved"])


class ActualsSyncIn(BaseModel):
    first_period: str = Field(examples=["2027-01"], description="A month: '2027-01' or 'Jan 27'.")
    last_period: str = Field(examples=["2027-03"])
    reason: str = Field("manual", examples=["Q1 close"])


class RunStarted(BaseModel):
    run_id: str
    stream_id: str


class RunOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    run_id: str
    connection_id: str
    kind: Kind
    status: str = Field(
        description="requested, exported, waiting, staged (entries being posted), computed, "
        "completed, completed_with_errors or failed."
    )
    requested_by: str
    reason: str
    first_period: str | None
    last_period: str | None
    detail: str | None
    rows_in: int | None
    rows_out: int | None
    staging_rejections: int = Field(description="Plan entries refused before staging.")
    requested_at: datetime
    updated_at: datetime
    ended_at: datetime | None
    entries: int
    entries_pending: int
    entries_posted: int
    entries_blocked: int
    entries_rejected: int
    entries_voided: int


class EntryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    entry_id: str
    ref_number: str
    version: str
    period: str
    part: int
    revision: int
    withdrawn: bool
    status: str
    total: Decimal
    lines: int
    txn_id: str | None
    posted_revision: int | None
    last_error: str | None
    updated_at: datetime


class RunErrorOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    position: int
    recorded_at: datetime
    event_type: str
    stream_id: str
    message: str


class RunDetailOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    run: RunOut
    entries: list[EntryOut]
    errors: list[RunErrorOut]


def _started(kind: Kind, run_id: str, response: Response) -> RunStarted:
    response.headers["Location"] = f"/syncs/{run_id}"
    return RunStarted(run_id=run_id, stream_id=run_stream(kind, run_id))


@router.post(
    "/connections/{connection_id}/syncs/plan-to-ledger",
    summary="Post the approved plan to QuickBooks",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=RunStarted,
    responses=WRITE_ERRORS,
)
async def start_plan_sync(
    connection_id: str, body: PlanSyncIn, caller: OperatorCaller, ops: OpsDep, response: Response
) -> RunStarted:
    """Records `PlanSyncRequested`; the workers export the plan from Anaplan, stage journal
    entries and the Web Connector posts them at its next cycles. Follow it at
    `GET /syncs/{run_id}`. Refused (409) while the connection is disabled."""
    run_id = await ops.syncs.request_plan(caller, connection_id, body.reason)
    return _started("plan_to_ledger", run_id, response)


@router.post(
    "/connections/{connection_id}/syncs/ledger-to-plan",
    summary="Import ledger actuals into Anaplan",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=RunStarted,
    responses=WRITE_ERRORS,
)
async def start_actuals_sync(
    connection_id: str,
    body: ActualsSyncIn,
    caller: OperatorCaller,
    ops: OpsDep,
    response: Response,
) -> RunStarted:
    """Records `ActualsSyncRequested` for a range of months; re-importing a month replaces
    its values in the model."""
    run_id = await ops.syncs.request_actuals(
        caller, connection_id, body.first_period, body.last_period, body.reason
    )
    return _started("ledger_to_plan", run_id, response)


@router.get("/syncs", summary="List sync runs", response_model=list[RunOut], responses=READ_ERRORS)
async def list_runs(
    caller: ReadCaller,
    ops: OpsDep,
    connection_id: str | None = None,
    status: Annotated[str | None, Query(description="Only runs in this status.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> list[RunOut]:
    """Newest first, with the progress of the journal entries each run staged."""
    runs = await ops.syncs.runs(caller, connection_id, status, limit)
    return [RunOut.model_validate(run) for run in runs]


@router.get(
    "/syncs/{run_id}",
    summary="One sync run with its entries and errors",
    response_model=RunDetailOut,
    responses=READ_ERRORS,
)
async def get_run(run_id: str, caller: ReadCaller, ops: OpsDep) -> RunDetailOut:
    """Errors come from the run's events (export or import failures, entries rejected
    before staging, blocked or refused postings, parked streams) in the order they
    happened."""
    return RunDetailOut.model_validate(await ops.syncs.run(caller, run_id))
