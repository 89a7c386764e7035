"""AnaplanAuthToken lifecycle: issue, refresh (same or new value), logout, expiry."""

import secrets
import uuid
from dataclasses import dataclass, field

from .clock import Clock
from .tenant import User


@dataclass
class Token:
    value: str = field(repr=False)
    token_id: str
    refresh_token_id: str
    user: User
    expires_at: float
    revoked: bool = False

    def info(self) -> dict[str, object]:
        return {
            "expiresAt": int(self.expires_at * 1000),
            "tokenId": self.token_id,
            "tokenValue": self.value,
            "refreshTokenId": self.refresh_token_id,
        }


class TokenStore:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._tokens: dict[str, Token] = {}

    def issue(self, user: User, lifetime: float) -> Token:
        token = Token(
            value=secrets.token_urlsafe(32),
            token_id=str(uuid.uuid4()),
            refresh_token_id=str(uuid.uuid4()),
            user=user,
            expires_at=self._clock.now() + lifetime,
        )
        self._tokens[token.value] = token
        return token

    def live(self, value: str) -> Token | None:
        token = self._tokens.get(value)
        if token is None or token.revoked or token.expires_at <= self._clock.now():
            return None
        return token

    def refresh(self, token: Token, lifetime: float, new_value: bool) -> Token:
        """Live tenants return the same value with a later expiry; Anaplan Connect's recording
        shows a new value. `new_value` picks the second behaviour and kills the old token."""
        if not new_value:
            token.expires_at = self._clock.now() + lifetime
            return token
        token.revoked = True
        return self.issue(token.user, lifetime)

    def revoke(self, token: Token) -> None:
        token.revoked = True

    def expire_all(self) -> int:
        now = self._clock.now()
        live = [token for token in self._tokens.values() if token.expires_at > now]
        for token in live:
            token.expires_at = now
        return len(live)
