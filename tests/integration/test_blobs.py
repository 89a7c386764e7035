"""Content-addressed blob storage streamed in chunks."""

from __future__ import annotations

import hashlib

import pytest

from adapters.postgres import blobs as blobs_module
from adapters.postgres.blobs import BlobNotFound, BlobStore


async def test_content_is_stored_once_under_its_hash_and_streams_back(pool, monkeypatch):
    monkeypatch.setattr(blobs_module, "CHUNK", 1000)
    store = BlobStore(pool)
    data = bytes(range(256)) * 17  # 4352 bytes -> 5 chunks
    async with store.writer("text/csv") as writer:
        for i in range(0, len(data), 333):
            await writer.write(data[i : i + 333])
    assert writer.sha256 == hashlib.sha256(data).hexdigest()
    assert [len(c) async for c in store.stream(writer.sha256)] == [1000] * 4 + [352]
    assert await store.put(data, "text/csv") == writer.sha256  # same content, no second copy
    assert await pool.fetchval("SELECT count(*) FROM blob_chunks") == 5
    assert await store.get(writer.sha256) == data


async def test_an_aborted_write_leaves_nothing_behind(pool):
    store = BlobStore(pool)
    with pytest.raises(ConnectionError):
        async with store.writer("text/csv") as writer:
            await writer.write(b"half a file")
            raise ConnectionError("download lost")
    assert await pool.fetchval("SELECT count(*) FROM blob_chunks") == 0
    with pytest.raises(BlobNotFound):
        await store.get(hashlib.sha256(b"half a file").hexdigest())


async def test_empty_content_is_a_valid_blob(pool):
    store = BlobStore(pool)
    sha = await store.put(b"", "text/csv")
    assert await store.get(sha) == b""


async def test_small_content_is_stored_once_however_often_it_is_put(pool):
    store = BlobStore(pool)
    message = b"<?xml version='1.0'?><QBXML/>"
    shas = {await store.put(message, "application/xml") for _ in range(3)}
    assert shas == {hashlib.sha256(message).hexdigest()}
    assert await store.get(shas.pop()) == message
    counts = await pool.fetchrow(
        "SELECT (SELECT count(*) FROM blobs) AS blobs, (SELECT count(*) FROM blob_chunks) AS chunks"
    )
    assert (counts["blobs"], counts["chunks"]) == (1, 1)
