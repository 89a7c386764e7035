"""Streams and the log: state per consumer, events of a stream, events by position."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from app.api.common import READ_ERRORS, OpsDep, ReadCaller
from app.streams import StreamState

router = APIRouter(tags=["streams"])

STATES = (
    "in_progress (attempts > 0: failing and retried), stuck (parked), "
    "failed (a failed run or a blocked/rejected journal entry) or completed."
)


class StreamOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    stream_id: str = Field(examples=["journal-4f1c-abcdefghijklmnop"])
    stream_type: str
    consumer: str | None = Field(description="The worker consumer; null: seen in read models")
    tenant_id: str | None
    connection_id: str | None
    state: StreamState
    handled_version: int | None
    head_version: int | None
    attempts: int = Field(description="Failed attempts since the last success")
    last_error: str | None
    since: datetime = Field(description="When the stream entered its state")
    age_seconds: float


class EventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    position: int
    stream_id: str
    stream_type: str
    version: int
    type: str
    schema_version: int
    recorded_at: datetime
    data: dict[str, Any]
    metadata: dict[str, Any]


class EventPageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    events: list[EventOut]
    next_position: int | None = Field(
        description="Pass as from_position for the next page; null when there is no more."
    )


class SubscriptionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    subscription: str
    position: int
    head_position: int
    events_behind: int
    seconds_behind: float
    attempts: int
    last_error: str | None
    updated_at: datetime


@router.get(
    "/streams",
    summary="List streams by state",
    response_model=list[StreamOut],
    responses=READ_ERRORS,
)
async def list_streams(
    caller: ReadCaller,
    ops: OpsDep,
    state: Annotated[StreamState | None, Query(description=STATES)] = None,
    connection_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 100,
) -> list[StreamOut]:
    """Oldest first, with each stream's age in its state and its last error."""
    rows = await ops.streams.find(caller, state, connection_id, limit)
    return [StreamOut.model_validate(row) for row in rows]


@router.get(
    "/streams/{stream_id}/events",
    summary="Events of one stream",
    response_model=list[EventOut],
    responses=READ_ERRORS,
)
async def stream_events(
    stream_id: str,
    caller: ReadCaller,
    ops: OpsDep,
    after_version: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> list[EventOut]:
    events = await ops.streams.events(caller, stream_id, after_version, limit)
    return [EventOut.model_validate(e) for e in events]


@router.get(
    "/events",
    summary="Events by global position",
    response_model=EventPageOut,
    responses=READ_ERRORS,
)
async def log_range(
    caller: ReadCaller,
    ops: OpsDep,
    from_position: Annotated[int, Query(ge=0)] = 1,
    to_position: Annotated[int | None, Query(ge=0)] = None,
    type: Annotated[list[str] | None, Query(description="Only events of these types")] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> EventPageOut:
    """Events whose position lies in [from_position, to_position], paged. A tenant token
    sees its tenant's events only."""
    page = await ops.streams.log(caller, from_position, to_position, limit, type)
    return EventPageOut.model_validate(page)


@router.get(
    "/subscriptions",
    summary="Projection and dispatcher lag",
    response_model=list[SubscriptionOut],
    responses=READ_ERRORS,
)
async def subscriptions(caller: ReadCaller, ops: OpsDep) -> list[SubscriptionOut]:
    """Where each subscription is in the log, how far behind, and its last error (a failing
    projection backs off and shows its error here). Needs a platform token."""
    return [SubscriptionOut.model_validate(s) for s in await ops.streams.subscriptions(caller)]
