"""How operator commands run: against the database directly, with exit codes scripts rely on.

Exit codes (also in `mlc --help` and docs/operations.md):

    0  done
    1  failed unexpectedly (a bug or an unreachable system; the message says which)
    2  usage: unknown command or option, missing or malformed argument
    3  not found: no such connection, run, stream, record...
    4  refused: the current state (or the key set-up) does not allow it
    5  invalid input: bad settings, mapping file, period or projection name
    6  database unavailable: try again later
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from enum import IntEnum
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from adapters.postgres.pool import translated_errors
from app import logging as app_logging
from app.bootstrap import Container, container
from app.caller import Caller
from app.errors import Outcome, outcome
from app.operations import Operations, operations
from app.settings import Settings
from domain.codec import encode

T = TypeVar("T")


class Exit(IntEnum):
    OK = 0
    FAILED = 1
    USAGE = 2
    NOT_FOUND = 3
    REFUSED = 4
    INVALID = 5
    UNAVAILABLE = 6


EXIT_FOR = {
    Outcome.NOT_FOUND: Exit.NOT_FOUND,
    Outcome.FORBIDDEN: Exit.REFUSED,
    Outcome.REFUSED: Exit.REFUSED,
    Outcome.INVALID: Exit.INVALID,
    Outcome.UNAVAILABLE: Exit.UNAVAILABLE,
}
Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def settings() -> Settings:
    """Operator commands never migrate (that is `mlc migrate`) and log warnings only."""
    loaded = Settings()
    app_logging.configure("WARNING", loaded.log_format)
    return loaded.model_copy(update={"migrate_on_start": False})


def run(job: Callable[[Operations, Caller], Awaitable[T]]) -> T:
    """Run `job` with the operator services; errors become messages and exit codes."""
    return run_in_container(lambda c: job(operations(c), Caller.local()))


@contextlib.asynccontextmanager
async def _opened(loaded: Settings) -> AsyncIterator[Container]:
    """Not reaching the database at all is 'unavailable' (exit 6), not a bug."""
    async with contextlib.AsyncExitStack() as stack:
        async with translated_errors():
            c = await stack.enter_async_context(container(loaded))
        yield c


def run_in_container(job: Callable[[Container], Awaitable[T]]) -> T:
    async def main() -> T:
        async with _opened(settings()) as c:
            return await job(c)

    try:
        return asyncio.run(main())
    except Exception as exc:
        kind = outcome(exc)
        if kind is None:
            typer.echo(f"error: {type(exc).__name__}: {exc}", err=True)
            raise typer.Exit(Exit.FAILED) from exc
        message = "the database is unavailable" if kind is Outcome.UNAVAILABLE else str(exc)
        typer.echo(f"{kind}: {message}", err=True)
        raise typer.Exit(EXIT_FOR[kind]) from exc


def emit(value: Any, as_json: bool, columns: Sequence[str] = ()) -> None:
    """JSON for scripts; for people, a table of `columns` (a list) or key: value lines."""
    data = encode(value)
    if as_json:
        typer.echo(json.dumps(data, indent=2, default=str))
    elif isinstance(data, list):
        _table(data, columns)
    else:
        for key, item in data.items():
            shown = json.dumps(item) if isinstance(item, dict | list) else item
            typer.echo(f"{key}: {shown}")


def _table(rows: list[dict[str, Any]], columns: Sequence[str]) -> None:
    table = Table(*columns, show_lines=False, header_style="bold")
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
    Console(file=sys.stdout, width=200).print(table)
