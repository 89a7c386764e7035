"""Real `mlc` processes for fault tests: started from warm spares, killed with SIGKILL.

`Spares` keeps processes ahead that have already imported the command line
(tests/faults/mlc_spare.py); `start(args, env)` hands the oldest its command and warms
another, so a restart after a kill costs milliseconds instead of seconds of imports.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

from app.settings import Settings
from tests.conftest import ROOT


@dataclass
class MlcProcess:
    name: str
    proc: asyncio.subprocess.Process
    log: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def running(self) -> bool:
        return self.proc.returncode is None

    async def kill(self) -> None:
        """SIGKILL: no cleanup, no goodbye to the database; then reap it."""
        if self.running:
            self.proc.send_signal(signal.SIGKILL)
        await self.proc.wait()

    def log_tail(self, lines: int = 30) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


class Spares:
    def __init__(self, log_dir: Path, ahead: int = 2) -> None:
        self.log_dir = log_dir
        self._ahead = ahead
        self._numbers = itertools.count(1)
        self._ready: list[asyncio.Future[MlcProcess]] = []
        self._all: list[MlcProcess] = []

    async def start(self, args: list[str], env: dict[str, str]) -> MlcProcess:
        while len(self._ready) < self._ahead + 1:
            self._ready.append(asyncio.ensure_future(self._spawn()))
        spare = await self._ready.pop(0)
        job = json.dumps({"args": args, "env": env}) + "\n"
        assert spare.proc.stdin is not None
        spare.proc.stdin.write(job.encode())
        await spare.proc.stdin.drain()
        spare.proc.stdin.close()
        spare.name = f"{spare.name}:{' '.join(args)}"
        return spare

    async def close(self) -> None:
        for ready in self._ready:
            spare = await ready
            assert spare.proc.stdin is not None
            spare.proc.stdin.close()  # an empty command: the spare exits
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(spare.proc.wait(), 30)
        for process in self._all:
            await process.kill()

    async def _spawn(self) -> MlcProcess:
        number = next(self._numbers)
        log = self.log_dir / f"mlc-{number}.log"
        with log.open("wb") as out:
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "tests.faults.mlc_spare",
                cwd=ROOT,
                stdin=asyncio.subprocess.PIPE,
                stdout=out,
                stderr=asyncio.subprocess.STDOUT,
            )
        process = MlcProcess(f"mlc-{number}", proc, log)
        self._all.append(process)
        return process


def process_env(settings: Settings) -> dict[str, str]:
    """The same settings as `settings`, as the MLC_* environment of another process."""
    env = {}
    for name in Settings.model_fields:
        value = getattr(settings, name)
        if value is None:
            continue
        if hasattr(value, "get_secret_value"):
            value = value.get_secret_value()
        env[f"MLC_{name.upper()}"] = str(value)
    return env
