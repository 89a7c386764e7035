"""Mappings: Anaplan members <-> QuickBooks accounts and classes, as CSV."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, ConfigDict

from app import mappings
from app.api.common import (
    READ_ERRORS,
    WRITE_ERRORS,
    MappingProblems,
    OperatorCaller,
    OpsDep,
    ReadCaller,
)
from app.errors import InvalidInput

router = APIRouter(tags=["mappings"])

MAX_BYTES = 5_000_000
CSV_EXAMPLE = (
    "kind,anaplan_member,quickbooks_name\n"
    "account,Salaries & Wages,6000 Salaries\n"
    "class,CC-110 Advisory,Advisory:East\n"
)
CSV_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"text/csv": {"schema": {"type": "string"}, "example": CSV_EXAMPLE}},
    }
}
CSV_ANSWER: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}, "example": CSV_EXAMPLE}}}
}


class MappingReportOut(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [{"valid": True, "accounts": 1, "classes": 1, "match_same_names": True}]
        },
    )
    valid: bool
    accounts: int
    classes: int
    match_same_names: bool
    problems: list[str] = []


MatchSameNames = Annotated[
    bool,
    Query(description="Members without a rule map to the QuickBooks name spelled the same."),
]


@router.put(
    "/connections/{connection_id}/mapping",
    summary="Upload a connection's mapping (CSV)",
    response_model=MappingReportOut,
    responses={**WRITE_ERRORS, 422: {"model": MappingProblems}},
    openapi_extra=CSV_BODY,
)
async def upload_mapping(
    connection_id: str,
    request: Request,
    caller: OperatorCaller,
    ops: OpsDep,
    match_same_names: MatchSameNames = True,
) -> MappingReportOut:
    """Replaces the mapping in force with the file's rules (header
    `kind,anaplan_member,quickbooks_name`; kind is `account` or `class`). A file with any
    problem is refused as a whole with every problem listed, and nothing is kept."""
    text = await _csv_text(request)
    report = await ops.mappings.upload(caller, connection_id, text, match_same_names, source="api")
    return MappingReportOut.model_validate(report)


@router.get(
    "/connections/{connection_id}/mapping",
    summary="Download the mapping in force (CSV)",
    response_class=PlainTextResponse,
    responses={**READ_ERRORS, **CSV_ANSWER},
)
async def download_mapping(
    connection_id: str, caller: ReadCaller, ops: OpsDep
) -> PlainTextResponse:
    text = await ops.mappings.download(caller, connection_id)
    return PlainTextResponse(text, media_type="text/csv")


@router.post(
    "/mappings/validate",
    summary="Check a mapping file's structure",
    response_model=MappingReportOut,
    responses=READ_ERRORS,
    openapi_extra=CSV_BODY,
)
async def validate_mapping(
    request: Request, caller: ReadCaller, match_same_names: MatchSameNames = True
) -> MappingReportOut:
    """Parse errors and contradictory duplicates, without storing anything. Whether the
    targets exist and are postable is checked against the live systems by the flows."""
    text = await _csv_text(request)
    return MappingReportOut.model_validate(mappings.check(text, match_same_names))


async def _csv_text(request: Request) -> str:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BYTES:
            raise InvalidInput(f"a mapping file may not exceed {MAX_BYTES} bytes")
    try:
        return body.decode("utf-8-sig")  # spreadsheets often save UTF-8 with a BOM
    except UnicodeDecodeError:
        raise InvalidInput("the file is not UTF-8 text") from None
