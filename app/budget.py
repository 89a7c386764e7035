"""Budget vs actual: plan, posted and actual amounts per version, month, account and class."""

from __future__ import annotations

import csv
import io
from dataclasses import astuple, dataclass, fields
from datetime import datetime
from decimal import Decimal

import asyncpg

from adapters.postgres.pool import translated_errors
from adapters.postgres.sql import query
from app.caller import Caller
from app.errors import InvalidInput
from domain.period import parse_month

_Q = "operations.sql"


@dataclass(frozen=True, slots=True)
class BvaFilter:
    connection_id: str | None = None
    version: str | None = None
    first_period: str | None = None  # any month label: "2027-01", "Jan 27"
    last_period: str | None = None
    account: str | None = None
    class_name: str | None = None


@dataclass(frozen=True, slots=True)
class BvaRow:
    connection_id: str
    version: str | None
    period: str
    account: str
    class_name: str
    plan_amount: Decimal
    posted_amount: Decimal
    actual_amount: Decimal
    variance: Decimal  # actual - plan
    sync_status: str  # posted | pending | failed | actual_only
    actuals_at: datetime | None


CSV_COLUMNS = tuple(f.name for f in fields(BvaRow))


async def budget_vs_actual(pool: asyncpg.Pool, caller: Caller, f: BvaFilter) -> list[BvaRow]:
    first = parse_month(f.first_period).key if f.first_period else None
    last = parse_month(f.last_period).key if f.last_period else None
    if first and last and first > last:
        raise InvalidInput(f"the range {first}..{last} ends before it starts")
    args = (caller.tenant_id, f.connection_id, f.version, first, last, f.account, f.class_name)
    async with translated_errors():
        rows = await pool.fetch(query(_Q, "budget_vs_actual"), *args)
    return [BvaRow(**row) for row in rows]


def to_csv(rows: list[BvaRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_cells(row) for row in rows)
    return out.getvalue()


def _cells(row: BvaRow) -> list[str]:
    return ["" if value is None else str(value) for value in astuple(row)]
