"""Application service for connections: create, change, disable, and store their secrets."""

from __future__ import annotations

import asyncio
import uuid

from adapters.passwords import hash_password
from adapters.postgres.credentials import CredentialStore
from domain.connection import ConnectionSettings, CredentialKind
from domain.connections import (
    Connection,
    connection_stream,
    fold,
    username_holder,
    username_stream,
    validate,
)
from domain.envelope import NO_STREAM, Metadata
from domain.errors import DomainError
from domain.event import Event
from domain.events import (
    ConnectionCreated,
    ConnectionDisabled,
    ConnectionEnabled,
    ConnectionUpdated,
    CredentialsChanged,
    QbwcUsernameReleased,
    QbwcUsernameReserved,
)
from domain.ports import AppendRequest, EventStore


class ConnectionNotFound(DomainError):
    pass


class UsernameTaken(DomainError):
    pass


class Connections:
    def __init__(self, store: EventStore, credentials: CredentialStore) -> None:
        self._store = store
        self._credentials = credentials

    async def create(self, tenant_id: str, settings: ConnectionSettings, actor: str) -> str:
        validate(settings)
        cid = uuid.uuid4().hex
        meta = Metadata(actor=actor, tenant_id=tenant_id, connection_id=cid, correlation_id=cid)
        created = ConnectionCreated(connection_id=cid, tenant_id=tenant_id, settings=settings)
        reserve = await self._reservation(settings.quickbooks.qbwc_username, cid, meta)
        await self._store.append_batch(
            [
                reserve,
                AppendRequest(connection_stream(cid), "connection", [created], NO_STREAM, meta),
            ]
        )
        return cid

    async def load(self, connection_id: str) -> Connection:
        events = await self._store.read_stream(connection_stream(connection_id))
        state = fold([e.event for e in events])
        if state is None:
            raise ConnectionNotFound(f"no connection {connection_id!r}")
        return state

    async def update(self, connection_id: str, settings: ConnectionSettings, actor: str) -> None:
        validate(settings)
        current = await self.load(connection_id)
        meta = self._meta(current, actor)
        requests = []
        old_name = current.settings.quickbooks.qbwc_username
        if username_stream(old_name) != username_stream(settings.quickbooks.qbwc_username):
            requests.append(
                await self._reservation(settings.quickbooks.qbwc_username, connection_id, meta)
            )
            release = QbwcUsernameReleased(connection_id=connection_id)
            requests.append(
                AppendRequest(username_stream(old_name), "qbwc-user", [release], metadata=meta)
            )
        event = ConnectionUpdated(connection_id=connection_id, settings=settings)
        requests.append(self._on_connection(current, event, meta))
        await self._store.append_batch(requests)

    async def disable(self, connection_id: str, reason: str, actor: str) -> None:
        current = await self.load(connection_id)
        event = ConnectionDisabled(connection_id=connection_id, reason=reason)
        await self._store.append(self._on_connection(current, event, self._meta(current, actor)))

    async def enable(self, connection_id: str, actor: str) -> None:
        current = await self.load(connection_id)
        event = ConnectionEnabled(connection_id=connection_id)
        await self._store.append(self._on_connection(current, event, self._meta(current, actor)))

    async def set_secret(
        self, connection_id: str, kind: CredentialKind, secret: str, actor: str
    ) -> None:
        current = await self.load(connection_id)
        # The Web Connector password is only ever checked, so it is kept as a slow hash.
        is_password = kind is CredentialKind.QBWC_PASSWORD
        value = await asyncio.to_thread(hash_password, secret) if is_password else secret
        await self._credentials.put(connection_id, kind, value.encode())
        event = CredentialsChanged(connection_id=connection_id, kind=kind)
        await self._store.append(self._on_connection(current, event, self._meta(current, actor)))

    async def _reservation(self, username: str, cid: str, meta: Metadata) -> AppendRequest:
        stream = username_stream(username)
        events = await self._store.read_stream(stream)
        holder = username_holder([e.event for e in events])
        if holder not in (None, cid):
            raise UsernameTaken(
                f"Web Connector user name {username!r} is used by another connection"
            )
        reserved = QbwcUsernameReserved(connection_id=cid)
        return AppendRequest(stream, "qbwc-user", [reserved], len(events), meta)

    @staticmethod
    def _on_connection(current: Connection, event: Event, meta: Metadata) -> AppendRequest:
        return AppendRequest(
            connection_stream(current.connection_id), "connection", [event], metadata=meta
        )

    @staticmethod
    def _meta(current: Connection, actor: str) -> Metadata:
        cid = current.connection_id
        return Metadata(
            actor=actor, tenant_id=current.tenant_id, connection_id=cid, correlation_id=cid
        )
