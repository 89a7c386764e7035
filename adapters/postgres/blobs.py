"""Content-addressed blobs in PostgreSQL, written and read as streams of chunks.

Exported plan files and qbXML messages are kept immutably under their sha256 so that a
replay never needs Anaplan or QuickBooks again. Chunks keep memory flat for large files.
"""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from collections.abc import AsyncIterator

import asyncpg

from adapters.postgres.pool import translated_errors

CHUNK = 4 * 2**20
_PUT_ONE_CHUNK = """
WITH blob AS (
    INSERT INTO blobs (sha256, media_type, size, chunks) VALUES ($1, $2, $3, 1)
    ON CONFLICT (sha256) DO NOTHING RETURNING sha256
)
INSERT INTO blob_chunks (blob_key, seq, content) SELECT sha256, 0, $4 FROM blob
"""


class BlobNotFound(LookupError):
    pass


class BlobWriter:
    def __init__(self, conn: asyncpg.Connection, media_type: str) -> None:
        self._conn = conn
        self._media_type = media_type
        self._key = f"pending:{uuid.uuid4().hex}"
        self._hash = hashlib.sha256()
        self._buffer = bytearray()
        self._seq = 0
        self.size = 0
        self.sha256 = ""

    async def write(self, data: bytes) -> None:
        self._hash.update(data)
        self._buffer += data
        self.size += len(data)
        while len(self._buffer) >= CHUNK:
            await self._flush(bytes(self._buffer[:CHUNK]))
            del self._buffer[:CHUNK]

    async def finish(self) -> str:
        if self._buffer or not self._seq:
            await self._flush(bytes(self._buffer))
        self.sha256 = self._hash.hexdigest()
        async with self._conn.transaction():
            inserted = await self._conn.fetchval(
                "INSERT INTO blobs (sha256, media_type, size, chunks) VALUES ($1, $2, $3, $4) "
                "ON CONFLICT (sha256) DO NOTHING RETURNING true",
                self.sha256,
                self._media_type,
                self.size,
                self._seq,
            )
            if inserted:
                await self._conn.execute(
                    "UPDATE blob_chunks SET blob_key = $1 WHERE blob_key = $2",
                    self.sha256,
                    self._key,
                )
            else:  # the same content is already stored
                await self.discard()
        return self.sha256

    async def discard(self) -> None:
        await self._conn.execute("DELETE FROM blob_chunks WHERE blob_key = $1", self._key)

    async def _flush(self, data: bytes) -> None:
        await self._conn.execute(
            "INSERT INTO blob_chunks (blob_key, seq, content) VALUES ($1, $2, $3)",
            self._key,
            self._seq,
            data,
        )
        self._seq += 1


class BlobStore:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def put(self, data: bytes, media_type: str) -> str:
        if len(data) <= CHUNK:
            return await self._put_one_chunk(data, media_type)
        async with translated_errors(), self._pool.acquire() as conn:
            writer = BlobWriter(conn, media_type)
            await writer.write(data)
            return await writer.finish()

    async def _put_one_chunk(self, data: bytes, media_type: str) -> str:
        """Content that fits one chunk (every qbXML message) in one statement: the Web
        Connector exchange stores two per message, and the streaming writer's five round
        trips and two commits were a good part of each call."""
        sha = hashlib.sha256(data).hexdigest()
        async with translated_errors():
            await self._pool.execute(_PUT_ONE_CHUNK, sha, media_type, len(data), data)
        return sha

    @contextlib.asynccontextmanager
    async def writer(self, media_type: str) -> AsyncIterator[BlobWriter]:
        """Stream content in; on a clean exit it is stored and `writer.sha256` is set,
        on an exception (an aborted download) nothing is left behind."""
        async with self._pool.acquire() as conn:
            writer = BlobWriter(conn, media_type)
            try:
                yield writer
            except BaseException:
                await writer.discard()
                raise
            async with translated_errors():
                await writer.finish()

    async def get(self, sha256: str) -> bytes:
        return b"".join([chunk async for chunk in self.stream(sha256)])

    async def stream(self, sha256: str) -> AsyncIterator[bytes]:
        async with translated_errors():
            chunks = await self._pool.fetchval("SELECT chunks FROM blobs WHERE sha256 = $1", sha256)
        if chunks is None:
            raise BlobNotFound(sha256)
        for seq in range(chunks):
            async with translated_errors():
                yield await self._pool.fetchval(
                    "SELECT content FROM blob_chunks WHERE blob_key = $1 AND seq = $2", sha256, seq
                )
