"""Shared bench plumbing: a fresh database per benchmark and the side-by-side table."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import asyncpg

from adapters.postgres import embedded
from adapters.postgres.urls import asyncpg_url, with_database
from domain.connection import (
    ActualsImport,
    AnaplanAuth,
    AnaplanSettings,
    ConnectionSettings,
    ExportLayout,
    PlanColumns,
    PlanExport,
    PostingRules,
    QuickBooksSettings,
)

ROOT = Path(__file__).resolve().parents[1]


def server_url() -> str:
    for name in ("MLC_BENCH_DATABASE_URL", "MLC_TEST_DATABASE_URL", "MLC_DATABASE_URL"):
        if os.environ.get(name):
            return os.environ[name]
    return embedded.start(ROOT / "var" / "bench-pg")


def ledger_only_connection(name: str, username: str, file_id: str) -> ConnectionSettings:
    """A connection for benches that only read the ledger: its Anaplan side is never called."""
    return ConnectionSettings(
        name=name,
        quickbooks=QuickBooksSettings(qbwc_username=username, file_id=file_id),
        anaplan=AnaplanSettings(auth=AnaplanAuth.BASIC, workspace_id="w", model_id="m"),
        plan_export=PlanExport(
            action="x",
            layout=ExportLayout.SINGLE_COLUMN,
            columns=PlanColumns(account="a", cost_center="c", version="v"),
        ),
        actuals_import=ActualsImport(action="y", data_source="z"),
        posting=PostingRules(offset_account="Budget Offset"),
    )


async def fresh_database(name: str) -> str:
    url = server_url()
    admin = await asyncpg.connect(asyncpg_url(with_database(url, "postgres")))
    try:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.execute(f"CREATE DATABASE {name}")
    finally:
        await admin.close()
    return with_database(url, name)


def libpq_params(url: str) -> dict[str, str]:
    """host/port/user/password/dbname for libpq-style clients (socket dirs included)."""
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    return {
        "host": query.get("host") or parts.hostname or "localhost",
        "port": str(parts.port or query.get("port") or 5432),
        "user": parts.username or "postgres",
        "password": parts.password or "",
        "dbname": parts.path.lstrip("/"),
    }


@contextmanager
def stopwatch():
    clock = {"start": time.perf_counter()}
    yield clock
    clock["seconds"] = time.perf_counter() - clock["start"]


@dataclass(frozen=True)
class Row:
    workload: str
    unit: str
    ours: float
    theirs: float | None  # None: the peer has no such figure (printed as a dash)
    aim: str = ""
    lower_is_better: bool = False  # e.g. requests used, memory

    @property
    def ratio(self) -> float:
        assert self.theirs is not None
        return self.ours / self.theirs if self.theirs else float("inf")


def print_table(
    title: str, peer: str, rows: Sequence[Row], *, higher_is_better: bool = True
) -> None:
    print(f"\n{title}")
    header = f"{'workload':<44} {'ml-connector':>14} {peer:>14} {'ratio':>8}  aim"
    print(header)
    print("-" * len(header))
    for row in rows:
        better_high = higher_is_better and not row.lower_is_better
        print(
            f"{row.workload:<44} {_cell(row.ours, row.unit)} {_cell(row.theirs, row.unit)} "
            f"{_ratio(row, better_high)}  {row.aim}"
        )


def _ratio(row: Row, better_high: bool) -> str:
    """How many times better ours is (below 1: worse); a dash without a peer figure."""
    if row.theirs is None:
        return f"{'-':>8}"
    ratio = row.ratio if better_high else (1 / row.ratio if row.ratio else float("inf"))
    return f"{ratio:>7.2f}x"


def _cell(value: float | None, unit: str) -> str:
    """Small values keep a decimal (MB/s, MB); counts and rates print whole."""
    if value is None:
        return f"{'-':>10} {unit:<4}"
    number = f"{value:>10,.1f}" if abs(value) < 1000 and value != int(value) else f"{value:>10,.0f}"
    return f"{number} {unit:<4}"
