"""Budget vs actual, as JSON or CSV."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, ConfigDict, Field

from app.api.common import READ_ERRORS, OpsDep, ReadCaller, errors
from app.budget import BvaFilter, to_csv

router = APIRouter(tags=["budget vs actual"])


class BvaOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    connection_id: str
    version: str | None
    period: str = Field(examples=["2027-01"])
    account: str
    class_name: str
    plan_amount: Decimal
    posted_amount: Decimal = Field(description="What QuickBooks holds of the plan")
    actual_amount: Decimal
    variance: Decimal = Field(description="actual - plan")
    sync_status: str = Field(description="posted, pending, failed or actual_only")
    actuals_at: datetime | None


@router.get(
    "/budget-vs-actual",
    summary="Budget vs actual",
    response_model=list[BvaOut],
    responses={
        **READ_ERRORS,
        **errors(422),
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
    },
)
async def budget_vs_actual(
    caller: ReadCaller,
    ops: OpsDep,
    connection_id: str | None = None,
    version: Annotated[str | None, Query(examples=["Budget"])] = None,
    from_period: Annotated[str | None, Query(alias="from", examples=["2027-01"])] = None,
    to_period: Annotated[str | None, Query(alias="to", examples=["Dec 27"])] = None,
    account: str | None = None,
    class_name: Annotated[str | None, Query(alias="class")] = None,
    format: Annotated[
        Literal["json", "csv"] | None, Query(description="csv, or send `Accept: text/csv`")
    ] = None,
    accept: Annotated[str | None, Header()] = None,
) -> list[BvaOut] | PlainTextResponse:
    """Per connection, version, month, account and class: plan, posted and actual
    amounts, variance and sync status."""
    f = BvaFilter(connection_id, version, from_period, to_period, account, class_name)
    rows = await ops.budget_vs_actual(caller, f)
    if format == "csv" or (format is None and "text/csv" in (accept or "")):
        return PlainTextResponse(to_csv(rows), media_type="text/csv")
    return [BvaOut.model_validate(row) for row in rows]
