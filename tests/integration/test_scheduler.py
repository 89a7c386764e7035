"""Scheduled syncs: each due run is requested once, however many workers look."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from datetime import UTC, datetime

from adapters.crypto import SecretBox, new_key
from adapters.postgres.credentials import CredentialStore
from app.connections import Connections
from app.scheduler import Scheduler
from domain.connection import Schedules
from projections.connections import ConnectionsProjection
from projections.runner import ProjectionRunner
from tests.support.factories import connection_settings


async def test_each_scheduled_run_is_requested_once_across_workers(pool, store):
    connections = Connections(store, CredentialStore(pool, SecretBox({"k": new_key()}, "k")))
    settings = replace(
        connection_settings(),
        schedules=Schedules(plan_to_ledger_minutes=60, ledger_to_plan_minutes=1440),
    )
    cid = await connections.create("t", settings, actor="admin")
    await connections.create("t", connection_settings("unscheduled"), actor="admin")
    await ProjectionRunner(pool, ConnectionsProjection()).catch_up()
    now = datetime(2027, 3, 15, 10, 30, tzinfo=UTC)
    workers = [Scheduler(pool, store) for _ in range(3)]
    started = await asyncio.gather(*(w.tick(now) for w in workers))
    assert sum(started) == 2
    assert await workers[0].tick(now.replace(minute=59)) == 0  # same slots
    rows = await pool.fetch(
        "SELECT stream_id, data FROM events WHERE event_type IN "
        "('PlanSyncRequested', 'ActualsSyncRequested') ORDER BY position"
    )
    assert len(rows) == 2 and all(cid in r["stream_id"] for r in rows)
    actuals = json.loads(rows[1]["data"])
    assert (actuals["first_period"], actuals["last_period"]) == ("2027-01", "2027-03")
    assert await workers[0].tick(now.replace(hour=11)) == 1  # the next hourly slot
