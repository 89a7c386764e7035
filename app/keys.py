"""Encryption key rotation for stored credentials, without downtime.

With a key file: `rotate` adds a new key and makes it active (an atomic file replace), then
re-seals every credential under it, row by row in short transactions. Running processes
follow the file (adapters.crypto.KeyFileBox), so they open new values and seal with the new
key without a restart; old keys stay in the file so nothing ever becomes unreadable.

With keys in MLC_ENCRYPTION_KEYS the environment is the source of truth: add the new key
there, set MLC_ENCRYPTION_ACTIVE_KEY, restart the processes one at a time, then run
`reencrypt`.
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from adapters.crypto import KeyFileBox, SecretBox, add_key_to_file
from adapters.postgres.credentials import CredentialStore
from adapters.postgres.pool import translated_errors
from adapters.postgres.sql import query
from app.errors import NotFound, Refused
from app.settings import Settings

_Q = "operations.sql"


@dataclass(frozen=True, slots=True)
class Rotated:
    active_key: str
    reencrypted: int


@dataclass(frozen=True, slots=True)
class KeyUse:
    key_id: str
    credentials: int  # sealed under this key
    active: bool  # new values are sealed under it
    loaded: bool  # this process has the key: False with credentials > 0 means unreadable


async def rotate(settings: Settings, pool: asyncpg.Pool) -> Rotated:
    if settings.encryption_keys is not None:
        raise Refused(
            "keys come from MLC_ENCRYPTION_KEYS: add the new key there, set "
            "MLC_ENCRYPTION_ACTIVE_KEY, restart, then run `mlc keys reencrypt`"
        )
    path = settings.resolved_key_file()
    if not path.exists():
        raise NotFound(f"no key file at {path}")
    kid = add_key_to_file(path)
    count = await CredentialStore(pool, KeyFileBox(path)).reencrypt_all()
    return Rotated(kid, count)


async def usage(pool: asyncpg.Pool, box: SecretBox) -> list[KeyUse]:
    """Every key loaded or used, with how many credentials it seals (none: retirable)."""
    async with translated_errors():
        rows = await pool.fetch(query(_Q, "key_usage"))
    counts = {row["key_id"]: row["credentials"] for row in rows}
    ids = sorted(set(counts) | set(box.key_ids))
    return [KeyUse(k, counts.get(k, 0), k == box.active, k in box.key_ids) for k in ids]
