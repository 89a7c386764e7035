"""Authorizing a connection's Anaplan OAuth client by the device grant, over the API.

The grant outlives the request that starts it (the Anaplan user may take minutes to enter
the code): this process waits for it in the background while anyone can follow it with GET,
from any API process, because its start and end are events on the connection's stream."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import structlog
from fastapi import APIRouter, FastAPI, Request, status
from pydantic import BaseModel, ConfigDict

from adapters.anaplan.device import DeviceAuthorization
from app.api.common import READ_ERRORS, WRITE_ERRORS, AdminCaller, OpsDep, ReadCaller
from domain.authorization import AuthorizationState

log = structlog.get_logger(__name__)
router = APIRouter(prefix="/connections/{connection_id}/anaplan", tags=["connections"])


class AuthorizationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    state: AuthorizationState
    user_code: str | None
    verification_uri: str | None
    expires_at: datetime | None
    reason: str | None


@router.post(
    "/authorization",
    summary="Authorize Anaplan (OAuth device grant)",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=AuthorizationOut,
    responses=WRITE_ERRORS,
)
async def start_authorization(
    connection_id: str, caller: AdminCaller, ops: OpsDep, request: Request
) -> AuthorizationOut:
    """For a connection with `anaplan.auth` = `oauth` and a device grant client: answers
    with the address and the code the Anaplan user must enter (state `pending`), then waits
    for them in the background; the refresh token Anaplan issues is stored encrypted and
    the state becomes `authorized` (or `failed`/`expired`, with the reason). Needs the admin
    scope."""
    shown: asyncio.Future[DeviceAuthorization] = asyncio.get_running_loop().create_future()
    grant = ops.authorizations.authorize(caller, connection_id, shown.set_result)
    task = asyncio.create_task(grant, name=f"anaplan-authorization-{connection_id}")
    _keep(request.app, task)
    either: set[asyncio.Future[Any]] = {task, shown}
    await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
    if not shown.done():
        task.result()  # it ended before a code was issued: its error is the answer
    current = await ops.authorizations.status(caller, connection_id)
    return AuthorizationOut.model_validate(current)


@router.get(
    "/authorization",
    summary="Where the Anaplan authorization stands",
    response_model=AuthorizationOut,
    responses=READ_ERRORS,
)
async def authorization(connection_id: str, caller: ReadCaller, ops: OpsDep) -> AuthorizationOut:
    """`never`, `pending` (with the code and address), `authorized`, `failed` or `expired`
    (with the reason) for the latest device grant of the connection."""
    current = await ops.authorizations.status(caller, connection_id)
    return AuthorizationOut.model_validate(current)


def _keep(app: FastAPI, task: asyncio.Task[Any]) -> None:
    """Hold the task until it ends (the loop keeps only weak references), and say how."""
    waiting: set[asyncio.Task[Any]] = app.state.authorizations
    waiting.add(task)
    task.add_done_callback(waiting.discard)
    task.add_done_callback(_report)


def _report(task: asyncio.Task[Any]) -> None:
    if task.cancelled():
        return
    if (failure := task.exception()) is not None:
        log.warning(
            "anaplan authorization ended without a token", task=task.get_name(), error=str(failure)
        )


@contextlib.asynccontextmanager
async def cancelled_on_exit(app: FastAPI) -> AsyncIterator[None]:
    """Lifespan: grants still waiting when the service stops are cancelled; their status
    turns `expired` when their code does."""
    try:
        yield
    finally:
        for task in list(app.state.authorizations):
            task.cancel()
