"""What the operator-surface tests share: an HTTP client, flow histories, a worker stand-in.

The histories are appended the way the flows append them (one run correlation, each event
caused by the one before), so audit trails, run progress and stream states are exercised
on realistic chains without needing QuickBooks or Anaplan.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import aiohttp
import asyncpg

from adapters.postgres.cursors import Claims, Cursors, Dispatcher
from adapters.postgres.tokens import TokenStore
from app.bootstrap import Container
from app.reactors import ReactorRunner
from domain.access import Scope
from domain.actuals import ActualRow
from domain.envelope import Metadata, RecordedEvent
from domain.errors import PermanentError
from domain.event import Event
from domain.events import (
    ActualsComputed,
    JournalBlocked,
    JournalStaged,
    PlanExported,
    PlanStaged,
    PlanSyncRequested,
    TxnRecorded,
)
from domain.period import Period
from domain.ports import AppendRequest
from domain.posting import JournalLine, Side
from domain.retry import RetryPolicy
from projections.base import Projection
from projections.runner import ProjectionRunner
from tests.support.factories import connection_settings


@dataclass
class Reply:
    status: int
    body: Any
    headers: dict[str, str]


class Api:
    """Real HTTP against the running service, as one token."""

    def __init__(self, url: str, token: str | None) -> None:
        self.url = url
        self.token = token

    @property
    def actor(self) -> str:
        """What the service records as the actor of this client's requests."""
        assert self.token
        return f"token:{self.token.split('_')[1]}"

    async def call(self, method: str, path: str, **kwargs: Any) -> Reply:
        headers = dict(kwargs.pop("headers", {}))
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        async with (
            aiohttp.ClientSession() as http,
            http.request(method, self.url + path, headers=headers, **kwargs) as response,
        ):
            text = await response.text()
            body = json.loads(text) if response.content_type == "application/json" else text
            return Reply(response.status, body, dict(response.headers))

    async def get(self, path: str, **kwargs: Any) -> Reply:
        return await self.call("GET", path, **kwargs)

    async def post(self, path: str, body: Any = None, **kwargs: Any) -> Reply:
        return await self.call("POST", path, json=body, **kwargs)

    async def put(self, path: str, body: Any = None, **kwargs: Any) -> Reply:
        return await self.call("PUT", path, json=body, **kwargs)


async def token(container: Container, scope: Scope, tenant: str | None) -> str:
    return await TokenStore(container.pool).issue(f"{scope}-{tenant}", scope, tenant)


UNREAD = (
    "SELECT EXISTS (SELECT FROM events e, subscription_checkpoints s "
    "WHERE s.name = $1 AND (e.tx_id, e.position) > (s.tx_id, s.position))"
)


async def settle(pool: asyncpg.Pool, projection: Projection) -> None:
    """Apply every event committed so far. Readers only see events below the oldest
    transaction in flight anywhere on the server (other test runs included), so one
    catch-up can stop short; this waits for that horizon to pass."""
    runner = ProjectionRunner(pool, projection)
    for _ in range(2000):
        await runner.catch_up()
        if not await pool.fetchval(UNREAD, projection.name):
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{projection.name} never caught up")


HIDDEN = (
    "SELECT EXISTS (SELECT FROM events "
    "WHERE tx_id >= pg_snapshot_xmin(pg_current_snapshot())::text::bigint)"
)


async def all_readable(pool: asyncpg.Pool) -> None:
    """Wait until tailing readers can see every event appended so far (see settle)."""
    for _ in range(2000):
        if not await pool.fetchval(HIDDEN):
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the log never became readable to its end")


async def project(container: Container) -> None:
    """What the workers do continuously: bring every read model up to date."""
    for projection in container.projections:
        await settle(container.pool, projection)


async def new_connection(container: Container, tenant: str, username: str) -> str:
    return await container.connections.create(tenant, connection_settings(username), "test")


class Poster:
    """Stands in for the posting reactor: fails while `broken` says why."""

    name = "test-poster"
    handles = frozenset({"JournalStaged", "JournalRetryRequested", "PlanSyncRequested"})

    def __init__(self) -> None:
        self.broken: str | None = None
        self.seen: list[tuple[str, int]] = []

    async def handle(self, event: RecordedEvent) -> None:
        if self.broken:
            raise PermanentError(self.broken)
        self.seen.append((event.stream_id, event.version))


@dataclass
class Worker:
    """Runs one reactor the way the worker process does, one step at a time."""

    container: Container
    reactor: Poster = field(default_factory=Poster)

    async def dispatch(self) -> None:
        """Record which streams have work for the reactor, without working them."""
        await settle(self.container.pool, Dispatcher(self.reactor.name, self.reactor.handles))
        await project(self.container)

    async def step(self) -> None:
        pool = self.container.pool
        await self.dispatch()
        claims = Claims(self.container.database_url)
        try:
            runner = ReactorRunner(
                self.reactor,
                self.container.store,
                Cursors(pool, self.reactor.name),
                claims,
                retry=RetryPolicy(base_seconds=0.0, max_attempts=1),
            )
            await runner.step()
        finally:
            await claims.close()
        await project(self.container)


# --- flow histories ------------------------------------------------------------------------


@dataclass
class PlanRun:
    """A plan -> ledger run as the flows would record it: two entries, one posted, one
    blocked by QuickBooks."""

    connection_id: str
    tenant: str
    run_id: str
    task_id: str
    posted_ref: str
    blocked_ref: str
    txn_id: str
    positions: dict[str, int] = field(default_factory=dict)

    def journal_stream(self, entry: str) -> str:
        return f"journal-{self.connection_id}-{entry}"


def lines(account: str, amount: str) -> tuple[JournalLine, ...]:
    value = Decimal(amount)
    return (
        JournalLine(
            side=Side.DEBIT,
            account=account,
            class_name="East",
            amount=value,
            memo="plan",
            plan_amount=value,
        ),
        JournalLine(
            side=Side.CREDIT, account="Budget Offset", class_name=None, amount=value, memo="offset"
        ),
    )


def staged(run: PlanRun, entry: str, ref: str, period: str, account: str, amount: str):
    return JournalStaged(
        connection_id=run.connection_id,
        entry_id=entry,
        run_id=run.run_id,
        ref_number=ref,
        version="Budget",
        period=period,
        part=1,
        txn_date=f"{period}-28",
        revision=1,
        content_hash=f"h-{entry}",
        lines=lines(account, amount),
    )


class History:
    def __init__(self, container: Container) -> None:
        self.store = container.store

    async def add(
        self, stream: str, event: Event, meta: Metadata, cause: RecordedEvent | None = None
    ) -> RecordedEvent:
        if cause is not None:
            meta = Metadata(actor="worker:test").caused_by(cause)
        await self.store.append(AppendRequest(stream, stream.split("-")[0], [event], metadata=meta))
        return (await self.store.read_stream(stream))[-1]

    async def plan_run(self, connection_id: str, tenant: str, tag: str = "1") -> PlanRun:
        run = PlanRun(
            connection_id,
            tenant,
            run_id=f"run{tag}-{connection_id[:6]}",
            task_id=f"task-{tag}-{connection_id[:6]}",
            posted_ref=f"PL{tag}A",
            blocked_ref=f"PL{tag}B",
            txn_id=f"TXN-{tag}-{connection_id[:6]}",
        )
        meta = Metadata(
            actor="token:ops",
            tenant_id=tenant,
            connection_id=connection_id,
            correlation_id=run.run_id,
        )
        stream = f"plansync-{run.run_id}"
        requested = await self.add(
            stream,
            PlanSyncRequested(run_id=run.run_id, connection_id=connection_id, requested_by="ops"),
            meta,
        )
        exported = await self.add(
            stream,
            PlanExported(
                run_id=run.run_id,
                connection_id=connection_id,
                action="GL Plan",
                task_id=run.task_id,
                sha256="0" * 64,
                size=100,
            ),
            meta,
            requested,
        )
        summary = await self.add(
            stream,
            PlanStaged(
                run_id=run.run_id,
                rows=2,
                staged=("ea", "eb"),
                unchanged=0,
                withdrawn=(),
                rejected=0,
            ),
            meta,
            exported,
        )
        a = await self.add(
            run.journal_stream("ea"),
            staged(run, "ea", run.posted_ref, "2027-01", "Rent", "100.00"),
            meta,
            summary,
        )
        b = await self.add(
            run.journal_stream("eb"),
            staged(run, "eb", run.blocked_ref, "2027-02", "Old Expense", "50.00"),
            meta,
            summary,
        )
        recorded = await self.add(
            run.journal_stream("ea"),
            TxnRecorded(
                connection_id=connection_id,
                entry_id="ea",
                session_id="s1",
                txn_id=run.txn_id,
                edit_sequence="1",
                txn_line_ids=("1", "2"),
                revision=1,
                operation="add",
            ),
            meta,
            a,
        )
        blocked = await self.add(
            run.journal_stream("eb"),
            JournalBlocked(
                connection_id=connection_id,
                entry_id="eb",
                session_id="s1",
                revision=1,
                problems=("account 'Old Expense' is inactive",),
            ),
            meta,
            b,
        )
        for name, event in [
            ("requested", requested),
            ("exported", exported),
            ("staged", summary),
            ("entry_a", a),
            ("entry_b", b),
            ("recorded", recorded),
            ("blocked", blocked),
        ]:
            run.positions[name] = event.position
        return run

    async def actuals(self, connection_id: str, tenant: str, period: str, amount: str) -> None:
        meta = Metadata(tenant_id=tenant, connection_id=connection_id, correlation_id="act-1")
        row = ActualRow(
            account="Rent",
            cost_center="East",
            period=Period(int(period[:4]), int(period[5:])),
            amount=Decimal(amount),
            quickbooks_account="Rent",
            quickbooks_class="East",
        )
        event = ActualsComputed(
            run_id=f"act-{connection_id[:6]}",
            connection_id=connection_id,
            period=period,
            rows=(row,),
            unmapped=(),
        )
        await self.add(f"actualsync-act-{connection_id[:6]}", event, meta)
