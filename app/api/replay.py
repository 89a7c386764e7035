"""Replays: rebuild read models from any position, re-drive a stream for a consumer."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from app.api.common import WRITE_ERRORS, AdminCaller, OperatorCaller, OpsDep

router = APIRouter(tags=["replay"])


class RebuildIn(BaseModel):
    projection: str | None = Field(
        None, description="One projection by name; null rebuilds all.", examples=["sync_runs"]
    )
    from_position: int = Field(
        0, ge=0, description="0 recomputes from nothing; later re-applies from that event on."
    )


class RebuiltOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    projection: str
    from_position: int
    events_applied: int


class RedriveIn(BaseModel):
    consumer: str = Field(examples=["post-journals"])
    from_version: int = Field(ge=1, description="The first event of the stream handled again.")


class RedrivenOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    consumer: str
    stream_id: str
    from_version: int
    head_version: int


@router.post(
    "/replay/projections",
    summary="Rebuild projections",
    response_model=list[RebuiltOut],
    responses=WRITE_ERRORS,
)
async def rebuild(body: RebuildIn, caller: AdminCaller, ops: OpsDep) -> list[RebuiltOut]:
    """Rebuilds into fresh tables while the live ones keep serving, then swaps them in;
    records `ProjectionRebuilt`. Idempotent: the same log gives the same rows. Needs an
    admin platform token. Large logs take a while: `mlc replay rebuild` shows progress."""
    done = await ops.replays.rebuild(caller, body.projection, body.from_position)
    return [RebuiltOut.model_validate(d) for d in done]


@router.post(
    "/streams/{stream_id}/redrive",
    summary="Re-drive a stream from a chosen event",
    response_model=RedrivenOut,
    responses=WRITE_ERRORS,
)
async def redrive(
    stream_id: str, body: RedriveIn, caller: OperatorCaller, ops: OpsDep
) -> RedrivenOut:
    """Moves the consumer's cursor back so it handles the stream again from `from_version`;
    records `StreamRedriven`. Handlers are idempotent: nothing QuickBooks already holds is
    posted again."""
    done = await ops.replays.redrive(caller, body.consumer, stream_id, body.from_version)
    return RedrivenOut.model_validate(done)
