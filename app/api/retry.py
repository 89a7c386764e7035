"""Retry stuck or failed streams, one or all of a connection's."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from app.api.common import WRITE_ERRORS, OperatorCaller, OpsDep

router = APIRouter(tags=["retry"])


class RetryIn(BaseModel):
    consumer: str | None = Field(None, description="Only this consumer; null: every one.")


class RetriedOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    stream_id: str
    unparked: list[str] = Field(description="Consumers that will handle the stream again")
    journal_entry: str | None = Field(description="The journal entry sent to posting again")
    new_run: str | None = Field(description="The run started in place of a failed one")


@router.post(
    "/streams/{stream_id}/retry",
    summary="Retry a stuck or failed stream",
    response_model=RetriedOut,
    responses=WRITE_ERRORS,
)
async def retry_stream(
    stream_id: str, caller: OperatorCaller, ops: OpsDep, body: RetryIn | None = None
) -> RetriedOut:
    """Unparks it (recording `StreamRetryRequested`), sends a blocked or rejected journal
    entry through posting again (`JournalRetryRequested`) and restarts a failed run as a new
    one. 409 when the stream is neither stuck nor failed. Fix the cause first: the audit
    trail of the stream says what it was."""
    consumer = body.consumer if body else None
    return RetriedOut.model_validate(await ops.retries.retry_stream(caller, stream_id, consumer))


@router.post(
    "/connections/{connection_id}/retry",
    summary="Retry every stuck or failed stream of a connection",
    response_model=list[RetriedOut],
    responses=WRITE_ERRORS,
)
async def retry_connection(
    connection_id: str, caller: OperatorCaller, ops: OpsDep
) -> list[RetriedOut]:
    done = await ops.retries.retry_connection(caller, connection_id)
    return [RetriedOut.model_validate(d) for d in done]
