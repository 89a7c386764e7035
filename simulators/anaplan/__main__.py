"""python -m simulators.anaplan --port N [--auth-port M] [--seed demo-like-sample]"""

import argparse
import asyncio
import json
import signal
import sys

from .config import SimConfig
from .control import describe
from .seed import SEEDS
from .server import AnaplanSimulator
from .tasks import TaskTiming


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m simulators.anaplan")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="Integration API port (0: any)")
    parser.add_argument("--auth-port", type=int, default=0, help="auth/OAuth port (0: any)")
    parser.add_argument("--seed", choices=sorted(SEEDS))
    parser.add_argument("--user", default="sandbox@example.com")
    parser.add_argument("--password", default="sandbox", help="password of --user")
    parser.add_argument("--rate-limit", type=int, default=600, help="requests/minute, 0: none")
    parser.add_argument("--task-seconds", type=float, default=1.0, help="task run time")
    return parser.parse_args(argv)


async def _serve(args: argparse.Namespace) -> None:
    config = SimConfig(
        rate_limit_per_minute=args.rate_limit or None,
        task_timing=TaskTiming(seconds=args.task_seconds),
    )
    sim = AnaplanSimulator(config)
    sim.add_user(args.user, args.password)
    if args.seed:
        SEEDS[args.seed](sim)
    urls = await sim.start(args.host, args.port, args.auth_port)
    print(json.dumps({"urls": vars(urls), "user": args.user} | describe(sim.state)), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    await sim.stop()


def main(argv: list[str] | None = None) -> None:
    asyncio.run(_serve(_arguments(sys.argv[1:] if argv is None else argv)))


if __name__ == "__main__":
    main()
