"""Run as a separate process: claim a stream like a worker would, then hang until killed."""

import asyncio
import sys

from adapters.postgres.cursors import Claims


async def main(url: str, consumer: str, stream_id: str) -> None:
    claims = Claims(url)
    assert await claims.try_claim(consumer, stream_id)
    print("claimed", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
