"""Uploading an import's data source file in numbered, gzip-compressed chunks.

The chunk count is declared when the size is known; chunks 0, 1, 2, ... go one after the
other, as Anaplan's docs ask, while the next one is read and compressed. A declared count
completes the file with its last chunk; only an upload of unknown length declares -1 and
then marks itself complete, as the docs prescribe.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass

from adapters.anaplan.endpoints import Endpoints
from adapters.anaplan.errors import AnaplanMismatch
from adapters.anaplan.ports import Recorder
from adapters.anaplan.transfers import Transfer, elapsed_ms, now
from adapters.anaplan.transport import Transport
from adapters.anaplan.wire import Call
from domain.events import AnaplanFileUploaded

MB = 2**20
Buffer = bytes | bytearray
NO_CONTENT = frozenset({200, 204})


@dataclass(frozen=True, slots=True)
class UploadOptions:
    chunk_size: int = 10 * MB  # Anaplan takes 1 to 50 MB of uncompressed data a chunk
    gzip_level: int | None = 6  # None: send chunks uncompressed


class Uploads:
    def __init__(
        self,
        transport: Transport,
        endpoints: Endpoints,
        recorder: Recorder,
        options: UploadOptions,
    ) -> None:
        self._transport = transport
        self._at = endpoints
        self._recorder = recorder
        self._options = options

    async def upload(
        self, file_id: str, source: AsyncIterable[bytes], size: int | None
    ) -> Transfer:
        if size == 0:  # Anaplan would keep the file's old content
            raise AnaplanMismatch(f"refusing to upload an empty file to {file_id}")
        began = now()
        chunk_size = self._options.chunk_size
        count = -(-size // chunk_size) if size is not None else -1
        url = self._at.file(file_id)
        await self._transport.send(Call("POST", url, json={"chunkCount": count}))
        sent = await _Sender(self, url).send(_rechunk(source, chunk_size))
        if count < 0:
            await self._transport.send(Call("POST", f"{url}/complete", json={"id": file_id}))
        elif sent.chunks != count:
            raise AnaplanMismatch(f"declared {count} chunks for {size} bytes, sent {sent.chunks}")
        transfer = Transfer(
            file_id, sent.size, sent.hash.hexdigest(), sent.chunks, sent.wire, elapsed_ms(began)
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

    def __init__(self, files: Uploads, url: str) -> None:
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
