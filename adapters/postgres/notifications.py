"""LISTEN/NOTIFY wake-ups for subscribers, with polling as the fallback.

Appenders do not NOTIFY inside their own transaction: PostgreSQL takes a database-wide lock
on the notification queue at commit and holds it to the end of the commit, so notifying
appenders would commit one after another. Instead every append pokes this process's
channel after it committed; one background connection sends a single NOTIFY for however
many pokes arrived meanwhile, and listens for the NOTIFYs of other processes. A lost
notification (crash between commit and NOTIFY, dropped listener) costs at most one polling
interval, never an event.
"""

from __future__ import annotations

import asyncio
import contextlib

import asyncpg
import structlog

from adapters.postgres.pool import connect

CHANNEL = "mlc_events"
_RECONNECT_DELAY = 1.0
_HEALTH_CHECK_EVERY = 5.0
log = structlog.get_logger(__name__)


class WakeHub:
    """Fans one wake-up out to every subscriber of this process."""

    def __init__(self) -> None:
        self._events: list[asyncio.Event] = []

    def subscribe(self) -> asyncio.Event:
        event = asyncio.Event()
        self._events.append(event)
        return event

    def wake(self) -> None:
        for event in self._events:
            event.set()


async def wait_for_wake(event: asyncio.Event, at_most: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), at_most)


class NotificationChannel:
    """One connection per process: sends coalesced NOTIFYs and relays others' to the hub."""

    def __init__(self, url: str, hub: WakeHub) -> None:
        self._url = url
        self._hub = hub
        self._pending = asyncio.Event()

    def poke(self) -> None:
        """Called after a commit that appended events."""
        self._hub.wake()
        self._pending.set()

    async def run(self) -> None:
        while True:
            try:
                await self._serve(await connect(self._url))
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                log.warning("notification channel lost; polling until it is back", error=str(exc))
                await asyncio.sleep(_RECONNECT_DELAY)

    async def _serve(self, conn: asyncpg.Connection) -> None:
        try:
            await conn.add_listener(CHANNEL, self._relay)
            self._hub.wake()  # we may have missed notifications while disconnected
            while True:
                await wait_for_wake(self._pending, _HEALTH_CHECK_EVERY)
                if self._pending.is_set():
                    self._pending.clear()
                    await conn.execute(f"NOTIFY {CHANNEL}")
                else:
                    await conn.execute("SELECT 1")  # notice a dead listener while idle
        finally:
            with contextlib.suppress(Exception):
                await conn.close(timeout=1)

    def _relay(self, *_: object) -> None:
        self._hub.wake()
