"""Rebuilds a projection into fresh tables, then swaps them in.

The fresh tables are copies of the live ones' structure (`LIKE ... INCLUDING ALL`). From
position 0 they start empty; from a later position they start as a copy of the live rows and
the events from that position on are applied again, which converges because projections
are idempotent upserts. The bulk of the replay runs in short transactions while the live
projection keeps serving; only the last catch-up and the swap hold the live checkpoint.
The swap copies rows instead of renaming tables so that views and grants that depend on
the live tables (Grafana's) stay attached.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import asyncpg

from adapters.postgres.eventstore import read_all
from adapters.postgres.sql import query
from domain.envelope import START, LogPosition
from projections.apply import apply_batch, shadow_tables
from projections.base import Projection

_Q = "subscriptions.sql"
# Table names below come from projection definitions in code, never from user input.
Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class RebuildResult:
    projection: str
    start: LogPosition
    events_applied: int


async def rebuild(
    pool: asyncpg.Pool,
    projection: Projection,
    start: LogPosition = START,
    *,
    batch_size: int = 1000,
    progress: Progress = lambda applied: None,
) -> RebuildResult:
    async with pool.acquire() as conn:
        await _create_shadow(conn, projection, copy_live=start != START)
        position, applied = await _replay(conn, projection, start, batch_size, progress)
        async with conn.transaction():
            await conn.execute(query(_Q, "ensure_checkpoint"), projection.name)
            await conn.fetchrow(query(_Q, "lock_checkpoint_wait"), projection.name)
            position, more = await _drain(conn, projection, position, batch_size)
            await _swap(conn, projection)
            await conn.execute(
                query(_Q, "save_checkpoint"),
                projection.name,
                position.tx_id,
                position.position,
            )
    return RebuildResult(projection.name, start, applied + more)


async def _create_shadow(conn: asyncpg.Connection, projection: Projection, copy_live: bool) -> None:
    for live, shadow in shadow_tables(projection).items():
        await conn.execute(f"DROP TABLE IF EXISTS {shadow}")
        await conn.execute(f"CREATE TABLE {shadow} (LIKE {live} INCLUDING ALL)")
        if copy_live:
            await conn.execute(f"INSERT INTO {shadow} SELECT * FROM {live}")


async def _replay(
    conn: asyncpg.Connection,
    projection: Projection,
    position: LogPosition,
    batch_size: int,
    progress: Progress,
) -> tuple[LogPosition, int]:
    applied = 0
    while True:
        async with conn.transaction():
            position, count = await _apply_one_batch(conn, projection, position, batch_size)
        applied += count
        progress(applied)
        if count < batch_size:
            return position, applied


async def _drain(
    conn: asyncpg.Connection, projection: Projection, position: LogPosition, batch_size: int
) -> tuple[LogPosition, int]:
    applied = 0
    while True:
        position, count = await _apply_one_batch(conn, projection, position, batch_size)
        applied += count
        if count < batch_size:
            return position, applied


async def _apply_one_batch(
    conn: asyncpg.Connection, projection: Projection, position: LogPosition, batch_size: int
) -> tuple[LogPosition, int]:
    events = await read_all(conn, position, batch_size)
    if events:
        await apply_batch(conn, projection, events, shadow_tables(projection))
        position = events[-1].log_position
    return position, len(events)


async def _swap(conn: asyncpg.Connection, projection: Projection) -> None:
    for live, shadow in shadow_tables(projection).items():
        await conn.execute(f"TRUNCATE {live}")
        await conn.execute(f"INSERT INTO {live} SELECT * FROM {shadow}")
        await conn.execute(f"DROP TABLE {shadow}")
