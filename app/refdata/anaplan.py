"""Anaplan for the reference-data services: a client per request, and failures described
the way an operator needs them (what went wrong, in one word and in a sentence)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from enum import StrEnum

from adapters.anaplan.client import AnaplanClient
from adapters.anaplan.errors import (
    AnaplanAuthFailed,
    AnaplanMismatch,
    AnaplanNotFound,
    AnaplanRefused,
    AnaplanTaskError,
    AnaplanUnavailable,
    LostResponse,
)
from adapters.anaplan.transport import HttpOptions
from app.anaplan import AnaplanGateway, anaplan_gateway
from app.bootstrap import Container
from domain.list_push import ListLayoutError
from domain.retry import RetryPolicy

# A ping tells how things are now: no retries, short waits.
PING_HTTP = HttpOptions(
    connect_timeout=10.0,
    read_timeout=30.0,
    retry=RetryPolicy(max_attempts=1),
    busy_wait_seconds=5.0,
    max_retry_after=5.0,
)
# Reads made while an operator waits for an answer: a few quick retries, then say so.
READ_HTTP = HttpOptions(
    connect_timeout=10.0,
    read_timeout=60.0,
    retry=RetryPolicy(base_seconds=0.5, max_seconds=5.0, max_attempts=3),
    busy_wait_seconds=30.0,
    max_retry_after=10.0,
)
ANAPLAN_ERRORS = (
    AnaplanAuthFailed,
    AnaplanMismatch,
    AnaplanNotFound,
    AnaplanRefused,
    AnaplanTaskError,
    AnaplanUnavailable,
    LostResponse,
    ListLayoutError,
)


class FailureKind(StrEnum):
    BAD_CREDENTIALS = "bad_credentials"
    NO_ACCESS = "no_access"  # 403: the user may not see or do this
    NOT_FOUND = "not_found"  # unknown workspace, model, action, list or file
    RATE_LIMITED = "rate_limited"  # 429, retries ran out
    UNREACHABLE = "unreachable"  # no connection, timeouts
    UNAVAILABLE = "unavailable"  # 5xx, or the model stayed busy
    REFUSED = "refused"  # any other permanent refusal
    MISMATCH = "mismatch"  # the model's actions do not fit the connection's settings
    TASK_FAILED = "task_failed"


@dataclass(frozen=True, slots=True)
class Failure:
    kind: FailureKind
    message: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


def describe(error: Exception) -> Failure:
    """Messages name the call and Anaplan's status text, never a token or credential."""
    return Failure(_kind(error), str(error))


def _kind(error: Exception) -> FailureKind:
    status = getattr(error, "status", None)
    match error:
        case AnaplanAuthFailed():
            return FailureKind.BAD_CREDENTIALS
        case AnaplanNotFound():
            return FailureKind.NOT_FOUND
        case AnaplanRefused():
            return {403: FailureKind.NO_ACCESS, 404: FailureKind.NOT_FOUND}.get(
                status or 0, FailureKind.REFUSED
            )
        case AnaplanUnavailable() if status == 429:
            return FailureKind.RATE_LIMITED
        case AnaplanUnavailable() if status is None:
            return FailureKind.UNREACHABLE
        case LostResponse():
            return FailureKind.UNREACHABLE
        case AnaplanTaskError():
            return FailureKind.TASK_FAILED
        case AnaplanMismatch() | ListLayoutError():
            return FailureKind.MISMATCH
    return FailureKind.UNAVAILABLE


class AnaplanAccess:
    def __init__(self, container: Container) -> None:
        self._container = container

    @contextlib.asynccontextmanager
    async def gateway(self, http: HttpOptions | None = None) -> AsyncIterator[AnaplanGateway]:
        """Polling follows MLC_ANAPLAN_POLL_SECONDS; `http` how long to try each call."""
        async with anaplan_gateway(self._container, http=http) as gateway:
            yield gateway

    @contextlib.asynccontextmanager
    async def client(
        self,
        connection_id: str,
        correlation_id: str,
        actor: str,
        http: HttpOptions | None = None,
    ) -> AsyncIterator[AnaplanClient]:
        async with self.gateway(http) as gateway:
            yield await gateway.client(connection_id, correlation_id, actor)
