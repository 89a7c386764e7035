"""Anaplan transfers beside anaplan-sdk, doing the same work against the same simulator.

The simulator runs in its own process, so the peak memory measured (tracemalloc, in a run
of its own) is the client's alone. Both clients poll a task once a second at first (the
SDK's default, fixed; ours backs off from there), upload 10 MB chunks gzip-compressed, and
count only Integration API requests (not logins). Downloads are shown twice for us: streamed
(like for like with the SDK, which keeps the file in memory) and into the PostgreSQL blob
store, which is what the product does so a replay never needs Anaplan.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
import tracemalloc
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import anaplan_sdk

from adapters.anaplan.auth import AuthServiceTokens, Login, basic_login
from adapters.anaplan.client import AnaplanClient, ClientOptions
from adapters.anaplan.polling import PollPolicy
from adapters.anaplan.tokens import TokenCache
from adapters.anaplan.transport import Transport
from adapters.anaplan.uploads import UploadOptions
from adapters.postgres import migrations
from adapters.postgres.advisory import AdvisoryLocks
from adapters.postgres.blobs import BlobStore
from adapters.postgres.eventstore import PostgresEventStore
from adapters.postgres.pool import create_pool
from adapters.postgres.rate_budget import PostgresRequestBudget, RateLimit
from app.anaplan import StreamRecorder
from bench.anaplan_world import IMPORT_COLUMNS, account
from bench.support import ROOT, Row, fresh_database, print_table
from domain.connection import AnaplanAuth, AnaplanSettings
from domain.envelope import Metadata
from simulators.anaplan.sdk_transport import AsyncRedirect
from simulators.anaplan.server import SimUrls

MB = 2**20
ACCOUNTS = 1700  # x 10 cost centers x 12 months: 204,000 export rows, about 50 MB
CHUNK = 10 * MB
IMPORT_ROWS = 25_000  # with a 2 KB notes column: about 50 MB
NOTES = "n" * 2000
Work = Callable[[], Awaitable[Any]]


@dataclass(frozen=True)
class Measured:
    seconds: float
    requests: int
    peak_mb: float


async def start_world() -> tuple[asyncio.subprocess.Process, dict[str, Any]]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.anaplan_world",
        str(ACCOUNTS),
        str(CHUNK),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    return process, json.loads(await process.stdout.readline())


def import_content() -> bytes:
    lines = [",".join(IMPORT_COLUMNS)]
    for n in range(IMPORT_ROWS):
        month = ("Jan", "Feb", "Mar")[n % 3]
        lines.append(f'"{account(n % ACCOUNTS)}",Cost center 01,{month} 27,Actual,{n}.5,{NOTES}')
    return ("\n".join(lines) + "\n").encode()


class Simulator:
    def __init__(self, session: aiohttp.ClientSession, world: dict[str, Any]) -> None:
        self.session = session
        self.world = world
        self.control = world["urls"]["control"]

    async def api_requests(self) -> int:
        async with self.session.get(f"{self.control}/counters") as response:
            counters = await response.json()
        return sum(n for endpoint, n in counters["requests"].items() if " /2/0/" in endpoint)

    async def reset(self) -> None:
        async with self.session.post(f"{self.control}/counters/reset"):
            pass

    async def token(self) -> str:
        url = f"{self.control}/tokens"
        async with self.session.post(url, json={"email": self.world["user"]}) as response:
            return str((await response.json())["tokenValue"])

    async def measure(self, work: Work) -> Measured:
        await self.reset()
        started = time.perf_counter()
        await work()
        seconds = time.perf_counter() - started
        requests = await self.api_requests()
        tracemalloc.start()
        try:
            await work()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        return Measured(seconds, requests, peak / MB)


async def ours(
    session: aiohttp.ClientSession, world: dict[str, Any], url: str
) -> Callable[[], AnaplanClient]:
    """A new client per run, as the product makes one per run; the token is shared."""
    pool = await create_pool(url, max_size=4)
    urls = world["urls"]
    transport = Transport(session, PostgresRequestBudget(pool, RateLimit(10**6)), "bench")

    async def login() -> Login:
        return basic_login(world["user"], world["password"])

    tokens = TokenCache(AuthServiceTokens(transport, urls["auth"], login, time.time))
    settings = AnaplanSettings(
        auth=AnaplanAuth.BASIC,
        workspace_id=world["workspace"],
        model_id=world["model"],
        api_url=urls["api"],
        auth_url=urls["auth"],
    )
    options = ClientOptions(
        uploads=UploadOptions(chunk_size=CHUNK),
        polling=PollPolicy(first=1.0, minimum=1.0),
    )
    recorder = StreamRecorder(PostgresEventStore(pool), "anaplan-bench-run", Metadata())
    api, blobs, locks = transport.authorized(tokens), BlobStore(pool), AdvisoryLocks(url)
    return lambda: AnaplanClient(settings, api, blobs, locks, recorder, options)


async def theirs(simulator: Simulator) -> anaplan_sdk.AsyncClient:
    world = simulator.world
    return anaplan_sdk.AsyncClient(
        workspace_id=world["workspace"],
        model_id=world["model"],
        user_email=world["user"],
        password=world["password"],
        token=await simulator.token(),
        status_poll_delay=1,
        upload_chunk_size=CHUNK,
        transport=AsyncRedirect(SimUrls(**world["urls"])),
    )


def rows(
    name: str, size_mb: float, mine: Measured, peer: Measured, aim: str = ">= 1x"
) -> list[Row]:
    return [
        Row(f"{name}: speed", "MB/s", size_mb / mine.seconds, size_mb / peer.seconds, aim),
        Row(f"{name}: API requests", "req", mine.requests, peer.requests, "fewer", True),
        Row(f"{name}: peak memory", "MB", mine.peak_mb, peer.peak_mb, "flat", True),
    ]


async def compare(simulator: Simulator, run: Callable[[], AnaplanClient], peer: Any) -> list[Row]:
    world = simulator.world
    export_id, import_id, file_id = world["export"], world["import"], world["file"]
    content = import_content()
    exported = await run().export_to_blob(export_id)  # also warms both sides up
    await peer.run_action(int(export_id))
    size, upload = exported.size / MB, len(content) / MB
    return [
        *rows(
            f"download {size:.0f} MB, streamed",
            size,
            await simulator.measure(lambda: drain(run().stream_file(export_id))),
            await simulator.measure(lambda: peer.get_file(int(export_id))),
        ),
        *rows(
            "download to blob (sdk: RAM)",
            size,
            await simulator.measure(lambda: run().download_export(export_id)),
            await simulator.measure(lambda: peer.get_file(int(export_id))),
            aim="PostgreSQL-bound",
        ),
        *rows(
            f"upload {upload:.0f} MB import file",
            upload,
            await simulator.measure(lambda: run().upload_file(file_id, content)),
            await simulator.measure(lambda: peer.upload_file(int(file_id), content)),
        ),
        *rows(
            "export task + download",
            size,
            await simulator.measure(lambda: run().export_to_blob(export_id)),
            await simulator.measure(lambda: peer.export_and_download(int(export_id))),
        ),
        *rows(
            "upload + import task",
            upload,
            await simulator.measure(lambda: run().import_file(import_id, content)),
            await simulator.measure(
                lambda: peer.upload_and_import(int(file_id), content, int(import_id))
            ),
        ),
    ]


async def drain(pieces: AsyncIterator[bytes]) -> int:
    return sum([len(piece) async for piece in pieces])


async def main() -> None:
    url = await fresh_database("mlc_bench_anaplan")
    await migrations.upgrade(url)
    process, world = await start_world()
    try:
        async with aiohttp.ClientSession() as session:
            simulator = Simulator(session, world)
            run, peer = await ours(session, world, url), await theirs(simulator)
            table = await compare(simulator, run, peer)
    finally:
        process.terminate()
        await process.wait()
    print_table("Anaplan: ml-connector vs anaplan-sdk, same simulator", "anaplan-sdk", table)
