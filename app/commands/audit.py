"""`mlc audit ...`: a record's history as its causation chain."""

from __future__ import annotations

from typing import Annotated

import typer

from app.audit import AuditTrail
from app.commands.runtime import Json, emit, run

audit = typer.Typer(help="The full history of a record, first event to last.", no_args_is_help=True)


def show(trail: AuditTrail, as_json: bool) -> None:
    if as_json:
        emit(trail, True)
        return
    typer.echo(trail.subject)
    for e in trail.events:
        cause = f" <- {e.caused_by}" if e.caused_by else ""
        typer.echo(
            f"  {e.position:>8}{cause:<12} {e.role:<8} {e.recorded_at:%Y-%m-%d %H:%M:%S} "
            f"{e.type:<24} {e.stream_id}  {e.actor or ''}"
        )
    if trail.truncated:
        typer.echo("  (effects searched among the first events of the correlation only)")


@audit.command()
def journal(
    key: Annotated[str, typer.Argument(help="RefNumber or QuickBooks TxnID")],
    connection: Annotated[str | None, typer.Option(help="When the RefNumber is shared")] = None,
    as_json: Json = False,
) -> None:
    """A journal entry, from the plan sync that staged it to QuickBooks' answers."""
    show(run(lambda ops, me: ops.audit.journal_entry(me, key, connection)), as_json)


@audit.command("run")
def sync_run(run_id: str, as_json: Json = False) -> None:
    """A sync run and everything it led to."""
    show(run(lambda ops, me: ops.audit.run(me, run_id)), as_json)


@audit.command()
def task(task_id: str, as_json: Json = False) -> None:
    """An Anaplan task (export or import)."""
    show(run(lambda ops, me: ops.audit.anaplan_task(me, task_id)), as_json)


@audit.command()
def version(connection_id: str, plan_version: str, as_json: Json = False) -> None:
    """Every journal entry a plan version produced on a connection."""
    show(run(lambda ops, me: ops.audit.plan_version(me, connection_id, plan_version)), as_json)


@audit.command()
def event(position: int, as_json: Json = False) -> None:
    """Any event's causes and effects."""
    show(run(lambda ops, me: ops.audit.event(me, position)), as_json)
