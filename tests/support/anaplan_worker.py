"""Run as a separate process: a worker calling Anaplan as fast as the shared budget allows.

    python -m tests.support.anaplan_worker '<json>'
with db_url, api, auth, user, password, tenant, limit, window, calls, concurrency.
Prints {"calls": n} when done.
"""

import asyncio
import json
import sys
import time

import aiohttp

from adapters.anaplan.auth import AuthServiceTokens, basic_login
from adapters.anaplan.tokens import TokenCache
from adapters.anaplan.transport import Transport
from adapters.anaplan.wire import Call
from adapters.postgres.pool import create_pool
from adapters.postgres.rate_budget import PostgresRequestBudget, RateLimit


async def main(job: dict) -> None:
    pool = await create_pool(job["db_url"], max_size=4)
    limit = RateLimit(requests=job["limit"], window_seconds=job["window"])
    async with aiohttp.ClientSession() as session:
        transport = Transport(session, PostgresRequestBudget(pool, limit), job["tenant"])

        async def login():
            return basic_login(job["user"], job["password"])

        renew = AuthServiceTokens(transport, job["auth"], login, time.time)
        api = transport.authorized(TokenCache(renew))
        per_loop = job["calls"] // job["concurrency"]

        async def loop():
            for _ in range(per_loop):
                await api.send(Call("GET", f"{job['api']}/workspaces"))

        await asyncio.gather(*(loop() for _ in range(job["concurrency"])))
    await pool.close()
    print(json.dumps({"calls": per_loop * job["concurrency"]}), flush=True)


if __name__ == "__main__":
    asyncio.run(main(json.loads(sys.argv[1])))
