"""Getting tokens: Basic or CA-certificate login at the authentication service, renewed with
/token/refresh; or OAuth 2.0 access tokens from a refresh token that may rotate.

Secrets are read from the credential store when needed and never kept in reprs, logs or
messages. A rotating refresh token dies when used, so two workers refreshing one credential
at once would leave one of them with a dead token: OAuth refreshes run under a lock shared
by every worker (named per connection), and re-read the stored token inside it.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from adapters.anaplan.errors import AnaplanAuthFailed, AnaplanRefused
from adapters.anaplan.ports import Mutex
from adapters.anaplan.tokens import DEFAULT_TIMING, Clock, RefreshTiming, Token
from adapters.anaplan.transport import Transport
from adapters.anaplan.wire import Call

CREATED = frozenset({200, 201})
SIGNED_BYTES = 150  # Anaplan wants at least 100 random bytes signed


@dataclass(frozen=True, slots=True)
class Login:
    """What /token/authenticate needs: an Authorization header and, for certificates, a body."""

    authorization: str = field(repr=False)
    body: dict[str, str] | None = field(default=None, repr=False)


def basic_login(username: str, password: str) -> Login:
    pair = f"{username}:{password}".encode()
    return Login(f"Basic {base64.b64encode(pair).decode()}")


def certificate_login(certificate_pem: bytes, private_key_pem: bytes) -> Login:
    """Sign random bytes with the certificate's key (SHA512withRSA, PKCS#1 v1.5)."""
    key = serialization.load_pem_private_key(private_key_pem, password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise AnaplanAuthFailed("the certificate's private key must be an RSA key")
    data = os.urandom(SIGNED_BYTES)
    signature = key.sign(data, padding.PKCS1v15(), hashes.SHA512())
    return Login(
        f"CACertificate {_b64(certificate_pem)}",
        {"encodedData": _b64(data), "encodedSignedData": _b64(signature)},
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


class AuthServiceTokens:
    """Renews by /token/refresh while the token lives; logs in again when it cannot."""

    def __init__(
        self,
        transport: Transport,
        auth_url: str,
        login: Callable[[], Awaitable[Login]],
        clock: Clock,
        timing: RefreshTiming = DEFAULT_TIMING,
    ) -> None:
        self._transport = transport
        self._auth_url = auth_url.rstrip("/")
        self._login = login
        self._clock = clock
        self._timing = timing

    async def __call__(self, previous: Token | None) -> Token:
        if previous is not None and not previous.expired(self._clock()):
            try:
                return await self._refresh(previous)
            except (AnaplanAuthFailed, AnaplanRefused):
                pass  # logged out or expired meanwhile: a fresh login will do
        return await self._authenticate()

    async def _refresh(self, previous: Token) -> Token:
        call = Call(
            "POST",
            f"{self._auth_url}/token/refresh",
            headers={"Authorization": f"AnaplanAuthToken {previous.value}"},
        )
        return self._token((await self._transport.send(call)).json())

    async def _authenticate(self) -> Token:
        login = await self._login()
        call = Call(
            "POST",
            f"{self._auth_url}/token/authenticate",
            json=login.body,
            headers={"Authorization": login.authorization},
        )
        try:
            reply = await self._transport.send(call, CREATED)
        except AnaplanRefused as refused:
            raise AnaplanAuthFailed(f"login refused: {refused}") from None
        return self._token(reply.json())

    def _token(self, body: dict[str, Any]) -> Token:
        info = body.get("tokenInfo") or {}
        if "tokenValue" not in info or "expiresAt" not in info:
            raise AnaplanAuthFailed(f"the authentication service answered {body.get('status')}")
        now = self._clock()
        return Token.issued(info["tokenValue"], now, int(info["expiresAt"]) / 1000, self._timing)


class OAuthSecrets(Protocol):
    async def refresh_token(self) -> str | None: ...
    async def client_secret(self) -> str | None: ...
    async def store_refresh_token(self, value: str) -> None: ...


class OAuthTokens:
    """Access tokens from the refresh-token grant; a rotated refresh token is stored back."""

    def __init__(
        self,
        transport: Transport,
        oauth_url: str,
        client_id: str,
        secrets: OAuthSecrets,
        mutex: Mutex,
        lock_name: str,
        clock: Clock,
        timing: RefreshTiming = DEFAULT_TIMING,
    ) -> None:
        self._transport = transport
        self._url = f"{oauth_url.rstrip('/')}/oauth/token"
        self._client_id = client_id
        self._secrets = secrets
        self._mutex = mutex
        self._lock_name = lock_name
        self._clock = clock
        self._timing = timing

    async def __call__(self, previous: Token | None) -> Token:
        async with self._mutex.hold(self._lock_name):
            refresh_token = await self._secrets.refresh_token()
            if not refresh_token:
                raise AnaplanAuthFailed("no OAuth refresh token is stored for this connection")
            body = await self._grant(refresh_token)
            rotated = body.get("refresh_token")
            if rotated and rotated != refresh_token:
                await self._secrets.store_refresh_token(rotated)
        now = self._clock()
        expires_at = now + float(body["expires_in"])
        return Token.issued(body["access_token"], now, expires_at, self._timing)

    async def _grant(self, refresh_token: str) -> dict[str, Any]:
        request = {
            "grant_type": "refresh_token",
            "client_id": self._client_id,
            "refresh_token": refresh_token,
        }
        secret = await self._secrets.client_secret()
        if secret:
            request["client_secret"] = secret
        try:
            reply = await self._transport.send(Call("POST", self._url, json=request))
        except AnaplanRefused as refused:
            raise AnaplanAuthFailed(
                f"the OAuth refresh token was refused ({refused.status}); "
                "authorize the connection again"
            ) from None
        body: dict[str, Any] = reply.json()
        if "access_token" not in body or "expires_in" not in body:
            raise AnaplanAuthFailed("the OAuth service answered without an access token")
        return body
