"""Fault scenarios share warm `mlc` spares (see processes.py) for the whole test run."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.faults.processes import Spares


@pytest.fixture(scope="session")
async def spares(tmp_path_factory) -> AsyncIterator[Spares]:
    pool = Spares(tmp_path_factory.mktemp("mlc"))
    yield pool
    await pool.close()
