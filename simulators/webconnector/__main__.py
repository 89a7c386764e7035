"""python -m simulators.webconnector --url ... --user ... --password ... [--every N]

Runs a Web Connector stand-in against a QBWC endpoint with the demo firm's company file
(simulators.firm) open in a simulated QuickBooks, printing one JSON line per update.
"""

import argparse
import asyncio
import json

from simulators.quickbooks import LatencyModel, RunningClock, demo_company
from simulators.webconnector.agent import WebConnectorAgent
from simulators.webconnector.report import CycleReport


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m simulators.webconnector")
    parser.add_argument("--url", required=True, help="the QBWC endpoint (AppURL)")
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--every", type=float, help="run an update every N seconds")
    parser.add_argument("--cycles", type=int, help="stop after N updates")
    parser.add_argument("--transactions", type=int, default=2000, help="seeded actuals")
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--noop-wait", type=float, default=5.0)
    parser.add_argument("--rpc-style", action="store_true", help="q1:-prefixed, xsi:typed bodies")
    parser.add_argument(
        "--sleep-scale",
        type=float,
        default=0.0,
        help="really sleep this fraction of QuickBooks time",
    )
    return parser.parse_args(argv)


async def _main(options: argparse.Namespace) -> None:
    company = demo_company(
        transactions=options.transactions,
        seed=options.seed,
        clock=RunningClock(),
        latency=LatencyModel(sleep_scale=options.sleep_scale),
    )
    agent = WebConnectorAgent(
        options.url,
        options.user,
        options.password,
        company,
        noop_wait=options.noop_wait,
        rpc_style=options.rpc_style,
    )
    if options.every is None:
        _print(await agent.run_cycle())
    else:
        await agent.run_every(options.every, cycles=options.cycles, on_report=_print)


def _print(report: CycleReport) -> None:
    print(json.dumps(report.summary()), flush=True)


def main(argv: list[str] | None = None) -> None:
    asyncio.run(_main(_arguments(argv)))


if __name__ == "__main__":
    main()
