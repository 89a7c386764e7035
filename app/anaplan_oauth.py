"""Authorizing a connection's Anaplan OAuth client, once, by the device grant: the admin is
shown an address and a code, approves in a browser as the Anaplan user the connection acts
for, and the refresh token Anaplan then issues is stored encrypted. From then on the workers
renew access tokens from it on their own (adapters/anaplan/auth.py, OAuthTokens)."""

from __future__ import annotations

from collections.abc import Callable

from adapters.anaplan.device import DeviceAuthorization
from adapters.anaplan.errors import AnaplanAuthFailed
from app.anaplan import anaplan_gateway
from app.bootstrap import Container
from app.caller import Caller
from app.connection_admin import ConnectionAdmin
from app.errors import InvalidInput, Refused
from domain.connection import AnaplanAuth, CredentialKind


async def authorize_by_device(
    container: Container,
    admin: ConnectionAdmin,
    caller: Caller,
    connection_id: str,
    show: Callable[[DeviceAuthorization], None],
) -> tuple[CredentialKind, ...]:
    """Runs the grant to its end (approved, declined or expired); returns the secrets set."""
    connection = await admin.visible(caller, connection_id)
    anaplan = connection.settings.anaplan
    if anaplan.auth is not AnaplanAuth.OAUTH or not anaplan.oauth_client_id:
        raise InvalidInput(
            f"connection {connection_id!r} does not log in with OAuth: set anaplan.auth to "
            "'oauth' and anaplan.oauth_client_id (a device grant client) first"
        )
    async with anaplan_gateway(container) as gateway:
        grant = gateway.device_grant(connection)
        try:
            authorization = await grant.start()
            show(authorization)
            refresh_token = await grant.refresh_token(authorization)
        except AnaplanAuthFailed as failed:
            raise Refused(str(failed)) from None
    kind = CredentialKind.ANAPLAN_OAUTH_REFRESH_TOKEN
    return await admin.set_secret(caller, connection_id, kind, refresh_token)
