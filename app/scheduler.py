"""Starts scheduled syncs. Runs in every worker; the event store keeps each run unique."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

import asyncpg
import structlog

from adapters.postgres.pool import translated_errors
from domain.codec import decode
from domain.connection import ConnectionSettings
from domain.envelope import NO_STREAM, Metadata
from domain.errors import ConcurrencyError, RetryableError
from domain.event import Event
from domain.events import ActualsSyncRequested, PlanSyncRequested
from domain.ports import AppendRequest, EventStore
from domain.schedule import DueRun, due_runs, fiscal_year_to_date

log = structlog.get_logger(__name__)


class Scheduler:
    def __init__(self, pool: asyncpg.Pool, store: EventStore) -> None:
        self._pool = pool
        self._store = store

    async def tick(self, now: datetime) -> int:
        """Request every run due at `now` that nobody requested yet; return how many."""
        started = 0
        async with translated_errors():  # a lost database pauses the scheduler, see run()
            rows = await self._pool.fetch(
                "SELECT connection_id, tenant_id, settings FROM connections WHERE enabled"
            )
        for row in rows:
            settings: ConnectionSettings = decode(ConnectionSettings, json.loads(row["settings"]))
            for due in due_runs(row["connection_id"], settings.schedules, now):
                started += await self._request(
                    row["connection_id"], row["tenant_id"], settings, due, now
                )
        return started

    async def run(self, every: float = 30.0) -> None:
        while True:
            try:
                await self.tick(datetime.now(UTC))
            except RetryableError as exc:
                log.warning("scheduler paused: database unavailable", error=str(exc))
            await asyncio.sleep(every)

    async def _request(
        self, cid: str, tenant: str, settings: ConnectionSettings, due: DueRun, now: datetime
    ) -> int:
        event, stream = _run_event(cid, settings, due, now)
        meta = Metadata(
            actor="scheduler", tenant_id=tenant, connection_id=cid, correlation_id=due.run_id
        )
        try:
            await self._store.append(
                AppendRequest(stream, stream.split("-")[0], [event], NO_STREAM, meta)
            )
        except ConcurrencyError:
            return 0  # another worker requested this slot's run first
        log.info("scheduled sync requested", connection_id=cid, run_id=due.run_id, kind=due.kind)
        return 1


def _run_event(
    cid: str, settings: ConnectionSettings, due: DueRun, now: datetime
) -> tuple[Event, str]:
    if due.kind == "plan_to_ledger":
        event: Event = PlanSyncRequested(
            run_id=due.run_id, connection_id=cid, requested_by="scheduler", reason="schedule"
        )
        return event, f"plansync-{due.run_id}"
    first, last = fiscal_year_to_date(now.date(), settings.fiscal_year_start_month)
    event = ActualsSyncRequested(
        run_id=due.run_id,
        connection_id=cid,
        first_period=first.key,
        last_period=last.key,
        requested_by="scheduler",
        reason="schedule",
    )
    return event, f"actualsync-{due.run_id}"
