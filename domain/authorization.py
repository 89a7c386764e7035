"""Where a connection's Anaplan OAuth authorization stands, folded from its stream.

A grant started but never ended (the process waiting for it stopped) counts as expired
once its code has, so an operator is never told to wait for something that cannot come."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.event import Event
from domain.events import AnaplanAuthorizationEnded, AnaplanAuthorizationStarted


class AuthorizationState(StrEnum):
    NEVER = "never"  # no device grant was ever started for this connection
    PENDING = "pending"  # waiting for the Anaplan user to enter the code
    AUTHORIZED = "authorized"
    FAILED = "failed"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class AuthorizationStatus:
    state: AuthorizationState
    user_code: str | None = None
    verification_uri: str | None = None
    expires_at: datetime | None = None
    reason: str | None = None


def authorization_status(events: list[Event], now: datetime) -> AuthorizationStatus:
    status = AuthorizationStatus(AuthorizationState.NEVER)
    for event in events:
        match event:
            case AnaplanAuthorizationStarted():
                status = AuthorizationStatus(
                    AuthorizationState.PENDING,
                    event.user_code,
                    event.verification_uri,
                    datetime.fromisoformat(event.expires_at),
                )
            case AnaplanAuthorizationEnded(authorized=True):
                status = AuthorizationStatus(AuthorizationState.AUTHORIZED)
            case AnaplanAuthorizationEnded(reason=reason):
                status = AuthorizationStatus(AuthorizationState.FAILED, reason=reason)
    if (
        status.state is AuthorizationState.PENDING
        and status.expires_at
        and now >= status.expires_at
    ):
        reason = "the code expired before the authorization completed; start it again"
        return AuthorizationStatus(AuthorizationState.EXPIRED, reason=reason)
    return status
