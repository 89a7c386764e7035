"""Test databases: a migrated template per checkout, cloned for every test that needs one.

Uses MLC_TEST_DATABASE_URL when set (CI has PostgreSQL on 127.0.0.1:5432), else the
embedded server under var/test-pg. Never SQLite, never a fake.
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import psutil
import pytest

from adapters.postgres import embedded, migrations
from adapters.postgres.eventstore import PostgresEventStore
from adapters.postgres.pool import create_pool
from adapters.postgres.urls import asyncpg_url, with_database

ROOT = Path(__file__).resolve().parents[1]
_PREFIX = "mlc_" + hashlib.sha1(str(ROOT).encode()).hexdigest()[:8]
_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    return os.environ.get("MLC_TEST_DATABASE_URL") or embedded.start(ROOT / "var" / "test-pg")


async def _admin(server_url: str) -> asyncpg.Connection:
    return await asyncpg.connect(asyncpg_url(with_database(server_url, "postgres")))


@pytest.fixture(scope="session")
async def template_db(pg_server_url: str) -> str:
    name = f"{_PREFIX}_tpl"
    admin = await _admin(pg_server_url)
    try:
        await _drop_leftovers(admin)
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.execute(f"CREATE DATABASE {name}")
    finally:
        await admin.close()
    await migrations.upgrade(with_database(pg_server_url, name))
    return name


async def _drop_leftovers(admin: asyncpg.Connection) -> None:
    """Databases left by killed test runs of this checkout."""
    rows = await admin.fetch(
        "SELECT datname FROM pg_database WHERE starts_with(datname, $1)", f"{_PREFIX}_t_"
    )
    for row in rows:
        pid = int(row["datname"].split("_")[3])
        if not psutil.pid_exists(pid):
            await admin.execute(f"DROP DATABASE IF EXISTS {row['datname']} WITH (FORCE)")


@pytest.fixture
async def db_url(pg_server_url: str, template_db: str) -> AsyncIterator[str]:
    name = f"{_PREFIX}_t_{os.getpid()}_{next(_counter)}"
    admin = await _admin(pg_server_url)
    try:
        await admin.execute(f"CREATE DATABASE {name} TEMPLATE {template_db}")
        yield with_database(pg_server_url, name)
    finally:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.close()


@pytest.fixture
async def pool(db_url: str) -> AsyncIterator[asyncpg.Pool]:
    pool = await create_pool(db_url, max_size=12)
    yield pool
    await pool.close()


@pytest.fixture
def store(pool: asyncpg.Pool) -> PostgresEventStore:
    return PostgresEventStore(pool)
