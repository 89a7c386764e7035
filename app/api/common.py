"""What every operator router shares: the services, the caller, and documented error bodies."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from pydantic import BaseModel, Field

from app.api.auth import Admin, Operator, Reader
from app.api.deps import ContainerDep
from app.caller import Caller
from app.operations import Operations, operations


def get_operations(request: Request, container: ContainerDep) -> Operations:
    state = request.app.state
    if getattr(state, "operations", None) is None:
        state.operations = operations(container)
    ops: Operations = state.operations
    return ops


async def _reader(principal: Reader) -> Caller:
    return Caller.of(principal)


async def _operator(principal: Operator) -> Caller:
    return Caller.of(principal)


async def _admin(principal: Admin) -> Caller:
    return Caller.of(principal)


OpsDep = Annotated[Operations, Depends(get_operations)]
ReadCaller = Annotated[Caller, Depends(_reader)]
OperatorCaller = Annotated[Caller, Depends(_operator)]
AdminCaller = Annotated[Caller, Depends(_admin)]


class Problem(BaseModel):
    detail: str = Field(examples=["no connection '4f1c...'"])


class MappingProblems(Problem):
    problems: list[str] = Field(examples=[["line 3: kind must be 'account' or 'class'"]])


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI descriptions of the error answers a route can give."""
    described: dict[int, str] = {
        401: "No token, or an unknown or revoked one.",
        403: "The token's scope (or tenant binding) does not allow this.",
        404: "No such object, or one of another tenant.",
        409: "Refused in the current state (e.g. the connection is disabled).",
        422: "The request's content is invalid; `detail` says why.",
        503: "The database is unavailable; retry later.",
    }
    return {code: {"model": Problem, "description": described[code]} for code in codes}


READ_ERRORS = errors(401, 403, 404, 503)
WRITE_ERRORS = errors(401, 403, 404, 409, 422, 503)
