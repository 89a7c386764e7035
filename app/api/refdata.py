"""Reference data: ping both systems, validate the mapping against them, drift between the
QuickBooks lists and the Anaplan lists, push to Anaplan, create classes in QuickBooks."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response, status
from pydantic import BaseModel, Field

from app.api.auth import Reader
from app.api.common import (
    READ_ERRORS,
    WRITE_ERRORS,
    OperatorCaller,
    OpsDep,
    ReadCaller,
    errors,
)
from app.caller import Caller
from app.refdata.checks import DriftReport, ValidationReport
from app.refdata.classes import ClassRequest
from app.refdata.ping import PingReport
from app.refdata.push import PushReport, PushScope
from domain.access import Scope
from domain.mapping import MappingKind

router = APIRouter(prefix="/connections/{connection_id}", tags=["reference data"])


class PushIn(BaseModel):
    scope: PushScope = Field(
        default=PushScope.NEW,
        description="`new`: what no Anaplan member maps to yet; `all`: every account and "
        "class that could be planned (income and expense accounts, leaves only).",
    )
    kinds: list[MappingKind] = Field(
        default=[MappingKind.ACCOUNT, MappingKind.CLASS], examples=[["account", "class"]]
    )


class ClassesIn(BaseModel):
    names: list[str] = Field(
        default=[],
        description="Full names of the classes to create (parents are added as needed).",
        examples=[["Strategy Consulting:Pricing"]],
    )
    missing_targets: bool = Field(
        default=False, description="Also every class a mapping target names that QuickBooks lacks."
    )


@router.post(
    "/ping",
    summary="Check both systems",
    response_model=PingReport,
    responses=READ_ERRORS,
)
async def ping(connection_id: str, caller: ReadCaller, ops: OpsDep) -> PingReport:
    """Logs in to Anaplan and reaches the model, the plan export and the actuals import,
    timing each step; a failed step says why (`bad_credentials`, `not_found`,
    `rate_limited`, `unreachable`, ...) and ends the check. The QuickBooks side is what the
    Web Connector last reported: last contact, QuickBooks product and version, qbXML
    versions, company file, and the latest chart-of-accounts read. `ok` is true when
    Anaplan answered every step. Never shows a secret."""
    return await ops.reference.ping(caller, connection_id)


@router.post(
    "/mapping/validate",
    summary="Validate the mapping against both systems",
    response_model=ValidationReport,
    responses=READ_ERRORS,
)
async def validate_mapping(
    connection_id: str,
    principal: Reader,
    ops: OpsDep,
    refresh: Annotated[
        bool,
        Query(
            description="Also ask the next Web Connector cycle for a new chart read "
            "(operator scope)."
        ),
    ] = False,
) -> ValidationReport:
    """Every Anaplan member known to the connection (its lists, when the settings name
    them, the latest exported plan, the mapping's rules) against the latest QuickBooks
    chart of accounts and class list: members without a target, targets that do not
    exist, are inactive or cannot take journal lines, rules for members the Anaplan list
    lacks, and the posting offset. One list of problems, each with its kind, member,
    target and reason."""
    if refresh and not principal.scope.allows(Scope.OPERATOR):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "refresh needs the operator scope")
    return await ops.reference.validate(Caller.of(principal), connection_id, refresh)


@router.get(
    "/drift",
    summary="Drift between the QuickBooks and the Anaplan lists",
    response_model=DriftReport,
    responses=errors(401, 403, 404, 409, 503),
)
async def drift(connection_id: str, caller: ReadCaller, ops: OpsDep) -> DriftReport:
    """Accounts and classes new in QuickBooks (no Anaplan member maps to them), renamed
    (the same ListID under a new name since an earlier read), inactive but still mapped,
    and Anaplan members whose target vanished or never existed. 409 until QuickBooks'
    chart has been read once."""
    return await ops.reference.drift(caller, connection_id)


@router.post(
    "/drift/push",
    summary="Push QuickBooks accounts and classes to the Anaplan lists",
    response_model=PushReport,
    responses=WRITE_ERRORS,
)
async def push(
    connection_id: str, caller: OperatorCaller, ops: OpsDep, body: PushIn | None = None
) -> PushReport:
    """Runs the list imports the connection names (`list_push` in its settings; 409 when
    it names none), with a file written in each import's own columns. Each list's outcome
    is recorded as an event (`AnaplanListPushed` or `AnaplanListPushFailed`); one failing
    does not stop the other."""
    body = body or PushIn()
    return await ops.reference.push(caller, connection_id, body.scope, body.kinds)


@router.post(
    "/classes",
    summary="Create missing classes in QuickBooks",
    response_model=ClassRequest,
    status_code=status.HTTP_202_ACCEPTED,
    responses=WRITE_ERRORS,
)
async def create_classes(
    connection_id: str, body: ClassesIn, caller: OperatorCaller, ops: OpsDep, response: Response
) -> ClassRequest:
    """Asks the next Web Connector cycle to add the classes (and their missing parents),
    then read the chart again. 409 unless the connection allows it
    (`allow_creating_classes`), QuickBooks tracks classes and its chart has been read."""
    request = await ops.reference.create_classes(
        caller, connection_id, body.names, body.missing_targets
    )
    if request.request_id is None:
        response.status_code = status.HTTP_200_OK
    return request
