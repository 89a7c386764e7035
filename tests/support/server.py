"""The real service for end-to-end tests: uvicorn on an ephemeral loopback port."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass

import uvicorn

from adapters.crypto import new_key
from app.api.app import create_app
from app.bootstrap import Container, container
from app.settings import Settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def service_settings(db_url: str, **overrides: object) -> Settings:
    key = base64.b64encode(new_key()).decode()
    values = {
        "database_url": db_url,
        "migrate_on_start": False,
        "encryption_keys": f"test:{key}",
        "poll_interval": 0.05,
        "port": free_port(),
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


@dataclass
class RunningService:
    container: Container
    url: str


@contextlib.asynccontextmanager
async def running_service(settings: Settings) -> AsyncIterator[RunningService]:
    async with container(settings) as c:
        config = uvicorn.Config(
            create_app(c), host="127.0.0.1", port=settings.port, log_config=None, lifespan="off"
        )
        server = uvicorn.Server(config)
        task = asyncio.create_task(server.serve())
        while not server.started:
            await asyncio.sleep(0.01)
        try:
            yield RunningService(c, f"http://127.0.0.1:{settings.port}")
        finally:
            server.should_exit = True
            await task
