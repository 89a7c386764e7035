"""Run as a separate process: hold a named advisory lock like a worker would, until killed."""

import asyncio
import sys

from adapters.postgres.advisory import AdvisoryLocks


async def main(url: str, name: str) -> None:
    async with AdvisoryLocks(url).hold(name):
        print("held", flush=True)
        await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:3]))
