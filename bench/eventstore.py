"""Event store throughput beside the `eventsourcing` library's PostgreSQL recorder.

Both write to and read from the same PostgreSQL database in the same run: single-event
transactions with 1 and 8 concurrent writers, 100-event transactions, and reading the
whole log in pages.
"""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore

from adapters.postgres import migrations
from adapters.postgres.eventstore import PostgresEventStore
from adapters.postgres.pool import create_pool
from bench.support import Row, fresh_database, libpq_params, print_table, stopwatch
from domain.envelope import START
from domain.event import Event
from domain.ports import AppendRequest

SINGLE = 2000
WRITERS, PER_WRITER = 8, 400
BATCHES, BATCH = 100, 100
PAGE = 1000
PAYLOAD = {"account": "6100 Rent", "class": "Consulting:East", "period": "2027-01"}


@dataclass(frozen=True, kw_only=True, slots=True)
class BenchEventRecorded(Event):
    account: str
    cls: str
    period: str
    amount: str


def ours_event(n: int) -> BenchEventRecorded:
    return BenchEventRecorded(
        account=PAYLOAD["account"], cls=PAYLOAD["class"], period=PAYLOAD["period"], amount=f"{n}.00"
    )


def theirs_event(stream: uuid.UUID, version: int) -> StoredEvent:
    state = BenchEventRecorded(
        account=PAYLOAD["account"],
        cls=PAYLOAD["class"],
        period=PAYLOAD["period"],
        amount=f"{version}.00",
    ).to_data()
    return StoredEvent(stream, version, "bench:BenchEventRecorded", repr(state).encode())


class Ours:
    def __init__(self, store: PostgresEventStore) -> None:
        self.store = store

    async def append_sequence(self, stream: str, count: int, per_tx: int = 1) -> None:
        for i in range(0, count, per_tx):
            events = [ours_event(i + k) for k in range(per_tx)]
            await self.store.append(AppendRequest(stream, "bench", events, expected_version=i))

    async def single(self) -> float:
        with stopwatch() as t:
            await self.append_sequence("single", SINGLE)
        return SINGLE / t["seconds"]

    async def concurrent(self) -> float:
        with stopwatch() as t:
            await asyncio.gather(
                *(self.append_sequence(f"w{n}", PER_WRITER) for n in range(WRITERS))
            )
        return WRITERS * PER_WRITER / t["seconds"]

    async def batched(self) -> float:
        with stopwatch() as t:
            await self.append_sequence("batched", BATCHES * BATCH, per_tx=BATCH)
        return BATCHES * BATCH / t["seconds"]

    async def read_all(self) -> float:
        count, after = 0, START
        with stopwatch() as t:
            while page := await self.store.read_all(after, PAGE):
                count += len(page)
                after = page[-1].log_position
        return count / t["seconds"]


class Theirs:
    def __init__(self, recorder: PostgresApplicationRecorder, pool: ThreadPoolExecutor) -> None:
        self.recorder = recorder
        self.pool = pool

    def append_sequence(self, count: int, per_tx: int = 1) -> None:
        stream = uuid.uuid4()
        for i in range(0, count, per_tx):
            self.recorder.insert_events([theirs_event(stream, i + k + 1) for k in range(per_tx)])

    async def run(self, fn, *args) -> None:
        await asyncio.get_running_loop().run_in_executor(self.pool, fn, *args)

    async def single(self) -> float:
        with stopwatch() as t:
            await self.run(self.append_sequence, SINGLE)
        return SINGLE / t["seconds"]

    async def concurrent(self) -> float:
        with stopwatch() as t:
            await asyncio.gather(
                *(self.run(self.append_sequence, PER_WRITER) for _ in range(WRITERS))
            )
        return WRITERS * PER_WRITER / t["seconds"]

    async def batched(self) -> float:
        with stopwatch() as t:
            await self.run(self.append_sequence, BATCHES * BATCH, BATCH)
        return BATCHES * BATCH / t["seconds"]

    def _read_all(self) -> int:
        count, start = 0, 1
        while page := self.recorder.select_notifications(start, PAGE):
            count += len(page)
            start = page[-1].id + 1
        return count

    async def read_all(self) -> float:
        with stopwatch() as t:
            count = await asyncio.get_running_loop().run_in_executor(self.pool, self._read_all)
        return count / t["seconds"]


async def main() -> None:
    url = await fresh_database("mlc_bench_eventstore")
    await migrations.upgrade(url)
    pool = await create_pool(url, min_size=WRITERS, max_size=WRITERS)
    p = libpq_params(url)
    datastore = PostgresDatastore(
        p["dbname"], p["host"], p["port"], p["user"], p["password"], pool_size=WRITERS
    )
    recorder = PostgresApplicationRecorder(datastore, events_table_name="es_stored_events")
    recorder.create_table()
    ours = Ours(PostgresEventStore(pool))
    with ThreadPoolExecutor(WRITERS) as threads:
        theirs = Theirs(recorder, threads)
        rows = []
        for label, aim, name in [
            ("append, 1-event transactions, 1 writer", ">= 2x", "single"),
            (f"append, 1-event transactions, {WRITERS} writers", ">= 5x", "concurrent"),
            (f"append, {BATCH}-event transactions", "", "batched"),
            ("read all, pages of 1000", ">= 3x", "read_all"),
        ]:
            mine = await getattr(ours, name)()
            peer = await getattr(theirs, name)()
            rows.append(Row(label, "ev/s", mine, peer, aim))
    await pool.close()
    datastore.close()
    print_table(
        "Event store: ml-connector vs eventsourcing (PostgreSQL recorder), same database",
        "eventsourcing",
        rows,
    )
