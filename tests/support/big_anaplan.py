"""Run as a separate process: an Anaplan simulator holding one big module and its export, so
a test can measure the client's memory without counting the simulator's.

    python -m tests.support.big_anaplan ACCOUNTS COST_CENTERS CHUNK_BYTES
prints one JSON line (urls, user, workspace, model) and serves until terminated.
"""

import asyncio
import json
import signal
import sys
from decimal import Decimal

from simulators.anaplan import VERSIONS, AnaplanSimulator, Calendar, SimConfig

EMAIL, PASSWORD = "big@example.com", "big-secret"
NAME = "{:05d} Account with a long descriptive name as some charts of accounts have " * 2


async def main(accounts: int, cost_centers: int, chunk: int) -> None:
    sim = AnaplanSimulator(SimConfig(export_chunk_size=chunk))
    sim.add_user(EMAIL, PASSWORD)
    model = sim.tenant.add_workspace("Big").add_model("Big", Calendar(first_year=2027))
    account_list = model.add_list("Accounts", [NAME.format(n, n) for n in range(accounts)])
    centers = model.add_list("Cost Centers", [f"Cost center {n:02d}" for n in range(cost_centers)])
    module = model.add_module("Plan", [account_list, centers], ["Amount"])
    module.generator = lambda key: Decimal("1234.56")  # every cell holds a value
    model.add_export("Big plan", module, filters={VERSIONS: ["Budget"]})
    urls = await sim.start()
    ids = {"workspace": model.workspace.id, "model": model.id}
    print(json.dumps({"urls": vars(urls), "user": EMAIL, "password": PASSWORD} | ids), flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await sim.stop()


if __name__ == "__main__":
    asyncio.run(main(*map(int, sys.argv[1:4])))
