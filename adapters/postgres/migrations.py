"""Applies alembic migrations programmatically (on start, from the CLI and in tests)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic.config import Config

from alembic import command, op

_ROOT = Path(__file__).resolve().parents[2]


def alembic_config(url: str) -> Config:
    config = Config(toml_file=str(_ROOT / "pyproject.toml"))
    config.set_main_option("script_location", str(_ROOT / "alembic"))
    config.attributes["database_url"] = url
    return config


async def upgrade(url: str, revision: str = "head") -> None:
    # alembic's env.py runs its own event loop, so it gets a thread of its own.
    await asyncio.to_thread(command.upgrade, alembic_config(url), revision)


async def downgrade(url: str, revision: str = "base") -> None:
    await asyncio.to_thread(command.downgrade, alembic_config(url), revision)


def execute_script(script: str) -> None:
    """Run a migration's SQL script one statement at a time (the driver wants that)."""
    for statement in split_statements(script):
        op.execute(statement)


def split_statements(script: str) -> list[str]:
    """Split on statement ends outside $$-quoted function bodies."""
    statements: list[str] = []
    current: list[str] = []
    quoted = False
    for line in script.splitlines(keepends=True):
        current.append(line)
        quoted ^= line.count("$$") % 2 == 1
        if not quoted and line.rstrip().endswith(";"):
            statements.append("".join(current).strip())
            current = []
    return statements
