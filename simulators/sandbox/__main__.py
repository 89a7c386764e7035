"""`make run` on a machine with no real systems configured: the whole product, working.

Starts an Anaplan simulator holding the demo firm's FY2027 plan, the product (`mlc run`)
on a fresh embedded database, a QuickBooks company file behind a simulated Web Connector;
creates the firm's connection through the REST API, posts the approved plan to QuickBooks,
imports the ledger actuals back into Anaplan, prints a budget-vs-actual summary and keeps
everything running (the Web Connector cycles every minute) until Ctrl-C.

With real systems (MLC_DATABASE_URL set, or MLC_SANDBOX=0) it serves them instead.
"""

import asyncio
import contextlib
import os
import signal
import sys
from pathlib import Path

from simulators.anaplan import AnaplanSimulator
from simulators.quickbooks import QuickBooksDesktop, demo_company
from simulators.sandbox import anaplan_firm, demo
from simulators.sandbox.database import fresh_database
from simulators.sandbox.product import Product, mlc
from simulators.webconnector import WebConnectorAgent

DATA = Path("var/sandbox")
PORT = int(os.environ.get("MLC_PORT", "8080"))
TRANSACTIONS = 900  # January to June: about the volume the firm's budget plans for


def say(text: str) -> None:
    print(f"\n== {text}", flush=True)


async def sandbox() -> None:
    async with AnaplanSimulator() as sim:
        model = anaplan_firm.seed_firm(sim)
        say(f"Anaplan simulator: {sim.urls.api} (model {model.model_id})")
        product = Product(_environment(), PORT)
        try:
            say(f"Starting ml-connector on {product.url} (a fresh sandbox database)")
            await product.start()
            agent = await _demo(product, sim, model)
            await _keep_cycling(agent)
        finally:
            await product.stop()


def _environment() -> dict[str, str]:
    return {
        "MLC_DATABASE_URL": fresh_database(DATA / "pg"),
        "MLC_DATA_DIR": str(DATA),
        "MLC_PORT": str(PORT),
        "MLC_ANAPLAN_POLL_SECONDS": "0.2",  # the simulator is fast; real Anaplan wants >= 5 s
        "MLC_POLL_INTERVAL": "0.2",
        "MLC_LOG_LEVEL": os.environ.get("MLC_LOG_LEVEL", "WARNING"),
    }


async def _demo(
    product: Product, sim: AnaplanSimulator, model: anaplan_firm.FirmModel
) -> WebConnectorAgent:
    cid = await demo.connect(product, sim, model)
    say(f"Connection {cid} created through the API (Web Connector user {demo.WC_USER!r})")
    company = demo_company(transactions=TRANSACTIONS)
    desktop = QuickBooksDesktop(company, open_file=company.settings.path)
    agent = WebConnectorAgent(
        f"{product.url}/qbwc", demo.WC_USER, demo.WC_PASSWORD, desktop, noop_wait=0.5
    )
    started = await product.call("POST", f"/connections/{cid}/syncs/plan-to-ledger", {})
    run = await demo.run_until_done(product, agent, started["run_id"])
    say(
        f"Plan -> ledger: {run['status']}, {run['entries_posted']} journal entries posted "
        f"to QuickBooks ({run['detail']})"
    )
    first, last = demo.ACTUAL_MONTHS
    body = {"first_period": first, "last_period": last}
    started = await product.call("POST", f"/connections/{cid}/syncs/ledger-to-plan", body)
    run = await demo.run_until_done(product, agent, started["run_id"])
    say(f"Ledger -> plan: {run['status']} ({run['detail']})")
    say("Budget vs actual (headline accounts, all cost centers):")
    print(await demo.summary(product, cid))
    _where_to_look(product, cid)
    return agent


def _where_to_look(product: Product, cid: str) -> None:
    say("Where to look")
    print(f"  API docs         {product.url}/docs")
    print(f"  API token        {product.token}")
    print(f"  Budget vs actual {product.url}/budget-vs-actual?connection_id={cid}&format=csv")
    print(f"  Sync runs        {product.url}/syncs")
    print(f"  .qwc file        {product.url}/connections/{cid}/qwc")
    print("  Grafana          docs/operations.md (provisioning in deploy/grafana/)")
    cli_env = " ".join(f"{k}={product.env[k]}" for k in ("MLC_DATABASE_URL", "MLC_DATA_DIR"))
    print(f"  CLI (meanwhile)  {cli_env} {mlc()} --help")
    print("\nThe Web Connector keeps cycling every minute. Ctrl-C stops everything.")


async def _keep_cycling(agent: WebConnectorAgent) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    while not stop.is_set():
        await agent.run_cycle()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 60)


def main() -> None:
    if os.environ.get("MLC_DATABASE_URL") or os.environ.get("MLC_SANDBOX") == "0":
        os.execv(mlc(), [mlc(), "run"])  # real systems: just serve them
    asyncio.run(sandbox())
    sys.exit(0)


if __name__ == "__main__":
    main()
