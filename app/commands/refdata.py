"""`mlc connections ping`, `mlc mapping check`, `mlc drift ...` and `mlc classes create`."""

from __future__ import annotations

from typing import Annotated

import typer

from app.commands.runtime import Exit, Json, emit, run
from app.refdata.checks import DriftReport, ValidationReport
from app.refdata.ping import PingReport, QuickBooksStatus
from app.refdata.push import PushScope, PushStatus
from domain.mapping import MappingKind

drift = typer.Typer(
    help="Drift between the QuickBooks and the Anaplan lists.", no_args_is_help=True
)
classes = typer.Typer(help="Classes in QuickBooks.", no_args_is_help=True)


def register(connections: typer.Typer, mapping: typer.Typer) -> None:
    connections.command("ping")(ping)
    mapping.command("check")(check)


def ping(connection_id: str, as_json: Json = False) -> None:
    """Log in to Anaplan and reach the model; show what QuickBooks last reported.
    Exit 1 when Anaplan failed a step."""
    report = run(lambda ops, me: ops.reference.ping(me, connection_id))
    if as_json:
        emit(report, True)
    else:
        _print_ping(report)
    if not report.ok:
        raise typer.Exit(Exit.FAILED)


def check(
    connection_id: str,
    refresh: Annotated[
        bool, typer.Option(help="Also ask the next Web Connector cycle for a new chart read")
    ] = False,
    as_json: Json = False,
) -> None:
    """Validate the mapping in force against QuickBooks' chart and the Anaplan members;
    exit 5 and list every problem if it has any."""
    report = run(lambda ops, me: ops.reference.validate(me, connection_id, refresh))
    if as_json:
        emit(report, True)
    else:
        _print_validation(report)
    if not report.valid:
        raise typer.Exit(Exit.INVALID)


@drift.command("show")
def show_drift(connection_id: str, as_json: Json = False) -> None:
    """New, renamed and inactive accounts and classes, and vanished targets."""
    report = run(lambda ops, me: ops.reference.drift(me, connection_id))
    if as_json:
        emit(report, True)
    else:
        _print_drift(report)


@drift.command("push")
def push(
    connection_id: str,
    all_: Annotated[
        bool, typer.Option("--all", help="Every account and class that could be planned")
    ] = False,
    kind: Annotated[
        list[MappingKind] | None, typer.Option(help="Only these lists (repeat the option)")
    ] = None,
    as_json: Json = False,
) -> None:
    """Push QuickBooks accounts and classes (by default: the new ones) to the Anaplan
    lists through the connection's list imports. Exit 1 when a list failed."""
    scope = PushScope.ALL if all_ else PushScope.NEW
    kinds = kind or [MappingKind.ACCOUNT, MappingKind.CLASS]
    report = run(lambda ops, me: ops.reference.push(me, connection_id, scope, kinds))
    if as_json:
        emit(report, True)
    else:
        for result in report.results:
            detail = result.error or f"{len(result.members)} members, {result.rows_loaded} loaded"
            typer.echo(f"{result.member_kind}: {result.status} ({detail})")
            for rejection in result.rejections:
                typer.echo(f"  {rejection}")
    if any(r.status is PushStatus.FAILED for r in report.results):
        raise typer.Exit(Exit.FAILED)


@classes.command("create")
def create_classes(
    connection_id: str,
    names: Annotated[
        list[str] | None, typer.Argument(help="Full names, e.g. 'Practice:Pricing'")
    ] = None,
    missing: Annotated[
        bool, typer.Option("--missing", help="Also every mapped class QuickBooks lacks")
    ] = False,
    as_json: Json = False,
) -> None:
    """Ask QuickBooks to create classes (with their missing parents) on the next cycle."""
    request = run(
        lambda ops, me: ops.reference.create_classes(me, connection_id, names or [], missing)
    )
    if as_json:
        emit(request, True)
        return
    for name in request.classes:
        typer.echo(f"to create: {name}")
    typer.echo(request.note)


def _print_ping(report: PingReport) -> None:
    anaplan = report.anaplan
    typer.echo(f"Anaplan: {'ok' if anaplan.ok else 'FAILED'}")
    for step in anaplan.steps:
        state = "ok" if step.ok else step.failure
        typer.echo(f"  {step.name:<15} {state:<16} {step.milliseconds:>6} ms  {step.detail}")
    typer.echo("QuickBooks:")
    for line in _quickbooks_lines(report.quickbooks):
        typer.echo(f"  {line}")


def _quickbooks_lines(qb: QuickBooksStatus) -> list[str]:
    lines = []
    if qb.contacted:
        product = " ".join(p for p in (qb.product_name, qb.product_version) if p) or "unknown"
        lines += [
            f"last contact: {qb.last_contact_at} (Web Connector {qb.web_connector_version})",
            f"QuickBooks: {product}; qbXML {', '.join(qb.supported_qbxml_versions) or '?'}"
            f" (speaking {qb.qbxml_version})",
            f"company file: {qb.company_file}",
        ]
    if qb.chart is not None:
        chart = qb.chart
        lines.append(
            f"chart read: {chart.read_at} ({chart.accounts} accounts, {chart.classes} classes)"
        )
    return lines + list(qb.notes)


def _print_validation(report: ValidationReport) -> None:
    for problem in report.problems:
        typer.echo(f"{problem.kind}: {problem.why}", err=True)
    for note in report.notes + ([report.refresh.note] if report.refresh else []):
        typer.echo(f"note: {note}")
    if report.valid:
        typer.echo(f"valid: {report.members_checked} Anaplan members checked")


def _print_drift(report: DriftReport) -> None:
    for item in report.items:
        typer.echo(f"{item.kind}: {item.why}")
    for problem in report.unchecked:
        typer.echo(f"unchecked: {problem.why}", err=True)
    for note in report.notes:
        typer.echo(f"note: {note}")
    if not report.items:
        typer.echo(f"no drift ({report.reads_compared} chart reads compared)")
