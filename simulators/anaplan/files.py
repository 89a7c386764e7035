"""File endpoints: chunk lists and downloads, chunked and one-shot uploads (§7, §8)."""

import asyncio
import json
import zlib
from pathlib import Path
from typing import BinaryIO

from aiohttp import web

from . import ids
from .envelope import ApiError, ok, page
from .filestore import FileSlot, StoredContent, UploadSession
from .model import Model
from .routing import add_model_route, found, model_of, state_of

READ_BLOCK = 1 << 20


def _slot(request: web.Request) -> tuple[Model, FileSlot]:
    model = model_of(request)
    return model, found(model.files.get(request.match_info["fileId"]))


def _content(request: web.Request) -> StoredContent:
    """Files with no content (chunkCount 0) answer 404 to every download."""
    _, slot = _slot(request)
    if slot.content is None or slot.content.chunk_count == 0:
        raise ApiError(404)
    return slot.content


def chunk_list(content: StoredContent | None) -> list[dict[str, str]]:
    count = content.chunk_count if content else 0
    return [{"id": str(index), "name": f"Chunk {index}"} for index in range(count)]


def chunk_index(request: web.Request, content: StoredContent) -> int:
    text = request.match_info["chunkId"]
    if not text.isdigit() or int(text) >= content.chunk_count:
        raise ApiError(404)
    return int(text)


async def list_chunks(request: web.Request) -> web.Response:
    model, slot = _slot(request)
    return page(request, "chunks", chunk_list(slot.content), "chunk", model.id)


async def get_chunk(request: web.Request) -> web.Response:
    content = _content(request)
    data = content.read_chunk(chunk_index(request, content))
    return web.Response(body=data, content_type="application/octet-stream")


async def get_file(request: web.Request) -> web.StreamResponse:
    return await stream_content(request, _content(request), "application/octet-stream")


async def stream_content(
    request: web.Request, content: StoredContent, content_type: str
) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": content_type})
    response.content_length = content.size
    await response.prepare(request)
    with content.open() as stream:
        while block := stream.read(READ_BLOCK):
            await response.write(block)
    await response.write_eof()
    return response


async def declare(request: web.Request) -> web.Response:
    """POST {"chunkCount": N | -1}; an unknown id or name creates a new, unwired file."""
    model = model_of(request)
    declared = _declared_count(await request.read())
    if declared > state_of(request).config.max_chunks:
        raise ApiError(400, f"A file may have at most {state_of(request).config.max_chunks} chunks")
    slot = model.files.get(request.match_info["fileId"]) or _new_file(model, request)
    _drop_upload(slot)
    slot.upload = UploadSession(declared)
    body = slot.metadata() | ({"chunkCount": declared} if declared >= 0 else {})
    return ok(request, "file", body, "file", model.id)


def _declared_count(raw: bytes) -> int:
    try:
        body = json.loads(raw or b"{}")
        return int(body.get("chunkCount", -1))
    except (ValueError, TypeError, AttributeError) as bad:
        raise ApiError(400, "Body must be JSON with chunkCount") from bad


def _new_file(model: Model, request: web.Request) -> FileSlot:
    name = request.match_info["fileId"]
    slot = FileSlot(
        model.ids.next(ids.FILE), name, header_row=-1, first_data_row=-1, separator="\t"
    )
    model.files[slot.id] = slot
    return slot


def _drop_upload(slot: FileSlot) -> None:
    if slot.upload is not None:
        slot.upload.discard()
        slot.upload = None


async def put_chunk(request: web.Request) -> web.Response:
    _, slot = _slot(request)
    state = state_of(request)
    index = _upload_index(request, slot, state.config.max_chunks)
    path = state.workdir.new_path(f"chunk-{slot.id}-{index}")
    await receive_body(request, path, state.config.max_upload_chunk)
    upload = slot.upload or UploadSession(-1)
    slot.upload = upload
    upload.add_piece(index, path)
    if upload.complete:
        _finish(slot, state.workdir.new_path(f"file-{slot.id}"))
    return web.Response(status=204)


def _upload_index(request: web.Request, slot: FileSlot, max_chunks: int) -> int:
    text = request.match_info["chunkId"]
    declared = slot.upload.declared if slot.upload else -1
    limit = declared if declared >= 0 else max_chunks
    if not text.isdigit() or int(text) >= limit:
        raise ApiError(400, f"Chunk {text} is outside the declared chunk count")
    return int(text)


def _finish(slot: FileSlot, target: Path) -> None:
    upload = slot.upload
    assert upload is not None
    if set(upload.pieces) != set(range(len(upload.pieces))):
        raise ApiError(400, "Chunks must be numbered 0, 1, 2, ... without gaps")
    slot.upload = None
    slot.replace_content(upload.assemble(target))


async def complete(request: web.Request) -> web.Response:
    """Marks a -1 upload complete; its chunk count is the number of chunks received."""
    model, slot = _slot(request)
    if slot.upload is not None:
        _finish(slot, state_of(request).workdir.new_path(f"file-{slot.id}"))
    return ok(request, "file", slot.metadata(), "file", model.id)


async def put_file(request: web.Request) -> web.Response:
    """One-shot upload: the whole file in one request, stored as a single chunk."""
    _, slot = _slot(request)
    state = state_of(request)
    path = state.workdir.new_path(f"file-{slot.id}")
    size = await receive_body(request, path, None, inflate=False)
    _drop_upload(slot)
    slot.replace_content(StoredContent(path, (0, size) if size else (0,)))
    return web.Response(status=204)


async def delete_file(request: web.Request) -> web.Response:
    _, slot = _slot(request)
    _drop_upload(slot)
    slot.replace_content(None)
    return web.Response(status=204)


async def receive_body(
    request: web.Request, path: Path, limit: int | None, inflate: bool = True
) -> int:
    """Streams the body to `path`, gunzipping application/x-gzip; the limit is uncompressed."""
    gzipped = inflate and request.content_type == "application/x-gzip"
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None
    size = 0
    out = await asyncio.to_thread(path.open, "wb")
    try:
        async for block in request.content.iter_chunked(READ_BLOCK):
            data = _inflate(inflater, block, limit, size) if inflater else block
            size += len(data)
            _check_size(size, limit)
            await asyncio.to_thread(out.write, data)
    except ApiError:
        _abandon(out, path)
        raise
    out.close()
    return size


def _abandon(out: BinaryIO, path: Path) -> None:
    out.close()
    path.unlink(missing_ok=True)


def _inflate(inflater: "zlib._Decompress", block: bytes, limit: int | None, size: int) -> bytes:
    room = 0 if limit is None else max(limit - size + 1, 1)
    try:
        return inflater.decompress(block, room)
    except zlib.error as bad:
        raise ApiError(400, "Chunk is not valid gzip data") from bad


def _check_size(size: int, limit: int | None) -> None:
    if limit is not None and size > limit:
        raise ApiError(400, f"A chunk may hold at most {limit} bytes of uncompressed data")


def add_routes(app: web.Application) -> None:
    add_model_route(app, "GET", "/files/{fileId}/chunks", list_chunks)
    add_model_route(app, "GET", "/files/{fileId}/chunks/{chunkId}", get_chunk)
    add_model_route(app, "PUT", "/files/{fileId}/chunks/{chunkId}", put_chunk)
    add_model_route(app, "POST", "/files/{fileId}/complete", complete)
    add_model_route(app, "GET", "/files/{fileId}", get_file)
    add_model_route(app, "POST", "/files/{fileId}", declare)
    add_model_route(app, "PUT", "/files/{fileId}", put_file)
    add_model_route(app, "DELETE", "/files/{fileId}", delete_file)
