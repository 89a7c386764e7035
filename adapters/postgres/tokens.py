"""Operator API tokens: issued once in clear, stored as a hash, checked in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from adapters.postgres.pool import translated_errors
from domain.access import Principal, Scope

PREFIX = "mlc"


@dataclass(frozen=True, slots=True)
class TokenInfo:
    token_id: str
    name: str
    scope: Scope
    tenant_id: str | None
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenStore:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def issue(self, name: str, scope: Scope, tenant_id: str | None) -> str:
        token_id, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
        await self._pool.execute(
            "INSERT INTO api_tokens (token_id, tenant_id, scope, name, secret_hash) "
            "VALUES ($1, $2, $3, $4, $5)",
            token_id,
            tenant_id,
            scope.value,
            name,
            _digest(secret),
        )
        return f"{PREFIX}_{token_id}_{secret}"

    async def authenticate(self, token: str) -> Principal | None:
        prefix, _, rest = token.partition("_")
        token_id, _, secret = rest.partition("_")
        if prefix != PREFIX or not token_id or not secret:
            return None
        async with translated_errors():
            row = await self._pool.fetchrow(
                "UPDATE api_tokens SET last_used_at = now() "
                "WHERE token_id = $1 AND revoked_at IS NULL "
                "RETURNING tenant_id, scope, secret_hash",
                token_id,
            )
        if row is None or not hmac.compare_digest(bytes(row["secret_hash"]), _digest(secret)):
            return None
        return Principal(token_id, row["tenant_id"], Scope(row["scope"]))

    async def tokens(self) -> list[TokenInfo]:
        """Every token ever issued, revoked ones included; never a secret or its hash."""
        rows = await self._pool.fetch(
            "SELECT token_id, name, scope, tenant_id, created_at, last_used_at, revoked_at "
            "FROM api_tokens ORDER BY created_at, token_id"
        )
        return [TokenInfo(**{**row, "scope": Scope(row["scope"])}) for row in rows]

    async def revoke(self, token_id: str) -> bool:
        status: str = await self._pool.execute(
            "UPDATE api_tokens SET revoked_at = now() WHERE token_id = $1 AND revoked_at IS NULL",
            token_id,
        )
        return status.endswith(" 1")


def _digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode()).digest()
