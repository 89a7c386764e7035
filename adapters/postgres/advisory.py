"""Named mutual exclusion across worker processes: PostgreSQL session advisory locks.

Each hold opens its own connection, so two holders in one process exclude each other too
(advisory locks are re-entrant within a session), and a worker that dies drops its
connection and with it the lock; keepalives (pool.py) bound how long a vanished host's lock
lingers. Used for "one task per Anaplan model" and "one OAuth refresh per credential".
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import asyncpg

from adapters.postgres.pool import connect, translated_errors
from adapters.postgres.sql import query
from domain.errors import RetryableError

_Q = "anaplan.sql"


class LockTimeout(RetryableError):
    pass


class AdvisoryLocks:
    def __init__(self, url: str, wait_seconds: float = 3600.0) -> None:
        self._url = url
        self._wait_ms = int(wait_seconds * 1000)

    @contextlib.asynccontextmanager
    async def hold(self, name: str) -> AsyncIterator[None]:
        async with translated_errors():
            conn = await connect(self._url)
        try:
            await self._lock(conn, name)
            yield
            await conn.fetchval(query(_Q, "unlock"), name)
        finally:
            await conn.close()

    async def _lock(self, conn: asyncpg.Connection, name: str) -> None:
        await conn.execute(f"SET lock_timeout = {self._wait_ms}")
        try:
            await conn.fetchval(query(_Q, "lock"), name)
        except asyncpg.LockNotAvailableError:
            raise LockTimeout(f"{name!r} stayed locked for {self._wait_ms / 1000:g} s") from None
