"""`mlc sync ...` and `mlc bva`."""

from __future__ import annotations

from typing import Annotated

import typer

from app.budget import BvaFilter, to_csv
from app.commands.runtime import Json, emit, run

sync = typer.Typer(help="Start sync runs and follow them.", no_args_is_help=True)

RUN_COLUMNS = (
    "run_id",
    "connection_id",
    "kind",
    "status",
    "requested_at",
    "ended_at",
    "entries_pending",
    "entries_posted",
    "entries_blocked",
    "entries_rejected",
)
ENTRY_COLUMNS = ("ref_number", "version", "period", "part", "status", "total", "txn_id")
BVA_COLUMNS = (
    "connection_id",
    "version",
    "period",
    "account",
    "class_name",
    "plan_amount",
    "posted_amount",
    "actual_amount",
    "variance",
    "sync_status",
)
Reason = Annotated[str, typer.Option(help="Recorded with the request")]


@sync.command()
def plan(connection_id: str, reason: Reason = "manual") -> None:
    """Plan -> ledger: export the approved plan and post it to QuickBooks. Prints the run id."""
    typer.echo(run(lambda ops, me: ops.syncs.request_plan(me, connection_id, reason)))


@sync.command()
def actuals(
    connection_id: str,
    first: Annotated[str, typer.Option("--from", help="First month: 2027-01 or 'Jan 27'")],
    last: Annotated[str, typer.Option("--to", help="Last month")],
    reason: Reason = "manual",
) -> None:
    """Ledger -> plan: import the actuals of a range of months. Prints the run id."""
    typer.echo(
        run(lambda ops, me: ops.syncs.request_actuals(me, connection_id, first, last, reason))
    )


@sync.command("list")
def list_runs(
    connection: Annotated[str | None, typer.Option(help="Only this connection's runs")] = None,
    status: Annotated[str | None, typer.Option(help="Only runs in this status")] = None,
    limit: int = 50,
    as_json: Json = False,
) -> None:
    """Runs, newest first, with the progress of their journal entries."""
    runs = run(lambda ops, me: ops.syncs.runs(me, connection, status, limit))
    emit(runs, as_json, RUN_COLUMNS)


@sync.command()
def show(run_id: str, as_json: Json = False) -> None:
    """One run with its entries and errors."""
    detail = run(lambda ops, me: ops.syncs.run(me, run_id))
    if as_json:
        emit(detail, True)
        return
    emit(detail.run, False)
    typer.echo("")
    emit(detail.entries, False, ENTRY_COLUMNS)
    for error in detail.errors:
        typer.echo(f"[{error.position}] {error.event_type}: {error.message}")


def bva(
    connection: Annotated[str | None, typer.Option()] = None,
    version: Annotated[str | None, typer.Option()] = None,
    first: Annotated[str | None, typer.Option("--from", help="First month")] = None,
    last: Annotated[str | None, typer.Option("--to", help="Last month")] = None,
    account: Annotated[str | None, typer.Option()] = None,
    class_name: Annotated[str | None, typer.Option("--class")] = None,
    csv: Annotated[bool, typer.Option("--csv", help="Print CSV")] = False,
    as_json: Json = False,
) -> None:
    """Budget vs actual per version, month, account and class."""
    f = BvaFilter(connection, version, first, last, account, class_name)
    rows = run(lambda ops, me: ops.budget_vs_actual(me, f))
    if csv:
        typer.echo(to_csv(rows), nl=False)
    else:
        emit(rows, as_json, BVA_COLUMNS)
