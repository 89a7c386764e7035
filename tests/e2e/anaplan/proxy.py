"""A forwarding proxy in front of the simulator that can lose responses after the simulator
has acted on the request (what a timeout after a successful task start looks like from the
client), or break a response off half way through its body. The simulator's own faults act
before its handlers run, so they can do neither."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
from aiohttp import web

HOP_BY_HOP = {"host", "content-length", "transfer-encoding", "connection"}


class LossyProxy:
    def __init__(
        self, target: str, method: str, path: str, times: int = 1, half: bool = False
    ) -> None:
        self._target = target.rstrip("/")
        self._method, self._path, self._left = method, re.compile(path), times
        self._half = half
        self.lost = 0

    async def handle(self, request: web.Request) -> web.StreamResponse:
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        async with (
            aiohttp.ClientSession() as session,
            session.request(
                request.method,
                self._target + request.path_qs,
                headers=headers,
                data=await request.read(),
            ) as answer,
        ):
            body = await answer.read()
            if not self._loses(request):
                return web.Response(status=answer.status, body=body, headers=_kept(answer))
            if self._half:
                return await _half_then_abort(request, answer, body)
            request.transport.abort()  # the simulator acted; the client hears nothing
            return web.Response(status=500)

    def _loses(self, request: web.Request) -> bool:
        if request.method != self._method or not self._path.search(request.path):
            return False
        if self._left <= 0:
            return False
        self._left -= 1
        self.lost += 1
        return True


async def _half_then_abort(
    request: web.Request, answer: aiohttp.ClientResponse, body: bytes
) -> web.StreamResponse:
    response = web.StreamResponse(status=answer.status, headers=_kept(answer))
    response.content_length = len(body)
    await response.prepare(request)
    await response.write(body[: len(body) // 2])
    transport = request.transport
    while transport.get_write_buffer_size():  # the half must leave before the cut
        await asyncio.sleep(0.001)
    transport.abort()
    return response


def _kept(answer: aiohttp.ClientResponse) -> dict[str, str]:
    return {k: v for k, v in answer.headers.items() if k.lower() not in HOP_BY_HOP}


@asynccontextmanager
async def lossy_proxy(
    target_origin: str, method: str, path: str, half: bool = False
) -> AsyncIterator[LossyProxy]:
    proxy = LossyProxy(target_origin, method, path, half=half)
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", proxy.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    proxy.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        yield proxy
    finally:
        await runner.cleanup()
