"""The ledger mirror: posted QuickBooks lines per connection, written page by page as
the Web Connector delivers them (memory stays flat however large the company file)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import asyncpg

from adapters.postgres.pool import translated_errors
from adapters.postgres.sql import query
from domain.qbxml.responses import TransactionRet
from domain.qbxml.timestamps import first_seen

_Q = "ledger.sql"


@dataclass(frozen=True, slots=True)
class MirrorLine:
    txn_id: str
    txn_line_id: str
    txn_type: str
    txn_date: date | None
    ref_number: str | None
    account_list_id: str | None
    account: str | None
    class_name: str | None
    amount: Decimal | None
    memo: str | None
    edit_sequence: str | None
    time_modified: str
    deleted: bool


class LedgerMirror:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def upsert(
        self,
        connection_id: str,
        sync_id: str,
        rows: Sequence[TransactionRet],
        class_name: str | None = None,
    ) -> int:
        """Write a page of line rows; the number of rows that were new or changed."""
        lines = first_seen(
            (row for row in rows if row.txn_line_id and row.time_modified),
            key=lambda row: (row.txn_id, row.txn_line_id),
        )
        if not lines:
            return 0
        columns = _columns(lines)
        versions = {row.txn_id: _version(row) for row in lines}
        async with translated_errors(), self._pool.acquire() as conn, conn.transaction():
            if class_name is None:  # the read of all lines decides which lines exist
                await conn.execute(
                    query(_Q, "retire_old_versions"),
                    connection_id,
                    list(versions),
                    list(versions.values()),
                )
            changed = await conn.fetch(
                query(_Q, "upsert_lines"), connection_id, *columns, sync_id, class_name
            )
        return len(changed)

    async def mark_deleted(self, connection_id: str, txn_ids: Sequence[str]) -> int:
        async with translated_errors():
            rows = await self._pool.fetch(query(_Q, "mark_deleted"), connection_id, list(txn_ids))
        return len(rows)

    async def lines(self, connection_id: str) -> list[MirrorLine]:
        async with translated_errors():
            rows = await self._pool.fetch(query(_Q, "lines"), connection_id)
        return [MirrorLine(*row) for row in rows]


def _version(row: TransactionRet) -> str:
    assert row.time_modified is not None
    return row.time_modified.text()


def _columns(rows: Sequence[TransactionRet]) -> list[list[object]]:
    return [
        [row.txn_id for row in rows],
        [row.txn_line_id for row in rows],
        [row.txn_type for row in rows],
        [row.txn_date for row in rows],
        [row.ref_number for row in rows],
        [row.account.list_id if row.account else None for row in rows],
        [row.account.full_name if row.account else None for row in rows],
        [row.amount for row in rows],
        [row.memo for row in rows],
        [_version(row) for row in rows],
    ]
