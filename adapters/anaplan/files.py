"""Moving files in chunks: downloads as an async stream of small pieces (memory bounded by
neither chunk nor file size), uploads in numbered chunks, gzip-compressed.

Uploads declare their chunk count when the size is known, send chunks 0, 1, 2, ... one
after the other as Anaplan's docs ask, compressing the next chunk while the current one is
on the wire. A declared count completes the file with its last chunk; only an upload of
unknown length declares -1 and then marks itself complete, as the docs prescribe.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import hashlib
import time
from collections.abc import AsyncIterable, AsyncIterator, Callable
from dataclasses import dataclass

from adapters.anaplan.discovery import Discovery
from adapters.anaplan.endpoints import Endpoints
from adapters.anaplan.errors import AnaplanMismatch
from adapters.anaplan.ports import Recorder
from adapters.anaplan.transport import Call, Transport
from adapters.postgres.blobs import BlobStore
from domain.events import AnaplanFileDownloaded, AnaplanFileUploaded

MB = 2**20
Buffer = bytes | bytearray
NO_CONTENT = frozenset({200, 204})


@dataclass(frozen=True, slots=True)
class FileOptions:
    upload_chunk_size: int = 10 * MB  # Anaplan takes 1 to 50 MB of uncompressed data
    gzip_level: int | None = 6  # None: send chunks uncompressed
    read_ahead: int = 8  # pieces (of up to 256 KB) downloaded ahead of the reader


@dataclass(frozen=True, slots=True)
class Download:
    """A file, or a failure dump, to fetch; and why, for the event log."""

    base_url: str
    chunk_ids: tuple[str, ...]
    file_id: str
    purpose: str  # export | dump | file
    task_id: str | None = None


@dataclass(frozen=True, slots=True)
class Transfer:
    file_id: str
    size: int
    sha256: str
    chunks: int
    sent_bytes: int
    duration_ms: int


class Files:
    def __init__(
        self,
        transport: Transport,
        endpoints: Endpoints,
        discovery: Discovery,
        recorder: Recorder,
        options: FileOptions = FileOptions(),
    ) -> None:
        self._transport = transport
        self._at = endpoints
        self._discovery = discovery
        self._recorder = recorder
        self._options = options

    async def chunk_ids(self, base_url: str) -> list[str]:
        """Ids of a file's or a dump's chunks, in order; `base_url` is the file or dump."""
        chunks = await self._discovery.pages(f"{base_url}/chunks", "chunks")
        return [str(chunk["id"]) for chunk in chunks]

    async def stream(self, base_url: str, chunk_ids: list[str]) -> AsyncIterator[bytes]:
        """The chunks' bytes in order, in pieces; the download runs ahead of the reader by
        at most `read_ahead` pieces, so memory does not grow with chunk or file size."""
        pieces: asyncio.Queue[bytes | None] = asyncio.Queue(self._options.read_ahead)
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
        began, digest, size = time.monotonic(), hashlib.sha256(), 0
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
                duration_ms=_ms(began),
            )
        )

    async def download_to_blob(
        self,
        blobs: BlobStore,
        what: Download,
        also: Callable[[bytes], None] = lambda piece: None,
    ) -> Transfer:
        """Stream the file into the blob store (and to `also`)."""
        began = time.monotonic()
        async with blobs.writer("text/csv") as writer:
            async for piece in self.download(what):
                await writer.write(piece)
                also(piece)
        chunks = len(what.chunk_ids)
        return Transfer(what.file_id, writer.size, writer.sha256, chunks, writer.size, _ms(began))

    async def upload(
        self, file_id: str, source: AsyncIterable[bytes], size: int | None
    ) -> Transfer:
        began = time.monotonic()
        chunk_size = self._options.upload_chunk_size
        count = -(-size // chunk_size) if size is not None else -1
        url = self._at.file(file_id)
        await self._transport.send(Call("POST", url, json={"chunkCount": count}))
        sent = await _Sender(self, url).send(_rechunk(source, chunk_size))
        if count < 0:
            await self._transport.send(Call("POST", f"{url}/complete", json={"id": file_id}))
        elif sent.chunks != count:
            raise AnaplanMismatch(f"declared {count} chunks for {size} bytes, sent {sent.chunks}")
        transfer = Transfer(
            file_id, sent.size, sent.hash.hexdigest(), sent.chunks, sent.wire, _ms(began)
        )
        await self._recorder.record(
            AnaplanFileUploaded(
                workspace_id=self._at.workspace_id,
                model_id=self._at.model_id,
                file_id=file_id,
                size=transfer.size,
                sha256=transfer.sha256,
                chunks=transfer.chunks,
                sent_bytes=transfer.sent_bytes,
                duration_ms=transfer.duration_ms,
            )
        )
        return transfer

    async def encode(self, piece: Buffer) -> tuple[Buffer, str]:
        """A chunk's body and content type; compressed in a thread, off the event loop."""
        level = self._options.gzip_level
        if level is None:
            return piece, "application/octet-stream"
        return await asyncio.to_thread(gzip.compress, piece, level, mtime=0), "application/x-gzip"

    async def put_chunk(self, url: str, index: int, body: Buffer, kind: str) -> int:
        call = Call("PUT", f"{url}/chunks/{index}", data=body, headers={"Content-Type": kind})
        await self._transport.send(call, NO_CONTENT)
        return len(body)


class _Sender:
    """Keeps one chunk on the wire while the next one is read and compressed."""

    def __init__(self, files: Files, url: str) -> None:
        self._files = files
        self._url = url
        self.hash = hashlib.sha256()
        self.size = self.chunks = self.wire = 0

    async def send(self, pieces: AsyncIterator[Buffer]) -> _Sender:
        in_flight: asyncio.Task[int] | None = None
        try:
            async for piece in pieces:
                self.hash.update(piece)
                self.size += len(piece)
                body, kind = await self._files.encode(piece)
                if in_flight is not None:
                    self.wire += await in_flight
                put = self._files.put_chunk(self._url, self.chunks, body, kind)
                in_flight = asyncio.ensure_future(put)
                self.chunks += 1
            if in_flight is not None:
                self.wire += await in_flight
        finally:
            if in_flight is not None and not in_flight.done():
                in_flight.cancel()
        return self


async def _rechunk(source: AsyncIterable[bytes], size: int) -> AsyncIterator[Buffer]:
    """Pieces of exactly `size` bytes (the last one shorter), whatever the source yields;
    a large input is cut, never copied whole."""
    buffer = bytearray()
    async for data in source:
        view = memoryview(data)
        while view:
            room = size - len(buffer)
            buffer += view[:room]
            view = view[room:]
            if len(buffer) == size:
                piece, buffer = buffer, bytearray()
                yield piece
    if buffer:
        yield buffer


def _ms(began: float) -> int:
    return int((time.monotonic() - began) * 1000)
