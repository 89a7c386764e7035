"""`mlc streams ...`, `mlc replay ...` and `mlc retry ...`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from app.bootstrap import Container
from app.caller import Caller
from app.commands.runtime import Json, emit, run, run_in_container
from app.operations import operations
from app.replays import Rebuilt
from app.streams import StreamState

streams = typer.Typer(help="Streams by state, their events, the log, lag.", no_args_is_help=True)
replay = typer.Typer(help="Rebuild read models; re-drive a stream.", no_args_is_help=True)
retry = typer.Typer(help="Retry stuck or failed streams.", no_args_is_help=True)

STREAM_COLUMNS = (
    "stream_id",
    "consumer",
    "state",
    "attempts",
    "age_seconds",
    "last_error",
)
EVENT_COLUMNS = ("position", "stream_id", "version", "type", "recorded_at")
LAG_COLUMNS = ("subscription", "position", "events_behind", "seconds_behind", "last_error")
RETRY_COLUMNS = ("stream_id", "unparked", "journal_entry", "new_run")


@streams.command("list")
def list_streams(
    state: Annotated[StreamState | None, typer.Option(help="Only streams in this state")] = None,
    connection: Annotated[str | None, typer.Option()] = None,
    limit: int = 100,
    as_json: Json = False,
) -> None:
    """Streams per consumer, the longest waiting first, with age and last error."""
    rows = run(lambda ops, me: ops.streams.find(me, state, connection, limit))
    emit(rows, as_json, STREAM_COLUMNS)


@streams.command()
def events(stream_id: str, after_version: int = 0, limit: int = 500, as_json: Json = False) -> None:
    """The events of one stream, in order (JSON shows their data and metadata)."""
    rows = run(lambda ops, me: ops.streams.events(me, stream_id, after_version, limit))
    emit(rows, as_json, EVENT_COLUMNS)


@streams.command()
def log(
    first: Annotated[int, typer.Option("--from", help="First global position")] = 1,
    last: Annotated[int | None, typer.Option("--to", help="Last global position")] = None,
    event_type: Annotated[list[str] | None, typer.Option("--type", help="Repeatable")] = None,
    limit: int = 500,
    as_json: Json = False,
) -> None:
    """Events by global position; prints where the next page starts."""
    page = run(lambda ops, me: ops.streams.log(me, first, last, limit, event_type))
    emit(page.events, as_json, EVENT_COLUMNS)
    if page.next_position is not None and not as_json:
        typer.echo(f"more from --from {page.next_position}", err=True)


@streams.command()
def lag(as_json: Json = False) -> None:
    """How far behind the log each projection and dispatcher is."""
    emit(run(lambda ops, me: ops.streams.subscriptions(me)), as_json, LAG_COLUMNS)


@replay.command()
def rebuild(
    projection: Annotated[str | None, typer.Option(help="One projection; default: all")] = None,
    from_position: Annotated[int, typer.Option(help="0 = from nothing")] = 0,
    as_json: Json = False,
) -> None:
    """Rebuild read models from the log, with a progress bar; idempotent."""
    done = run_in_container(lambda c: _rebuild(c, projection, from_position))
    emit(done, as_json, ("projection", "from_position", "events_applied"))


async def _rebuild(c: Container, projection: str | None, from_position: int) -> list[Rebuilt]:
    head = await c.pool.fetchval("SELECT coalesce(max(position), 0) FROM events")
    total = max(head - from_position + 1, 0)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def advance(name: str, applied: int) -> None:
            if name not in tasks:
                tasks[name] = bar.add_task(name, total=total)
            bar.update(tasks[name], completed=min(applied, total))

        ops = operations(c)
        return await ops.replays.rebuild(Caller.local(), projection, from_position, advance)


@replay.command()
def redrive(
    stream_id: str,
    consumer: Annotated[str, typer.Option(help="The consumer that handles it again")],
    from_version: Annotated[int, typer.Option(min=1, help="First event handled again")],
) -> None:
    """Have a consumer handle a stream again from a chosen event."""
    done = run(lambda ops, me: ops.replays.redrive(me, consumer, stream_id, from_version))
    typer.echo(f"{done.consumer} will handle {done.stream_id} again from version {from_version}")


@retry.command("stream")
def retry_stream(
    stream_id: str,
    consumer: Annotated[str | None, typer.Option(help="Only this consumer")] = None,
    as_json: Json = False,
) -> None:
    """Unpark a stuck stream, re-post a blocked entry, or restart a failed run."""
    done = run(lambda ops, me: ops.retries.retry_stream(me, stream_id, consumer))
    emit([done], as_json, RETRY_COLUMNS)


@retry.command("connection")
def retry_connection(connection_id: str, as_json: Json = False) -> None:
    """Every stuck or failed stream of one connection."""
    done = run(lambda ops, me: ops.retries.retry_connection(me, connection_id))
    emit(done, as_json, RETRY_COLUMNS)
