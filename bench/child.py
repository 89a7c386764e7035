"""The product as a child process, as `mlc run` starts it (service + worker in one
process), and the peak of its resident memory sampled while a benchmark runs."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import psutil

from app.settings import Settings

MB = 2**20


@dataclass
class Child:
    pid: int
    url: str


@contextlib.asynccontextmanager
async def product_process(settings: Settings) -> AsyncIterator[Child]:
    mlc = Path(sys.executable).parent / "mlc"
    process = subprocess.Popen(  # noqa: ASYNC220 -- started once, stopped below
        [str(mlc), "run"], env={**os.environ, **_environment(settings)}, stdout=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{settings.port}"
    try:
        await _until_healthy(url, process)
        yield Child(process.pid, url)
    finally:
        process.terminate()
        try:
            await asyncio.to_thread(process.wait, 30)
        except subprocess.TimeoutExpired:
            process.kill()


def _environment(settings: Settings) -> dict[str, str]:
    secret = settings.encryption_keys
    assert settings.database_url is not None and secret is not None
    return {
        "MLC_DATABASE_URL": settings.database_url.get_secret_value(),
        "MLC_ENCRYPTION_KEYS": secret.get_secret_value(),
        "MLC_HOST": "127.0.0.1",
        "MLC_PORT": str(settings.port),
        "MLC_MIGRATE_ON_START": "false",
        "MLC_POLL_INTERVAL": str(settings.poll_interval),
        "MLC_ANAPLAN_POLL_SECONDS": str(settings.anaplan_poll_seconds),
        "MLC_LOG_LEVEL": settings.log_level,
    }


async def _until_healthy(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    async with aiohttp.ClientSession() as http:
        for _ in range(int(seconds / 0.1)):
            if process.poll() is not None:
                raise RuntimeError(f"the product exited with {process.returncode}")
            with contextlib.suppress(aiohttp.ClientError):
                async with http.get(f"{url}/health") as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(0.1)
    raise RuntimeError(f"the product did not answer at {url} within {seconds} s")


class PeakMemory:
    """Samples a process's resident set size in a thread (the bench's event loop is busy
    with the simulators) until stopped."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self._process = psutil.Process(pid)
        self._interval = interval
        self._stop = threading.Event()
        self.first_mb = self.peak_mb = self._rss_mb()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _rss_mb(self) -> float:
        return self._process.memory_info().rss / MB

    def _sample(self) -> None:
        while not self._stop.wait(self._interval):
            self.peak_mb = max(self.peak_mb, self._rss_mb())

    @classmethod
    @contextlib.contextmanager
    def of(cls, pid: int) -> Iterator[PeakMemory]:
        peak = cls(pid)
        peak._thread.start()
        try:
            yield peak
        finally:
            peak._stop.set()
            peak._thread.join()
