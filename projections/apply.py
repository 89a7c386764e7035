"""Executes a projection's statements for a batch of events on one connection."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import asyncpg

from domain.envelope import RecordedEvent
from projections.base import Projection


async def apply_batch(
    conn: asyncpg.Connection,
    projection: Projection,
    events: Sequence[RecordedEvent],
    tables: Mapping[str, str],
) -> None:
    statements = [sql for event in events for sql in projection.apply(event)]
    # Consecutive statements with the same SQL go to the server as one pipelined batch;
    # order is kept, which is all an upsert-based projection needs.
    for template, group in itertools.groupby(statements, key=lambda sql: sql.template):
        await conn.executemany(_resolve(template, tables), [sql.args for sql in group])


def live_tables(projection: Projection) -> dict[str, str]:
    return {table: table for table in projection.tables}


def shadow_tables(projection: Projection) -> dict[str, str]:
    return {table: f"{table}__rebuild" for table in projection.tables}


_resolved: dict[tuple[str, tuple[tuple[str, str], ...]], str] = {}


def _resolve(template: str, tables: Mapping[str, str]) -> str:
    key = (template, tuple(tables.items()))
    if key not in _resolved:
        text = template
        for logical, physical in tables.items():
            text = text.replace("{" + logical + "}", physical)
        _resolved[key] = text
    return _resolved[key]
