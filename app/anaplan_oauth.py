"""Authorizing a connection's Anaplan OAuth client, once, by the device grant: the admin is
shown an address and a code, approves in a browser as the Anaplan user the connection acts
for, and the refresh token Anaplan then issues is stored encrypted. From then on the workers
renew access tokens from it on their own (adapters/anaplan/auth.py, OAuthTokens).

The start and the end of every grant are events on the connection's stream, so any API
process can tell where an authorization stands, whichever process is waiting for it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from adapters.anaplan.device import DeviceAuthorization
from adapters.anaplan.errors import AnaplanAuthFailed
from app.anaplan import anaplan_gateway
from app.bootstrap import Container
from app.caller import Caller
from app.connection_admin import ConnectionAdmin
from app.errors import InvalidInput, Refused
from domain.authorization import AuthorizationStatus, authorization_status
from domain.connection import AnaplanAuth, CredentialKind
from domain.connections import Connection, connection_stream
from domain.envelope import Metadata
from domain.event import Event
from domain.events import AnaplanAuthorizationEnded, AnaplanAuthorizationStarted
from domain.ports import AppendRequest

Shown = Callable[[DeviceAuthorization], None]


class AnaplanAuthorizations:
    def __init__(self, container: Container, admin: ConnectionAdmin) -> None:
        self._container = container
        self._admin = admin

    async def status(self, caller: Caller, connection_id: str) -> AuthorizationStatus:
        await self._admin.visible(caller, connection_id)
        stored = await self._container.store.read_stream(connection_stream(connection_id))
        return authorization_status([e.event for e in stored], datetime.now(UTC))

    async def authorize(
        self, caller: Caller, connection_id: str, show: Shown
    ) -> tuple[CredentialKind, ...]:
        """Runs one grant to its end: `show` gets the code as soon as Anaplan issued it;
        returns the secrets set once approved, raises Refused when declined or expired."""
        connection = await self._admin.visible(caller, connection_id)
        _require_oauth(connection)
        try:
            refresh_token = await self._grant(connection, caller, show)
            kind = CredentialKind.ANAPLAN_OAUTH_REFRESH_TOKEN
            kinds = await self._admin.set_secret(caller, connection_id, kind, refresh_token)
        except Exception as failed:  # recorded, so the status never says "pending" forever
            reason = str(failed) if isinstance(failed, Refused) else _described(failed)
            await self._record(connection, caller, _ended(connection, reason))
            raise
        await self._record(connection, caller, _ended(connection))
        return kinds

    async def _grant(self, connection: Connection, caller: Caller, show: Shown) -> str:
        async with anaplan_gateway(self._container) as gateway:
            grant = gateway.device_grant(connection)
            try:
                authorization = await grant.start()
                await self._record(connection, caller, _started(connection, authorization))
                show(authorization)
                return await grant.refresh_token(authorization)
            except AnaplanAuthFailed as failed:  # declined, expired, unknown client
                raise Refused(str(failed)) from None

    async def _record(self, connection: Connection, caller: Caller, event: Event) -> None:
        meta = Metadata(
            actor=caller.actor,
            tenant_id=connection.tenant_id,
            connection_id=connection.connection_id,
        )
        stream = connection_stream(connection.connection_id)
        await self._container.store.append(
            AppendRequest(stream, "connection", [event], metadata=meta)
        )


def _require_oauth(connection: Connection) -> None:
    anaplan = connection.settings.anaplan
    if anaplan.auth is not AnaplanAuth.OAUTH or not anaplan.oauth_client_id:
        raise InvalidInput(
            f"connection {connection.connection_id!r} does not log in with OAuth: set "
            "anaplan.auth to 'oauth' and anaplan.oauth_client_id (a device grant client) first"
        )


def _started(connection: Connection, authorization: DeviceAuthorization) -> Event:
    expires_at = datetime.now(UTC) + timedelta(seconds=authorization.expires_in)
    return AnaplanAuthorizationStarted(
        connection_id=connection.connection_id,
        user_code=authorization.user_code,
        verification_uri=authorization.verification_uri_complete or authorization.verification_uri,
        expires_at=expires_at.isoformat(),
    )


def _ended(connection: Connection, reason: str | None = None) -> Event:
    return AnaplanAuthorizationEnded(
        connection_id=connection.connection_id, authorized=reason is None, reason=reason
    )


def _described(failure: Exception) -> str:
    return f"{type(failure).__name__}: {failure}"
