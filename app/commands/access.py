"""`mlc token ...` (operator API tokens) and `mlc keys ...` (credential encryption keys)."""

from __future__ import annotations

from typing import Annotated

import typer

from adapters.postgres.tokens import TokenStore
from app import keys as key_rotation
from app.commands.runtime import Exit, Json, emit, run_in_container, settings
from domain.access import Scope

token = typer.Typer(help="Operator API tokens.", no_args_is_help=True)
keys = typer.Typer(help="Encryption keys of stored credentials.", no_args_is_help=True)

TOKEN_COLUMNS = (
    "token_id",
    "name",
    "scope",
    "tenant_id",
    "created_at",
    "last_used_at",
    "revoked_at",
)


@token.command()
def create(
    name: Annotated[str, typer.Option(help="What the token is for, e.g. 'grafana' or 'ops-alice'")],
    scope: Annotated[Scope, typer.Option(help="read < operator < admin")],
    tenant: Annotated[
        str | None, typer.Option(help="Bind to one tenant; omit for a platform token")
    ] = None,
) -> None:
    """Issue a token. It is printed once and only its hash is kept."""
    issued = run_in_container(lambda c: TokenStore(c.pool).issue(name, scope, tenant))
    typer.echo(issued)


@token.command()
def revoke(token_id: Annotated[str, typer.Argument(help="The id (mlc_<id>_...)")]) -> None:
    """Revoke a token at once; exit 3 if there is no such active token."""
    if not run_in_container(lambda c: TokenStore(c.pool).revoke(token_id)):
        typer.echo(f"not found: no active token {token_id!r}", err=True)
        raise typer.Exit(Exit.NOT_FOUND)
    typer.echo(f"{token_id} revoked")


@token.command("list")
def list_tokens(as_json: Json = False) -> None:
    """Every token with its scope, tenant and last use (never a secret)."""
    emit(run_in_container(lambda c: TokenStore(c.pool).tokens()), as_json, TOKEN_COLUMNS)


@keys.command()
def rotate() -> None:
    """Add a key to the key file, make it active and re-encrypt every credential under it.

    Running services and workers follow the key file: no restart, no downtime."""
    loaded = settings()
    done = run_in_container(lambda c: key_rotation.rotate(loaded, c.pool))
    typer.echo(f"active key {done.active_key}; {done.reencrypted} credentials re-encrypted")


@keys.command()
def reencrypt() -> None:
    """Re-encrypt every credential under the active key (after changing MLC_ENCRYPTION_KEYS)."""
    count = run_in_container(lambda c: c.credentials.reencrypt_all())
    typer.echo(f"{count} credentials re-encrypted")


@keys.command()
def status(as_json: Json = False) -> None:
    """How many credentials each key seals; a key with none may be retired."""
    uses = run_in_container(lambda c: key_rotation.usage(c.pool, c.box))
    emit(uses, as_json, ("key_id", "credentials", "active", "loaded"))
