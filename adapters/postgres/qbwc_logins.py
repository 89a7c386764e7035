"""Login throttling and what a Web Connector said before it had a ticket."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import asyncpg

from adapters.postgres.pool import translated_errors
from adapters.postgres.sql import query
from domain import codec
from domain.qbwc.budget import CostModel

_Q = "qbwc.sql"


@dataclass(frozen=True, slots=True)
class Lockout:
    failures: int
    locked_until: datetime | None


@dataclass(frozen=True, slots=True)
class KnownClient:
    client_version: str | None
    version_seen_at: datetime | None
    connection_id: str | None


class LoginThrottle:
    """Per user name and per address: after `max_failures` failures within `window`, each
    further failure locks the key for base * 2^(extra failures), capped at `cap`."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        *,
        max_failures: int,
        base: timedelta,
        cap: timedelta,
        window: timedelta,
    ) -> None:
        self._pool = pool
        self.max_failures, self.base, self.cap, self.window = max_failures, base, cap, window

    async def locked_until(self, keys: Sequence[str], now: datetime) -> datetime | None:
        async with translated_errors():
            rows = await self._pool.fetch(query(_Q, "login_failures"), list(keys))
        ends = [row["locked_until"] for row in rows if row["locked_until"]]
        latest: datetime | None = max(ends, default=None)
        return latest if latest and latest > now else None

    async def failed(self, keys: Sequence[str], now: datetime) -> Lockout:
        worst = Lockout(0, None)
        async with translated_errors(), self._pool.acquire() as conn, conn.transaction():
            for key in keys:
                failures: int = await conn.fetchval(
                    query(_Q, "record_login_failure"),
                    key,
                    now,
                    self.window.total_seconds(),
                )
                until = self._lock_end(failures, now)
                if until is not None:
                    await conn.execute(query(_Q, "lock_login"), key, until)
                if failures > worst.failures:
                    worst = Lockout(failures, until)
        return worst

    async def succeeded(self, keys: Sequence[str]) -> None:
        async with translated_errors():
            await self._pool.execute(query(_Q, "clear_login_failures"), list(keys))

    def _lock_end(self, failures: int, now: datetime) -> datetime | None:
        if failures < self.max_failures:
            return None
        extra = min(failures - self.max_failures, 20)
        lockout: timedelta = min(self.base * (2**extra), self.cap)
        return now + lockout


class QbwcClients:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def remember_version(self, address: str, version: str, now: datetime) -> None:
        async with translated_errors():
            await self._pool.execute(query(_Q, "remember_client_version"), address, version, now)

    async def remember_connection(self, address: str, connection_id: str, now: datetime) -> None:
        async with translated_errors():
            await self._pool.execute(
                query(_Q, "remember_client_connection"), address, connection_id, now
            )

    async def get(self, address: str) -> KnownClient | None:
        async with translated_errors():
            row = await self._pool.fetchrow(query(_Q, "client"), address)
        if row is None:
            return None
        return KnownClient(row["client_version"], row["version_seen_at"], row["connection_id"])


class CostModels:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def get(self, connection_id: str) -> CostModel:
        async with translated_errors():
            text = await self._pool.fetchval(query(_Q, "cost_model"), connection_id)
        if text is None:
            return CostModel()
        model: CostModel = codec.from_dict(CostModel, json.loads(text))
        return model

    async def save(self, connection_id: str, model: CostModel, now: datetime) -> None:
        data = codec.to_json(codec.encode(model))
        async with translated_errors():
            await self._pool.execute(query(_Q, "save_cost_model"), connection_id, data, now)
