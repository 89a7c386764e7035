"""Audit trails: the history of a record as its causation chain, first event to last."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from app.api.common import READ_ERRORS, OpsDep, ReadCaller, errors
from app.audit import Role

router = APIRouter(prefix="/audit", tags=["audit"])


class AuditEventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    position: int
    recorded_at: datetime
    stream_id: str
    version: int
    type: str
    role: Role = Field(
        description="subject: the record's own events; cause: what led to them; "
        "effect: what they led to"
    )
    actor: str | None
    correlation_id: str | None
    caused_by: int | None = Field(description="Position of the causing event")
    data: dict[str, Any]


class AuditTrailOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    subject: str
    events: list[AuditEventOut]
    truncated: bool


@router.get(
    "/journal-entries/{key}",
    summary="A journal entry's history, by RefNumber or TxnID",
    response_model=AuditTrailOut,
    responses={**READ_ERRORS, **errors(409)},
)
async def journal_entry(
    key: str, caller: ReadCaller, ops: OpsDep, connection_id: str | None = None
) -> AuditTrailOut:
    """From the plan sync that staged it to QuickBooks' answers and any operator action.
    409 when the RefNumber exists in several connections: pass `connection_id`."""
    trail = await ops.audit.journal_entry(caller, key, connection_id)
    return AuditTrailOut.model_validate(trail)


@router.get(
    "/syncs/{run_id}",
    summary="A sync run's history",
    response_model=AuditTrailOut,
    responses=READ_ERRORS,
)
async def sync_run(run_id: str, caller: ReadCaller, ops: OpsDep) -> AuditTrailOut:
    return AuditTrailOut.model_validate(await ops.audit.run(caller, run_id))


@router.get(
    "/anaplan-tasks/{task_id}",
    summary="An Anaplan task's history",
    response_model=AuditTrailOut,
    responses=READ_ERRORS,
)
async def anaplan_task(task_id: str, caller: ReadCaller, ops: OpsDep) -> AuditTrailOut:
    """Every event naming the task (an export or an import) with its causes and effects."""
    return AuditTrailOut.model_validate(await ops.audit.anaplan_task(caller, task_id))


@router.get(
    "/connections/{connection_id}/plan-versions/{version}",
    summary="A plan version's history on one connection",
    response_model=AuditTrailOut,
    responses=READ_ERRORS,
)
async def plan_version(
    connection_id: str, version: str, caller: ReadCaller, ops: OpsDep
) -> AuditTrailOut:
    """Every journal entry the version produced, with the runs that staged them."""
    trail = await ops.audit.plan_version(caller, connection_id, version)
    return AuditTrailOut.model_validate(trail)


@router.get(
    "/events/{position}",
    summary="Any event's causes and effects",
    response_model=AuditTrailOut,
    responses=READ_ERRORS,
)
async def event(position: int, caller: ReadCaller, ops: OpsDep) -> AuditTrailOut:
    return AuditTrailOut.model_validate(await ops.audit.event(caller, position))
