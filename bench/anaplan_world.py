"""Run as a separate process for the Anaplan benchmark: a simulator holding a module large
enough for a big export, and an import that reads a big file cheaply (its wide "Notes"
column is not loaded), so the clients' transfer dominates and only their memory is measured.

    python -m bench.anaplan_world ACCOUNTS CHUNK_BYTES
prints one JSON line (urls, user, ids) and serves until terminated.
"""

import asyncio
import json
import signal
import sys
from decimal import Decimal

from simulators.anaplan import (
    LINE_ITEMS,
    TIME,
    VERSIONS,
    AnaplanSimulator,
    Calendar,
    SimConfig,
    TaskTiming,
)
from simulators.anaplan.definitions import SourceFormat

EMAIL, PASSWORD = "bench@example.com", "bench-secret"
IMPORT_COLUMNS = ["Account", "Cost Center", "Time", "Versions", "Amount", "Notes"]
ACCOUNT = "{:05d} " + "Account with the long descriptive name some charts of accounts use " * 3


def account(n: int) -> str:
    return ACCOUNT.format(n).strip()


async def main(accounts: int, chunk: int) -> None:
    # Tasks run 3 s beyond their work and report progress meanwhile, like real ones do.
    sim = AnaplanSimulator(SimConfig(export_chunk_size=chunk, task_timing=TaskTiming(seconds=3)))
    sim.add_user(EMAIL, PASSWORD)
    model = sim.tenant.add_workspace("Bench").add_model("Bench", Calendar(first_year=2027))
    account_list = model.add_list("Accounts", [account(n) for n in range(accounts)])
    centers = model.add_list("Cost Centers", [f"Cost center {n:02d}" for n in range(10)])
    module = model.add_module("Plan", [account_list, centers], ["Amount"])
    module.generator = lambda key: Decimal("1234.56")  # every cell holds a value
    export = model.add_export("Bench export", module, filters={VERSIONS: ["Budget"]})
    imported = model.add_module_import(
        "Bench import",
        module,
        SourceFormat(IMPORT_COLUMNS),
        columns={
            "Accounts": "Account",
            "Cost Centers": "Cost Center",
            TIME: "Time",
            VERSIONS: "Versions",
        },
        values={"Amount": {}},
        fixed={LINE_ITEMS: "Amount"},
        file_name="bench.csv",
    )
    urls = await sim.start()
    ids = {
        "workspace": model.workspace.id,
        "model": model.id,
        "export": export.id,
        "import": imported.id,
        "file": imported.file.id,
    }
    print(json.dumps({"urls": vars(urls), "user": EMAIL, "password": PASSWORD} | ids), flush=True)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    await stop.wait()
    await sim.stop()


if __name__ == "__main__":
    asyncio.run(main(*map(int, sys.argv[1:3])))
