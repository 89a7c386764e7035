"""The product as a user meets it: the `mlc` command and the REST API over HTTP.

The sandbox imports nothing from the product; it starts `mlc run` as a process, asks `mlc`
for an API token and drives everything else through the API, as an operator would.
"""

import asyncio
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import aiohttp


class ProductError(RuntimeError):
    pass


def mlc() -> str:
    """The `mlc` entry point of the environment this sandbox runs in."""
    beside = Path(sys.executable).with_name("mlc")
    return str(beside) if beside.exists() else shutil.which("mlc") or "mlc"


class Product:
    def __init__(self, env: dict[str, str], port: int) -> None:
        self.env = {**os.environ, **env}
        self.url = f"http://127.0.0.1:{port}"
        self.process: asyncio.subprocess.Process | None = None
        self.token = ""

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(mlc(), "run", env=self.env)
        await self._wait_ready()
        self.token = await self._issue_token()

    async def stop(self) -> None:
        if self.process and self.process.returncode is None:
            self.process.terminate()
            await self.process.wait()

    async def call(self, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        async with (
            aiohttp.ClientSession() as http,
            http.request(method, self.url + path, json=body, headers=headers, **kwargs) as reply,
        ):
            answer = await (reply.json() if "json" in reply.content_type else reply.text())
            if reply.status >= 400:
                raise ProductError(f"{method} {path}: {reply.status} {answer}")
            return answer

    async def _wait_ready(self) -> None:
        async with aiohttp.ClientSession() as http:
            for _ in range(600):
                if self.process and self.process.returncode is not None:
                    raise ProductError("`mlc run` exited; see its output above")
                try:
                    async with http.get(self.url + "/ready") as reply:
                        if reply.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.2)
        raise ProductError(f"the service did not become ready at {self.url}")

    async def _issue_token(self) -> str:
        command = [mlc(), "token", "create", "--name", "sandbox", "--scope", "admin"]
        process = await asyncio.create_subprocess_exec(
            *command, env=self.env, stdout=asyncio.subprocess.PIPE
        )
        out, _ = await process.communicate()
        tokens = [line for line in out.decode().split() if line.startswith("mlc_")]
        if process.returncode or not tokens:
            raise ProductError("`mlc token create` failed")
        return tokens[-1]
