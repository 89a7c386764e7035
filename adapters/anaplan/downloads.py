"""Downloading files and failure dumps: an async stream of small pieces, with the download
running a little ahead of the reader, so memory grows with neither chunk nor file size."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

from adapters.anaplan.discovery import Discovery
from adapters.anaplan.endpoints import Endpoints
from adapters.anaplan.ports import Recorder
from adapters.anaplan.transfers import Transfer, elapsed_ms, now
from adapters.anaplan.transport import Transport
from adapters.anaplan.wire import Call
from adapters.postgres.blobs import BlobStore
from domain.events import AnaplanFileDownloaded


@dataclass(frozen=True, slots=True)
class Download:
    """A file, or a failure dump, to fetch; and why, for the event log."""

    base_url: str
    chunk_ids: tuple[str, ...]
    file_id: str
    purpose: str  # export | dump | file
    task_id: str | None = None


class Downloads:
    def __init__(
        self,
        transport: Transport,
        endpoints: Endpoints,
        discovery: Discovery,
        recorder: Recorder,
        read_ahead: int,
    ) -> None:
        self._transport = transport
        self._at = endpoints
        self._discovery = discovery
        self._recorder = recorder
        self._read_ahead = read_ahead

    async def chunk_ids(self, base_url: str) -> list[str]:
        """Ids of a file's or a dump's chunks, in order; `base_url` is the file or dump."""
        chunks = await self._discovery.pages(f"{base_url}/chunks", "chunks")
        return [str(chunk["id"]) for chunk in chunks]

    async def stream(self, base_url: str, chunk_ids: list[str]) -> AsyncIterator[bytes]:
        """The chunks' bytes in order, in pieces; the download runs ahead of the reader by
        at most `read_ahead` pieces, so memory does not grow with chunk or file size."""
        pieces: asyncio.Queue[bytes | None] = asyncio.Queue(self._read_ahead)
        fetcher = asyncio.ensure_future(self._fetch(base_url, chunk_ids, pieces))
        try:
            while (piece := await pieces.get()) is not None:
                yield piece
            await fetcher  # raises what stopped the download, if anything did
        finally:
            fetcher.cancel()
            with contextlib.suppress(BaseException):
                await fetcher

    async def _fetch(
        self, base_url: str, chunk_ids: list[str], pieces: asyncio.Queue[bytes | None]
    ) -> None:
        try:
            for chunk_id in chunk_ids:
                call = Call(
                    "GET",
                    f"{base_url}/chunks/{chunk_id}",
                    headers={"Accept": "application/octet-stream"},
                )
                await self._transport.stream(call, pieces.put)
        finally:
            await pieces.put(None)

    async def download(self, what: Download) -> AsyncIterator[bytes]:
        """The file's bytes in pieces; once the last is read, the download is recorded."""
        began, digest, size = now(), hashlib.sha256(), 0
        async for piece in self.stream(what.base_url, list(what.chunk_ids)):
            digest.update(piece)
            size += len(piece)
            yield piece
        await self._recorder.record(
            AnaplanFileDownloaded(
                workspace_id=self._at.workspace_id,
                model_id=self._at.model_id,
                file_id=what.file_id,
                purpose=what.purpose,
                task_id=what.task_id,
                size=size,
                sha256=digest.hexdigest(),
                chunks=len(what.chunk_ids),
                duration_ms=elapsed_ms(began),
            )
        )

    async def download_to_blob(
        self,
        blobs: BlobStore,
        what: Download,
        also: Callable[[bytes], None] = lambda piece: None,
    ) -> Transfer:
        """Stream the file into the blob store (and to `also`)."""
        began = now()
        async with blobs.writer("text/csv") as writer:
            async for piece in self.download(what):
                await writer.write(piece)
                also(piece)
        chunks = len(what.chunk_ids)
        return Transfer(
            what.file_id, writer.size, writer.sha256, chunks, writer.size, elapsed_ms(began)
        )
