"""Migrations: an empty database upgrades to head and downgrades back to nothing."""

from __future__ import annotations

import asyncpg

from adapters.postgres import migrations
from adapters.postgres.urls import asyncpg_url

TABLES = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"


async def test_upgrade_to_head_and_back_down_to_base(db_url):
    conn = await asyncpg.connect(asyncpg_url(db_url))
    try:
        await migrations.downgrade(db_url, "base")
        assert await conn.fetchval(TABLES) == 1  # only alembic's version table is left
        await migrations.upgrade(db_url)
        assert await conn.fetchval("SELECT count(*) FROM events") == 0
        head = await conn.fetchval("SELECT version_num FROM alembic_version")
        await migrations.downgrade(db_url, "base")
        await migrations.upgrade(db_url)
        assert await conn.fetchval("SELECT version_num FROM alembic_version") == head
    finally:
        await conn.close()
