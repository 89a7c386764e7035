"""`make bench`: every benchmark, or the ones named on the command line."""

from __future__ import annotations

import asyncio
import importlib
import sys

BENCHMARKS = ["eventstore", "qbwc", "anaplan", "flows"]


def main(names: list[str]) -> None:
    for name in names or BENCHMARKS:
        module = importlib.import_module(f"bench.{name}")
        asyncio.run(module.main())


if __name__ == "__main__":
    main(sys.argv[1:])
