"""Runs reactors: handlers that call the outside world, at least once, one stream at a time.

A reactor's dispatcher (a projection) marks streams that have events for it; this runner
claims due streams, feeds their events to the handler in order and moves the cursor after
each one. A failing stream is retried with exponential backoff and parked after too many
attempts, while every other stream keeps flowing.
"""

from __future__ import annotations

import asyncio
import random
from typing import Protocol

import structlog

from adapters.postgres.cursors import Claims, Cursors, DueStream
from domain.envelope import Metadata, RecordedEvent
from domain.errors import PermanentError
from domain.events import StreamParked, StreamRecovered
from domain.ports import AppendRequest, EventStore
from domain.retry import RetryPolicy

log = structlog.get_logger(__name__)


class Reactor(Protocol):
    name: str
    handles: frozenset[str]

    async def handle(self, event: RecordedEvent) -> None: ...


def parking_stream(consumer: str, stream_id: str) -> str:
    return f"parking-{consumer}-{stream_id}"


class ReactorRunner:
    def __init__(
        self,
        reactor: Reactor,
        store: EventStore,
        cursors: Cursors,
        claims: Claims,
        *,
        retry: RetryPolicy,
        concurrency: int = 4,
    ) -> None:
        self.reactor = reactor
        self._store = store
        self._cursors = cursors
        self._claims = claims
        self._retry = retry
        self._concurrency = concurrency

    async def step(self) -> int:
        """Work every due stream this worker can claim; return how many it worked."""
        claimed = [
            s for s in await self._cursors.due(self._concurrency * 2) if await self._claim(s)
        ]
        await asyncio.gather(*(self._work(stream) for stream in claimed))
        return len(claimed)

    async def _claim(self, stream: DueStream) -> bool:
        return await self._claims.try_claim(self.reactor.name, stream.stream_id)

    async def _work(self, stream: DueStream) -> None:
        try:
            await self._work_claimed(stream)
        finally:
            await self._claims.release(self.reactor.name, stream.stream_id)

    async def _work_claimed(self, stream: DueStream) -> None:
        events = await self._store.read_stream(stream.stream_id, stream.handled_version)
        for event in events:
            try:
                await self._handle(event)
            except Exception as exc:  # any failure of one stream must not stop the others
                await self._failed(stream, event, exc)
                return
            await self._cursors.mark_handled(stream.stream_id, event.version)
        if stream.last_error and events:
            await self._record(
                events[-1],
                StreamRecovered(
                    consumer=self.reactor.name,
                    stream_id=stream.stream_id,
                    version=events[-1].version,
                    previous_error=stream.last_error,
                ),
            )

    async def _handle(self, event: RecordedEvent) -> None:
        if event.type not in self.reactor.handles:
            return
        meta = event.metadata
        with structlog.contextvars.bound_contextvars(
            consumer=self.reactor.name,
            stream_id=event.stream_id,
            position=event.position,
            correlation_id=meta.correlation_id,
        ):
            await self.reactor.handle(event)

    async def _failed(self, stream: DueStream, event: RecordedEvent, exc: Exception) -> None:
        attempt = stream.attempts + 1
        park = self._retry.should_park(attempt, isinstance(exc, PermanentError))
        delay = self._retry.delay(attempt, random.random())
        error = f"{type(exc).__name__}: {exc}"
        await self._cursors.mark_failed(stream.stream_id, error, delay, park)
        log.warning(
            "handler failed",
            consumer=self.reactor.name,
            stream_id=stream.stream_id,
            attempt=attempt,
            parked=park,
            error=error,
        )
        if park:
            await self._record(
                event,
                StreamParked(
                    consumer=self.reactor.name,
                    stream_id=stream.stream_id,
                    version=event.version,
                    attempts=attempt,
                    error=error,
                ),
            )

    async def _record(self, cause: RecordedEvent, event: StreamParked | StreamRecovered) -> None:
        request = AppendRequest(
            parking_stream(self.reactor.name, cause.stream_id),
            "parking",
            [event],
            metadata=Metadata(actor=f"worker:{self.reactor.name}").caused_by(cause),
        )
        await self._store.append(request)
