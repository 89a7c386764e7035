"""`make run` (and `mlc demo`): a newcomer on a fresh machine sees the whole product work."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys

from tests.support.server import free_port


async def test_the_sandbox_posts_the_plan_imports_actuals_and_keeps_serving():
    env = {**os.environ, "MLC_PORT": str(free_port())}
    env.pop("MLC_DATABASE_URL", None)
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "simulators.sandbox",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output = []
    try:
        while True:
            line = (await asyncio.wait_for(proc.stdout.readline(), 300)).decode()
            assert line, "the sandbox stopped early:\n" + "".join(output)
            output.append(line)
            if "Ctrl-C stops everything" in line:
                break
        text = "".join(output)
        posted = re.search(r"Plan -> ledger: staged, (\d+) journal entries posted", text)
        assert posted and int(posted[1]) > 0, text
        assert re.search(r"Ledger -> plan: completed \(\d+ rows loaded", text), text
        assert "Payroll Expenses:Salaries and Wages    2027-01" in text
    finally:
        proc.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(proc.wait(), 60) == 0
