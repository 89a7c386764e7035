"""Reactors: per-stream claims, ordered at-least-once handling, retry, parking, crashes."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import pytest

from adapters.postgres.cursors import Claims, Cursors, Dispatcher
from app.reactors import ReactorRunner, parking_stream
from domain.envelope import RecordedEvent
from domain.errors import PermanentError
from domain.events import StreamParked, StreamRecovered
from domain.ports import AppendRequest
from domain.retry import RetryPolicy
from projections.runner import ProjectionRunner
from tests.support.events import CounterIncremented

FAST = RetryPolicy(base_seconds=0.0, max_attempts=3)


class Recorder:
    name = "recorder"
    handles = frozenset({"CounterIncremented"})

    def __init__(self, fail_on: dict[str, Exception] | None = None) -> None:
        self.seen: list[tuple[str, int]] = []
        self.fail_on = fail_on or {}

    async def handle(self, event: RecordedEvent) -> None:
        if error := self.fail_on.get(event.stream_id):
            raise error
        self.seen.append((event.stream_id, event.version))


def bump(stream: str, by: int = 1) -> AppendRequest:
    return AppendRequest(stream, "counter", [CounterIncremented(counter=stream, by=by)])


@pytest.fixture
async def claims(db_url):
    claims = Claims(db_url)
    yield claims
    await claims.close()


def runner_for(reactor, store, pool, claims, retry=FAST) -> ReactorRunner:
    return ReactorRunner(reactor, store, Cursors(pool, reactor.name), claims, retry=retry)


async def dispatch(pool, reactor) -> None:
    await ProjectionRunner(pool, Dispatcher(reactor.name, reactor.handles)).catch_up()


async def test_each_stream_is_handled_in_order_and_only_once(pool, store, claims):
    for n in range(3):
        for _ in range(n + 1):
            await store.append(bump(f"s{n}"))
    reactor = Recorder()
    await dispatch(pool, reactor)
    runner = runner_for(reactor, store, pool, claims)
    assert await runner.step() == 3
    assert await runner.step() == 0
    assert sorted(reactor.seen) == [
        ("s0", 1),
        ("s1", 1),
        ("s1", 2),
        ("s2", 1),
        ("s2", 2),
        ("s2", 3),
    ]


async def test_a_failing_stream_is_retried_then_parked_while_others_flow(pool, store, claims):
    await store.append(bump("bad"))
    await store.append(bump("good"))
    reactor = Recorder(fail_on={"bad": ConnectionError("anaplan unreachable")})
    await dispatch(pool, reactor)
    runner = runner_for(reactor, store, pool, claims)
    for _ in range(4):
        await runner.step()
    assert reactor.seen == [("good", 1)]
    row = await pool.fetchrow(
        "SELECT status, attempts, last_error FROM stream_cursors WHERE stream_id = 'bad'"
    )
    assert (row["status"], row["attempts"]) == ("parked", 3)
    assert "anaplan unreachable" in row["last_error"]
    [parked] = await store.read_stream(parking_stream("recorder", "bad"))
    assert parked.event == StreamParked(
        consumer="recorder",
        stream_id="bad",
        version=1,
        attempts=3,
        error="ConnectionError: anaplan unreachable",
    )


async def test_a_permanent_error_parks_at_once_and_a_retry_completes_it(pool, store, claims):
    await store.append(bump("s"))
    reactor = Recorder(fail_on={"s": PermanentError("account 6100 is not mapped")})
    await dispatch(pool, reactor)
    runner = runner_for(reactor, store, pool, claims)
    await runner.step()
    assert (
        await pool.fetchval("SELECT status FROM stream_cursors WHERE stream_id = 's'") == "parked"
    )
    reactor.fail_on.clear()  # the operator fixed the mapping
    assert await Cursors(pool, "recorder").unpark("s")
    await runner.step()
    assert reactor.seen == [("s", 1)]
    events = [e.event for e in await store.read_stream(parking_stream("recorder", "s"))]
    assert events[-1] == StreamRecovered(
        consumer="recorder",
        stream_id="s",
        version=1,
        previous_error="PermanentError: account 6100 is not mapped",
    )


async def test_a_stream_is_worked_by_one_worker_at_a_time(pool, store, db_url):
    await store.append(bump("shared"))
    gate = asyncio.Event()

    class Slow(Recorder):
        async def handle(self, event):
            await gate.wait()
            await super().handle(event)

    reactor = Slow()
    await dispatch(pool, reactor)
    first, second = Claims(db_url), Claims(db_url)
    one = runner_for(reactor, store, pool, first)
    two = runner_for(reactor, store, pool, second)
    busy = asyncio.create_task(one.step())
    await asyncio.sleep(0.2)
    assert await two.step() == 0  # claimed elsewhere: skipped, not waited for
    gate.set()
    assert await busy == 1
    assert reactor.seen == [("shared", 1)]
    await first.close()
    await second.close()


async def test_a_killed_workers_claims_are_released_automatically(pool, store, claims, db_url):
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.support.hold_claim",
        db_url,
        "recorder",
        "orphan",
        stdout=asyncio.subprocess.PIPE,
    )
    assert (await asyncio.wait_for(proc.stdout.readline(), 30)).strip() == b"claimed"
    assert not await claims.try_claim("recorder", "orphan")
    os.kill(proc.pid, signal.SIGKILL)
    await proc.wait()
    for _ in range(100):
        if await claims.try_claim("recorder", "orphan"):
            break
        await asyncio.sleep(0.1)
    else:
        pytest.fail("the dead worker's claim was never released")


async def test_rewinding_a_stream_redrives_it_from_a_chosen_version(pool, store, claims):
    for _ in range(3):
        await store.append(bump("r"))
    reactor = Recorder()
    await dispatch(pool, reactor)
    runner = runner_for(reactor, store, pool, claims)
    await runner.step()
    assert await Cursors(pool, "recorder").rewind("r", to_version=1)
    await runner.step()
    assert reactor.seen == [("r", 1), ("r", 2), ("r", 3), ("r", 2), ("r", 3)]
