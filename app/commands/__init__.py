"""The operator commands of `mlc`: the same operations as the REST API, run directly
against the database (see app/commands/runtime.py for the exit codes)."""

from __future__ import annotations

import typer

from app.commands import access, audit, connections, refdata, streams, syncs

EXIT_CODES = (
    "Exit codes: 0 done, 1 failed, 2 usage, 3 not found, 4 refused, 5 invalid input, "
    "6 database unavailable."
)


def register(cli: typer.Typer) -> None:
    cli.add_typer(connections.connections, name="connections")
    cli.add_typer(connections.mapping, name="mapping")
    refdata.register(connections.connections, connections.mapping)
    cli.add_typer(refdata.drift, name="drift")
    cli.add_typer(refdata.classes, name="classes")
    cli.add_typer(syncs.sync, name="sync")
    cli.command("bva")(syncs.bva)
    cli.add_typer(streams.streams, name="streams")
    cli.add_typer(streams.replay, name="replay")
    cli.add_typer(streams.retry, name="retry")
    cli.add_typer(audit.audit, name="audit")
    cli.add_typer(access.token, name="token")
    cli.add_typer(access.keys, name="keys")
