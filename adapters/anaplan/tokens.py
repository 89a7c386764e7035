"""A token and when to renew it: before it expires, by the expiry the service gave."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class RefreshTiming:
    """Renew once `share` of the token's lifetime is left, but at most `max_margin` seconds
    ahead (Anaplan Connect renews 5 minutes before a 35-minute token ends)."""

    share: float = 0.2
    max_margin: float = 300.0

    def renew_at(self, obtained_at: float, expires_at: float) -> float:
        lifetime = expires_at - obtained_at
        return expires_at - min(self.max_margin, self.share * max(lifetime, 0.0))


DEFAULT_TIMING = RefreshTiming()


@dataclass(frozen=True, slots=True)
class Token:
    value: str = field(repr=False)
    obtained_at: float
    expires_at: float
    renew_at: float

    @classmethod
    def issued(
        cls, value: str, obtained_at: float, expires_at: float, timing: RefreshTiming
    ) -> Token:
        return cls(value, obtained_at, expires_at, timing.renew_at(obtained_at, expires_at))

    def expired(self, now: float) -> bool:
        return now >= self.expires_at


Renew = Callable[["Token | None"], Awaitable[Token]]


class TokenCache:
    """Holds the current token of one credential; one renewal at a time per process.

    `renew(previous)` gets a new token; `previous` is the one due for renewal (a refresh
    may build on it), or None when there is none or the service rejected it.
    """

    def __init__(self, renew: Renew, clock: Clock = time.time) -> None:
        self._renew = renew
        self._clock = clock
        self._current: Token | None = None
        self._lock = asyncio.Lock()

    async def token(self) -> str:
        async with self._lock:
            current = self._current
            if current is None or self._clock() >= current.renew_at:
                current = self._current = await self._renew(current)
            return current.value

    async def invalidate(self, token: str) -> None:
        async with self._lock:
            if self._current is not None and self._current.value == token:
                self._current = None

    def __repr__(self) -> str:
        return f"TokenCache(holding={self._current is not None})"
