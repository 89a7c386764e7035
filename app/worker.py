"""The worker process: keeps projections current and runs the reactors.

Any number of worker processes, on one machine or many, may share one database: projection
batches are serialised by their checkpoint row lock and streams by advisory-lock claims.
"""

from __future__ import annotations

import asyncio

import structlog

from adapters.postgres.cursors import Claims, Cursors, Dispatcher
from adapters.postgres.notifications import wait_for_wake
from app.anaplan import anaplan_gateway
from app.bootstrap import Container
from app.flows.wiring import flow_reactors
from app.reactors import Reactor, ReactorRunner
from app.scheduler import Scheduler
from domain.errors import RetryableError
from projections.runner import ProjectionRunner

log = structlog.get_logger(__name__)


async def run_worker(c: Container) -> None:
    async with anaplan_gateway(c) as gateway:
        await _run(c, [*flow_reactors(c, gateway), *c.reactors])


async def _run(c: Container, reactors: list[Reactor]) -> None:
    claims = Claims(c.database_url)
    tasks = [
        asyncio.create_task(c.channel.run(), name="notifications"),
        asyncio.create_task(Scheduler(c.pool, c.store).run(), name="scheduler"),
    ]
    for projection in c.projections:
        runner = ProjectionRunner(c.pool, projection)
        tasks.append(asyncio.create_task(runner.run(c.hub.subscribe(), c.settings.poll_interval)))
    for reactor in reactors:
        tasks.append(asyncio.create_task(_react(c, reactor, claims), name=reactor.name))
    try:
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        await claims.close()


async def _react(c: Container, reactor: Reactor, claims: Claims) -> None:
    """Dispatch, then work due streams; sleep until woken or the polling interval ends."""
    dispatcher = ProjectionRunner(c.pool, Dispatcher(reactor.name, reactor.handles))
    runner = ReactorRunner(
        reactor,
        c.store,
        Cursors(c.pool, reactor.name),
        claims,
        retry=c.retry_policy,
        concurrency=c.settings.worker_concurrency,
    )
    wake = c.hub.subscribe()
    while True:
        wake.clear()
        try:
            await dispatcher.catch_up()
            worked = await runner.step()
        except RetryableError as exc:
            log.warning(
                "reactor paused: database unavailable", reactor=reactor.name, error=str(exc)
            )
            worked = 0
        except Exception:  # never let one reactor's bug take the whole worker down
            log.exception("reactor loop failed", reactor=reactor.name)
            worked = 0
        if not worked:
            await wait_for_wake(wake, c.settings.poll_interval)
