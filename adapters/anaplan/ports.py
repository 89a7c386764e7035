"""What the Anaplan client needs from the rest of the application."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Protocol

from domain.event import Event


class Recorder(Protocol):
    """Where the client's events go; the application picks the stream and metadata."""

    async def record(self, event: Event) -> None: ...


class RequestBudget(Protocol):
    async def acquire(self, tenant_key: str) -> None:
        """Return when one more request to the tenant may be sent."""


class Mutex(Protocol):
    def hold(self, name: str) -> AbstractAsyncContextManager[None]:
        """Exclusive across every worker process while the context is open."""


class TokenSource(Protocol):
    async def token(self) -> str:
        """A token that will stay valid for a while (refreshed before it expires)."""

    async def invalidate(self, token: str) -> None:
        """The service rejected `token`: get a new one next time."""
