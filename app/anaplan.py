"""Anaplan clients for connections, wired from the container.

One gateway per process holds the HTTP session, the tenant request budget, the model locks
and each connection's token (so every run of a connection reuses it). `client(...)` gives a
client for one run whose events go to the stream `anaplan-<connection>-<correlation>`.

The rate-limit key is the Anaplan API host plus our tenant id: Anaplan counts requests per
Anaplan tenant (customer), and one customer of this product is one Anaplan tenant per region.
Two connections of one customer therefore share a budget, as their traffic does at Anaplan.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from urllib.parse import urlsplit

import aiohttp

from adapters.anaplan.auth import (
    AuthServiceTokens,
    Login,
    OAuthTokens,
    basic_login,
    certificate_login,
)
from adapters.anaplan.client import AnaplanClient, ClientOptions
from adapters.anaplan.device import DeviceGrant
from adapters.anaplan.errors import AnaplanAuthFailed
from adapters.anaplan.polling import PollPolicy
from adapters.anaplan.tasks import StartRecovery
from adapters.anaplan.tokens import Clock, TokenCache
from adapters.anaplan.transport import HttpOptions, Transport
from adapters.postgres.advisory import AdvisoryLocks
from adapters.postgres.blobs import BlobStore
from adapters.postgres.credentials import CredentialStore
from adapters.postgres.rate_budget import PostgresRequestBudget, RateLimit
from app.bootstrap import Container
from domain.connection import AnaplanAuth, AnaplanSettings, CredentialKind
from domain.connections import Connection
from domain.envelope import Metadata
from domain.event import Event
from domain.ports import AppendRequest, EventStore


class StreamRecorder:
    """Appends the client's events to one stream per run of a connection."""

    def __init__(self, store: EventStore, stream_id: str, metadata: Metadata) -> None:
        self._store = store
        self.stream_id = stream_id
        self._metadata = metadata

    async def record(self, event: Event) -> None:
        await self._store.append(
            AppendRequest(self.stream_id, "anaplan", [event], metadata=self._metadata)
        )


def anaplan_stream(connection_id: str, correlation_id: str) -> str:
    return f"anaplan-{connection_id}-{correlation_id}"


def tenant_key(connection: Connection) -> str:
    host = urlsplit(connection.settings.anaplan.api_url).hostname or ""
    return f"{host}/{connection.tenant_id}"


class StoredSecrets:
    """A connection's Anaplan secrets in the encrypted credential store."""

    def __init__(self, credentials: CredentialStore, connection_id: str) -> None:
        self._credentials = credentials
        self._connection_id = connection_id

    async def get(self, kind: CredentialKind) -> str | None:
        value = await self._credentials.get(self._connection_id, kind)
        return value.decode() if value is not None else None

    async def required(self, kind: CredentialKind) -> str:
        value = await self.get(kind)
        if not value:
            raise AnaplanAuthFailed(f"no {kind.value} is stored for this connection")
        return value

    async def refresh_token(self) -> str | None:
        return await self.get(CredentialKind.ANAPLAN_OAUTH_REFRESH_TOKEN)

    async def client_secret(self) -> str | None:
        return await self.get(CredentialKind.ANAPLAN_OAUTH_CLIENT_SECRET)

    async def store_refresh_token(self, value: str) -> None:
        kind = CredentialKind.ANAPLAN_OAUTH_REFRESH_TOKEN
        await self._credentials.put(self._connection_id, kind, value.encode())


class AnaplanGateway:
    def __init__(
        self,
        container: Container,
        session: aiohttp.ClientSession,
        limit: RateLimit,
        options: ClientOptions | None = None,
        http: HttpOptions | None = None,
        clock: Clock = time.time,
    ) -> None:
        self._container = container
        self._session = session
        self._budget = PostgresRequestBudget(container.pool, limit)
        self._model_locks = AdvisoryLocks(container.database_url)
        self._refresh_locks = AdvisoryLocks(container.database_url, wait_seconds=120)
        self._blobs = BlobStore(container.pool)
        self._options = options or ClientOptions()
        self._http = http or HttpOptions()
        self._clock = clock
        self._tokens: dict[tuple[str, AnaplanSettings], TokenCache] = {}

    async def client(
        self, connection_id: str, correlation_id: str, actor: str = "anaplan"
    ) -> AnaplanClient:
        connection = await self._container.connections.load(connection_id)
        transport = self._transport(connection)
        tokens = self._token_cache(connection, transport)
        metadata = Metadata(
            correlation_id=correlation_id,
            actor=actor,
            tenant_id=connection.tenant_id,
            connection_id=connection_id,
        )
        recorder = StreamRecorder(
            self._container.store, anaplan_stream(connection_id, correlation_id), metadata
        )
        return AnaplanClient(
            connection.settings.anaplan,
            transport.authorized(tokens),
            self._blobs,
            self._model_locks,
            recorder,
            self._options,
        )

    async def authenticate(self, connection_id: str) -> None:
        """Obtain the connection's token now (a login, unless this gateway holds one)."""
        connection = await self._container.connections.load(connection_id)
        await self._token_cache(connection, self._transport(connection)).token()

    def device_grant(self, connection: Connection) -> DeviceGrant:
        """The OAuth device grant for the connection's client (see app/anaplan_oauth.py)."""
        anaplan = connection.settings.anaplan
        return DeviceGrant(
            self._transport(connection), anaplan.oauth_url, anaplan.oauth_client_id or ""
        )

    def _transport(self, connection: Connection) -> Transport:
        return Transport(self._session, self._budget, tenant_key(connection), options=self._http)

    def _token_cache(self, connection: Connection, transport: Transport) -> TokenCache:
        key = (connection.connection_id, connection.settings.anaplan)
        if key not in self._tokens:
            renew = self._renewal(connection, transport)
            self._tokens[key] = TokenCache(renew, self._clock)
        return self._tokens[key]

    def _renewal(
        self, connection: Connection, transport: Transport
    ) -> AuthServiceTokens | OAuthTokens:
        anaplan = connection.settings.anaplan
        secrets = StoredSecrets(self._container.credentials, connection.connection_id)
        if anaplan.auth is AnaplanAuth.OAUTH:
            return OAuthTokens(
                transport,
                anaplan.oauth_url,
                anaplan.oauth_client_id or "",
                secrets,
                self._refresh_locks,
                f"anaplan-oauth:{connection.connection_id}",
                self._clock,
            )

        async def login() -> Login:
            if anaplan.auth is AnaplanAuth.CERTIFICATE:
                certificate = await secrets.required(CredentialKind.ANAPLAN_CERTIFICATE)
                key = await secrets.required(CredentialKind.ANAPLAN_PRIVATE_KEY)
                return certificate_login(certificate.encode(), key.encode())
            password = await secrets.required(CredentialKind.ANAPLAN_PASSWORD)
            return basic_login(anaplan.username or "", password)

        return AuthServiceTokens(transport, anaplan.auth_url, login, self._clock)


@contextlib.asynccontextmanager
async def anaplan_gateway(
    container: Container, options: ClientOptions | None = None, http: HttpOptions | None = None
) -> AsyncIterator[AnaplanGateway]:
    settings = container.settings
    limit = RateLimit(requests=settings.anaplan_requests_per_minute)
    if options is None:
        wait = settings.anaplan_poll_seconds
        options = ClientOptions(
            polling=PollPolicy(first=wait, minimum=wait),
            recovery=StartRecovery(settle_seconds=wait),
        )
    if http is None:
        retry = HttpOptions().retry
        http = HttpOptions(
            read_timeout=settings.anaplan_timeout_seconds,
            retry=replace(retry, base_seconds=settings.anaplan_retry_seconds),
        )
    async with aiohttp.ClientSession() as session:
        yield AnaplanGateway(container, session, limit, options, http)
