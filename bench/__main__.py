"""`make bench`: every benchmark, or the ones named on the command line. Options after a
single benchmark's name are its own: `python -m bench load --connections 50`."""

from __future__ import annotations

import asyncio
import importlib
import sys

BENCHMARKS = ["eventstore", "qbwc", "anaplan", "flows", "load"]  # soak: `make soak`
KNOWN = [*BENCHMARKS, "soak"]
USAGE = f"usage: python -m bench [NAME [options] | NAME ...], NAME one of {', '.join(KNOWN)}"


def main(args: list[str]) -> None:
    with_options = len(args) > 1 and args[1].startswith("-")
    if any(name not in KNOWN for name in (args[:1] if with_options else args)):
        sys.exit(USAGE)
    if with_options:
        module = importlib.import_module(f"bench.{args[0]}")
        asyncio.run(module.main(args[1:]))
        return
    for name in args or BENCHMARKS:
        module = importlib.import_module(f"bench.{name}")
        asyncio.run(module.main())


if __name__ == "__main__":
    main(sys.argv[1:])
