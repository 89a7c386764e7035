"""The credential store: secrets sealed with the SecretBox, one row per connection and kind."""

from __future__ import annotations

import asyncpg

from adapters.crypto import Sealed, SecretBox
from adapters.postgres.pool import translated_errors
from domain.connection import CredentialKind


class CredentialStore:
    def __init__(self, pool: asyncpg.Pool, box: SecretBox) -> None:
        self._pool = pool
        self._box = box

    async def put(self, connection_id: str, kind: CredentialKind, secret: bytes) -> None:
        sealed = self._box.seal(secret, _context(connection_id, kind))
        async with translated_errors():
            await self._pool.execute(
                "INSERT INTO credentials (connection_id, kind, key_id, sealed) "
                "VALUES ($1, $2, $3, $4) ON CONFLICT (connection_id, kind) DO UPDATE "
                "SET key_id = excluded.key_id, sealed = excluded.sealed, updated_at = now()",
                connection_id,
                kind.value,
                sealed.key_id,
                sealed.blob,
            )

    async def get(self, connection_id: str, kind: CredentialKind) -> bytes | None:
        async with translated_errors():
            row = await self._pool.fetchrow(
                "SELECT key_id, sealed FROM credentials WHERE connection_id = $1 AND kind = $2",
                connection_id,
                kind.value,
            )
        if row is None:
            return None
        return self._box.open(Sealed(row["key_id"], row["sealed"]), _context(connection_id, kind))

    async def kinds(self, connection_id: str) -> set[CredentialKind]:
        rows = await self._pool.fetch(
            "SELECT kind FROM credentials WHERE connection_id = $1", connection_id
        )
        return {CredentialKind(row["kind"]) for row in rows}

    async def reencrypt_all(self) -> int:
        """Re-seal every value under the active key (after adding a key); return the count."""
        count = 0
        async with self._pool.acquire() as conn:
            rows = await conn.fetch(
                "SELECT connection_id, kind FROM credentials WHERE key_id <> $1", self._box.active
            )
            for row in rows:
                kind = CredentialKind(row["kind"])
                async with conn.transaction():
                    await self._reseal(conn, row["connection_id"], kind)
                count += 1
        return count

    async def _reseal(
        self, conn: asyncpg.Connection, connection_id: str, kind: CredentialKind
    ) -> None:
        context = _context(connection_id, kind)
        row = await conn.fetchrow(
            "SELECT key_id, sealed FROM credentials WHERE connection_id = $1 AND kind = $2 "
            "FOR UPDATE",
            connection_id,
            kind.value,
        )
        sealed = self._box.seal(
            self._box.open(Sealed(row["key_id"], row["sealed"]), context), context
        )
        await conn.execute(
            "UPDATE credentials SET key_id = $3, sealed = $4, updated_at = now() "
            "WHERE connection_id = $1 AND kind = $2",
            connection_id,
            kind.value,
            sealed.key_id,
            sealed.blob,
        )


def _context(connection_id: str, kind: CredentialKind) -> str:
    return f"{connection_id}/{kind.value}"
