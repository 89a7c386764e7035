"""Connections as operators manage them: tenant-confined reads and changes, write-only secrets.

Reads of one connection fold its stream (always current, right after a change); the list
comes from the `connections` read model, which the workers keep up to date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

from adapters.postgres.credentials import CredentialStore
from adapters.postgres.pool import translated_errors
from adapters.postgres.sql import query
from app.caller import Caller
from app.connections import ConnectionNotFound, Connections
from app.errors import InvalidInput, NotFound, Refused
from domain.connection import ConnectionSettings, CredentialKind
from domain.connections import Connection

_Q = "operations.sql"


@dataclass(frozen=True, slots=True)
class ConnectionView:
    connection_id: str
    tenant_id: str
    enabled: bool
    settings: ConnectionSettings
    credentials_set: tuple[CredentialKind, ...]  # which secrets are stored, never their values


@dataclass(frozen=True, slots=True)
class ConnectionSummary:
    connection_id: str
    tenant_id: str
    name: str
    qbwc_username: str
    enabled: bool
    created_at: datetime
    updated_at: datetime


class ConnectionAdmin:
    def __init__(
        self, pool: asyncpg.Pool, connections: Connections, credentials: CredentialStore
    ) -> None:
        self._pool = pool
        self._connections = connections
        self._credentials = credentials

    async def visible(self, caller: Caller, connection_id: str) -> Connection:
        """The connection, if it exists and the caller's tenant may see it."""
        missing = f"no connection {connection_id!r}"
        try:
            connection = await self._connections.load(connection_id)
        except ConnectionNotFound:
            raise NotFound(missing) from None
        caller.check(connection.tenant_id, missing)
        return connection

    async def get(self, caller: Caller, connection_id: str) -> ConnectionView:
        return await self._view(await self.visible(caller, connection_id))

    async def summaries(self, caller: Caller) -> list[ConnectionSummary]:
        async with translated_errors():
            rows = await self._pool.fetch(query(_Q, "list_connections"), caller.tenant_id)
        return [ConnectionSummary(**row) for row in rows]

    async def create(
        self, caller: Caller, settings: ConnectionSettings, tenant_id: str | None = None
    ) -> ConnectionView:
        tenant = _tenant_for(caller, tenant_id)
        connection_id = await self._connections.create(tenant, settings, caller.actor)
        return await self.get(caller, connection_id)

    async def update(
        self, caller: Caller, connection_id: str, settings: ConnectionSettings
    ) -> ConnectionView:
        await self.visible(caller, connection_id)
        await self._connections.update(connection_id, settings, caller.actor)
        return await self.get(caller, connection_id)

    async def disable(self, caller: Caller, connection_id: str, reason: str) -> ConnectionView:
        await self.visible(caller, connection_id)
        await self._connections.disable(connection_id, reason, caller.actor)
        return await self.get(caller, connection_id)

    async def enable(self, caller: Caller, connection_id: str) -> ConnectionView:
        await self.visible(caller, connection_id)
        await self._connections.enable(connection_id, caller.actor)
        return await self.get(caller, connection_id)

    async def set_secret(
        self, caller: Caller, connection_id: str, kind: CredentialKind, secret: str
    ) -> tuple[CredentialKind, ...]:
        await self.visible(caller, connection_id)
        if not secret:
            raise InvalidInput("the secret is empty")
        await self._connections.set_secret(connection_id, kind, secret, caller.actor)
        return await self._kinds(connection_id)

    async def credentials_set(
        self, caller: Caller, connection_id: str
    ) -> tuple[CredentialKind, ...]:
        await self.visible(caller, connection_id)
        return await self._kinds(connection_id)

    async def _view(self, c: Connection) -> ConnectionView:
        kinds = await self._kinds(c.connection_id)
        return ConnectionView(c.connection_id, c.tenant_id, c.enabled, c.settings, kinds)

    async def _kinds(self, connection_id: str) -> tuple[CredentialKind, ...]:
        async with translated_errors():
            kinds = await self._credentials.kinds(connection_id)
        return tuple(sorted(kinds))


def _tenant_for(caller: Caller, requested: str | None) -> str:
    """A tenant token creates in its own tenant; a platform token must name one."""
    if caller.tenant_id is None:
        if not requested or not requested.strip():
            raise InvalidInput("tenant_id is required with a platform token")
        return requested.strip()
    if requested not in (None, caller.tenant_id):
        raise Refused(f"this token may only create connections for tenant {caller.tenant_id!r}")
    return caller.tenant_id
