"""The tenant-wide request budget of the Anaplan client, kept in PostgreSQL.

Anaplan allows a tenant 600 requests a minute across all its users and clients; the workers
of this product share that budget through one bucket row per tenant. A token bucket holding
at most `burst` permits and refilled at `rate` per second admits at most burst + rate * 60
requests in any 60 seconds, so the rate is chosen to keep that sum under the limit with some
headroom for clock jitter and for the tenant's other clients.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import asyncpg

from adapters.postgres.pool import translated_errors
from adapters.postgres.sql import query

_Q = "anaplan.sql"


@dataclass(frozen=True, slots=True)
class RateLimit:
    requests: int = 600
    window_seconds: float = 60.0
    headroom: float = 0.1  # share of the limit left unused
    burst: int | None = None  # permits a quiet bucket holds; default a 30th of the limit

    @property
    def capacity(self) -> int:
        return self.burst if self.burst is not None else max(1, self.requests // 30)

    @property
    def refill_per_second(self) -> float:
        usable = self.requests * (1 - self.headroom) - self.capacity
        if usable <= 0:
            raise ValueError(f"{self} leaves no room beyond the burst")
        return usable / self.window_seconds


class PostgresRequestBudget:
    def __init__(self, pool: asyncpg.Pool, limit: RateLimit) -> None:
        self._pool = pool
        self._limit = limit
        self._rate = limit.refill_per_second

    async def acquire(self, tenant_key: str) -> None:
        """Returns when one request may be sent; reserves it so no other worker takes it."""
        args = (tenant_key, float(self._limit.capacity), self._rate, 1.0)
        async with translated_errors():
            wait = await self._pool.fetchval(query(_Q, "take_permits"), *args)
        if wait > 0:
            await asyncio.sleep(wait)
