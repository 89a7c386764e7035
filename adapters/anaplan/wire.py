"""What goes over the wire: a call, its reply, and reading either out of HTTP."""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import aiohttp

Sink = Callable[[bytes], Awaitable[None]]
PIECE = 256 * 1024  # streamed bodies arrive in pieces of at most this size


@dataclass(frozen=True, slots=True)
class Call:
    method: str
    url: str
    params: Mapping[str, str] | None = None
    json: Any = None
    data: bytes | bytearray | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    idempotent: bool = True

    @property
    def path(self) -> str:
        return urlsplit(self.url).path


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else {}

    @property
    def message(self) -> str:
        """Anaplan's own words for a failure, from whichever error shape it used."""
        try:
            body = self.json()
        except ValueError:
            return self.body[:200].decode("utf-8", "replace")
        if not isinstance(body, dict):
            return ""
        status = body.get("status")
        if isinstance(status, dict):
            return str(status.get("message", ""))
        return str(body.get("statusMessage") or body.get("error_description") or status or "")


@dataclass(frozen=True, slots=True)
class Failed:
    reply: Reply


async def read_reply(response: aiohttp.ClientResponse) -> Reply:
    return Reply(response.status, dict(response.headers), await response.read())


class Resume:
    """Feeds a streamed body to its sink, skipping what an earlier attempt delivered."""

    def __init__(self, sink: Sink) -> None:
        self._sink = sink
        self.delivered = 0

    async def consume(self, response: aiohttp.ClientResponse) -> None:
        seen = 0
        async for piece in response.content.iter_chunked(PIECE):
            fresh = piece[max(self.delivered - seen, 0) :]
            seen += len(piece)
            if fresh:
                await self._sink(fresh)
                self.delivered += len(fresh)


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(moment.timestamp() - time.time(), 0.0)


def describe(failure: BaseException) -> str:
    return f"{type(failure).__name__}: {failure}".rstrip(": ")
