"""OAuth 2.0 grants: refresh tokens (rotatable or not), device code, authorization code."""

import secrets
from dataclasses import dataclass, field

from .clock import Clock
from .tenant import User
from .tokens import TokenStore

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
DEVICE_CODE_LIFETIME = 900
SCOPE = "openid email offline_access"


class OAuthError(Exception):
    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status, self.error, self.description = status, error, description


@dataclass
class OAuthClient:
    client_id: str
    client_secret: str | None = field(default=None, repr=False)
    rotatable: bool = True


@dataclass
class RefreshGrant:
    client_id: str
    user: User
    expires_at: float | None


@dataclass
class DeviceGrant:
    client_id: str
    user_code: str
    expires_at: float
    user: User | None = None
    denied: bool = False
    last_poll: float | None = None


@dataclass
class CodeGrant:
    client_id: str
    redirect_uri: str
    user: User


class OAuthService:
    def __init__(self, clock: Clock, tokens: TokenStore) -> None:
        self._clock = clock
        self._tokens = tokens
        self.clients: dict[str, OAuthClient] = {}
        self._refresh: dict[str, RefreshGrant] = {}
        self._devices: dict[str, DeviceGrant] = {}
        self._codes: dict[str, CodeGrant] = {}

    def add_client(
        self, client_id: str, client_secret: str | None = None, rotatable: bool = True
    ) -> OAuthClient:
        client = OAuthClient(client_id, client_secret, rotatable)
        self.clients[client_id] = client
        return client

    def issue_refresh_token(self, client_id: str, user: User, lifetime: float | None) -> str:
        value = secrets.token_urlsafe(32)
        expires = None if lifetime is None else self._clock.now() + lifetime
        self._refresh[value] = RefreshGrant(client_id, user, expires)
        return value

    def client(self, client_id: str, client_secret: str | None) -> OAuthClient:
        client = self.clients.get(client_id)
        if client is None or (client.client_secret and client.client_secret != client_secret):
            raise OAuthError(401, "unauthorized_client", "Unknown client or bad client secret")
        return client

    def refresh(self, client: OAuthClient, value: str) -> tuple[User, str]:
        """Spends a refresh token; a rotatable client gets a new one and the old one dies."""
        grant = self._refresh.get(value)
        if grant is None or grant.client_id != client.client_id or self._expired(grant):
            raise OAuthError(403, "invalid_grant", "Refresh token is invalid or expired")
        if not client.rotatable:
            return grant.user, value
        del self._refresh[value]
        remaining = None if grant.expires_at is None else grant.expires_at - self._clock.now()
        return grant.user, self.issue_refresh_token(client.client_id, grant.user, remaining)

    def _expired(self, grant: RefreshGrant) -> bool:
        return grant.expires_at is not None and grant.expires_at <= self._clock.now()

    def start_device(self, client: OAuthClient) -> tuple[str, DeviceGrant]:
        user_code = "-".join(secrets.token_hex(2).upper() for _ in range(2))
        grant = DeviceGrant(client.client_id, user_code, self._clock.now() + DEVICE_CODE_LIFETIME)
        device_code = secrets.token_urlsafe(24)
        self._devices[device_code] = grant
        return device_code, grant

    def pending_user_codes(self) -> list[str]:
        """The codes shown to users who have not approved yet (what they would type)."""
        return [g.user_code for g in self._devices.values() if g.user is None and not g.denied]

    def approve_device(self, user_code: str, user: User) -> None:
        self._device(user_code).user = user

    def decline_device(self, user_code: str) -> None:
        self._device(user_code).denied = True

    def _device(self, user_code: str) -> DeviceGrant:
        return next(g for g in self._devices.values() if g.user_code == user_code)

    def device_user(self, client: OAuthClient, device_code: str, min_interval: float) -> User:
        """RFC 8628 §3.5: polls closer than `min_interval` are told to slow down."""
        grant = self._devices.get(device_code)
        if grant is None or grant.client_id != client.client_id:
            raise OAuthError(400, "invalid_grant", "Unknown device code")
        now = self._clock.now()
        if grant.expires_at <= now:
            raise OAuthError(400, "expired_token", "The device code has expired")
        too_soon = grant.last_poll is not None and now - grant.last_poll < min_interval
        grant.last_poll = now
        if too_soon:
            raise OAuthError(400, "slow_down", "Polling too frequently")
        if grant.denied:
            del self._devices[device_code]
            raise OAuthError(400, "access_denied", "The user denied the authorization request")
        if grant.user is None:
            raise OAuthError(400, "authorization_pending", "The user has not yet approved")
        del self._devices[device_code]
        return grant.user

    def authorize(self, client_id: str, redirect_uri: str, user: User) -> str:
        code = secrets.token_urlsafe(24)
        self._codes[code] = CodeGrant(client_id, redirect_uri, user)
        return code

    def code_user(self, client: OAuthClient, code: str, redirect_uri: str) -> User:
        grant = self._codes.pop(code, None)
        if (
            grant is None
            or grant.client_id != client.client_id
            or grant.redirect_uri != redirect_uri
        ):
            raise OAuthError(400, "invalid_grant", "Unknown authorization code")
        return grant.user

    def token_response(self, user: User, refresh_token: str, lifetime: float) -> dict[str, object]:
        access = self._tokens.issue(user, lifetime)
        return {
            "access_token": access.value,
            "id_token": secrets.token_urlsafe(48),
            "refresh_token": refresh_token,
            "scope": SCOPE,
            "expires_in": int(lifetime),
            "token_type": "Bearer",
        }
