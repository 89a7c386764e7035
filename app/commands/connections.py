"""`mlc connections ...` and `mlc mapping ...`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from pydantic import TypeAdapter, ValidationError

from adapters.anaplan.device import DeviceAuthorization
from app import mappings
from app.commands.runtime import Exit, Json, emit, run
from domain.connection import ConnectionSettings, CredentialKind

connections = typer.Typer(help="Create, inspect and change connections.", no_args_is_help=True)
mapping = typer.Typer(help="A connection's member mapping, as CSV.", no_args_is_help=True)

SUMMARY = ("connection_id", "tenant_id", "name", "qbwc_username", "enabled", "updated_at")
SettingsFile = Annotated[
    Path, typer.Option("--file", "-f", help="Settings as JSON (see POST /connections); - = stdin")
]


def _read(path: Path) -> str:
    if str(path) == "-":
        return sys.stdin.read()
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        typer.echo(f"usage: cannot read {path}: {exc.strerror}", err=True)
        raise typer.Exit(Exit.USAGE) from exc
    except UnicodeDecodeError as exc:
        typer.echo(f"invalid: {path} is not UTF-8 text", err=True)
        raise typer.Exit(Exit.INVALID) from exc


def _settings(path: Path) -> ConnectionSettings:
    try:
        return TypeAdapter(ConnectionSettings).validate_python(json.loads(_read(path)))
    except (ValueError, ValidationError) as exc:
        typer.echo(f"invalid: {path}: {exc}", err=True)
        raise typer.Exit(Exit.INVALID) from exc


@connections.command("list")
def list_connections(as_json: Json = False) -> None:
    """Every connection (from the read model the workers maintain)."""
    emit(run(lambda ops, me: ops.connections.summaries(me)), as_json, SUMMARY)


@connections.command()
def show(connection_id: str, as_json: Json = False) -> None:
    """Settings, status and which secrets are set (never their values)."""
    emit(run(lambda ops, me: ops.connections.get(me, connection_id)), as_json)


@connections.command()
def create(
    tenant: Annotated[str, typer.Option(help="The tenant the connection belongs to")],
    file: SettingsFile,
    as_json: Json = False,
) -> None:
    """Create a connection from a settings file; prints it with its new id."""
    settings = _settings(file)
    emit(run(lambda ops, me: ops.connections.create(me, settings, tenant)), as_json)


@connections.command()
def update(connection_id: str, file: SettingsFile, as_json: Json = False) -> None:
    """Replace a connection's settings as a whole."""
    settings = _settings(file)
    emit(run(lambda ops, me: ops.connections.update(me, connection_id, settings)), as_json)


@connections.command()
def disable(
    connection_id: str, reason: Annotated[str, typer.Option(help="Recorded with the change")]
) -> None:
    """Stop syncs and Web Connector sessions for a connection."""
    run(lambda ops, me: ops.connections.disable(me, connection_id, reason))
    typer.echo(f"{connection_id} disabled")


@connections.command()
def enable(connection_id: str) -> None:
    run(lambda ops, me: ops.connections.enable(me, connection_id))
    typer.echo(f"{connection_id} enabled")


@connections.command("set-secret")
def set_secret(connection_id: str, kind: CredentialKind) -> None:
    """Store a secret read from standard input (or typed, hidden); it is never shown again."""
    secret = typer.prompt("secret", hide_input=True) if sys.stdin.isatty() else sys.stdin.read()
    secret = secret.rstrip("\r\n")
    kinds = run(lambda ops, me: ops.connections.set_secret(me, connection_id, kind, secret))
    typer.echo("secrets set: " + ", ".join(kinds))


@connections.command("authorize-anaplan")
def authorize_anaplan(connection_id: str) -> None:
    """Authorize the connection's Anaplan OAuth client (device grant).

    Open the address shown, enter the code and sign in as the Anaplan user the connection
    acts for; the refresh token Anaplan issues is stored encrypted."""

    def show(authorization: DeviceAuthorization) -> None:
        address = authorization.verification_uri_complete or authorization.verification_uri
        minutes = round(authorization.expires_in / 60)
        typer.echo(f"Open {address} and enter the code {authorization.user_code}")
        typer.echo(f"(waiting up to {minutes} minutes for the approval...)")

    kinds = run(lambda ops, me: ops.authorizations.authorize(me, connection_id, show))
    typer.echo("authorized; secrets set: " + ", ".join(kinds))


@mapping.command()
def upload(
    connection_id: str,
    file: Annotated[Path, typer.Argument(help="CSV: kind,anaplan_member,quickbooks_name")],
    match_same_names: Annotated[
        bool, typer.Option(help="Unmapped members go to the same-named account or class")
    ] = True,
) -> None:
    """Replace the mapping in force; a file with any problem is refused whole."""
    text = _read(file)
    report = run(
        lambda ops, me: ops.mappings.upload(
            me, connection_id, text, match_same_names, source=f"cli:{file.name}"
        )
    )
    typer.echo(f"mapping recorded: {report.accounts} accounts, {report.classes} classes")


@mapping.command()
def download(
    connection_id: str,
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
) -> None:
    """The mapping in force as CSV (to standard output unless -o)."""
    text = run(lambda ops, me: ops.mappings.download(me, connection_id))
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text)


@mapping.command()
def validate(file: Path, match_same_names: bool = True) -> None:
    """Check a mapping file's structure; exit 5 and list every problem if it has any."""
    report = mappings.check(_read(file), match_same_names)
    for problem in report.problems:
        typer.echo(problem, err=True)
    if not report.valid:
        raise typer.Exit(Exit.INVALID)
    typer.echo(f"valid: {report.accounts} accounts, {report.classes} classes")
