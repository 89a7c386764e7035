"""`mlc`: the command line for operators and for `make run`."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable

import typer
import uvicorn

from adapters.postgres import migrations
from app import logging as app_logging
from app import metrics
from app.api.app import create_app
from app.bootstrap import Container, container, database_url
from app.commands import EXIT_CODES, register
from app.settings import Settings
from app.worker import run_worker

cli = typer.Typer(
    help="ml-connector: QuickBooks Desktop <-> Anaplan", epilog=EXIT_CODES, no_args_is_help=True
)
register(cli)


def _settings() -> Settings:
    settings = Settings()
    app_logging.configure(settings.log_level, settings.log_format)
    return settings


def _run(job: Callable[[Container], Awaitable[None]]) -> None:
    async def main() -> None:
        async with container(_settings()) as c:
            await job(c)

    # uvloop (where it exists) roughly halves the event loop's own cost per request.
    with asyncio.Runner(loop_factory=_loop_factory()) as runner:
        runner.run(main())


def _loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    try:
        import uvloop
    except ImportError:  # Windows has no uvloop: the standard loop does the same, slower
        return None
    return uvloop.new_event_loop


@cli.command()
def migrate() -> None:
    """Apply database migrations up to the latest revision."""
    asyncio.run(migrations.upgrade(database_url(_settings())))
    typer.echo("database is at the latest revision")


@cli.command()
def serve() -> None:
    """Serve the REST API and the Web Connector SOAP endpoint."""
    _run(_serve)


@cli.command()
def worker() -> None:
    """Run projections and reactors (start as many as you like against one database)."""
    settings = _settings()
    if settings.metrics_port:
        metrics.serve(settings.metrics_port, settings.host)
    _run(run_worker)


@cli.command()
def run() -> None:
    """Serve and work in one process: the default for a single machine and the sandbox."""
    _run(_serve_and_work)


@cli.command()
def demo() -> None:
    """The sandbox: simulated Anaplan and QuickBooks, a demo firm, both flows end to end,
    on a fresh database of its own (what `make run` does with no real systems set up)."""
    # A separate program, started by name: the product never imports a simulator.
    real = ("MLC_DATABASE_URL", "MLC_SANDBOX")  # the demo never touches a real database
    env = {key: value for key, value in os.environ.items() if key not in real}
    os.execve(sys.executable, [sys.executable, "-m", "simulators.sandbox"], env)  # noqa: S606


# The Web Connector keeps its HTTP connection alive and makes its next call on it once
# QuickBooks has processed a message: up to the message budget (20 s by default), more
# when QuickBooks is slower than planned. A server that drops idle connections sooner
# (uvicorn: after 5 s) races that call, which then fails with "a connection that was
# expected to be kept alive was closed by the server". QBWC itself waits about a minute.
KEEP_ALIVE_SECONDS = 120


def uvicorn_config(c: Container) -> uvicorn.Config:
    """HTTPS when a certificate is configured: the Web Connector only talks to HTTPS
    outside localhost (or terminate TLS at a reverse proxy, see docs/quickbooks.md)."""
    s = c.settings
    return uvicorn.Config(
        create_app(c),
        host=s.host,
        port=s.port,
        ssl_certfile=s.tls_certfile,
        ssl_keyfile=s.tls_keyfile,
        log_config=None,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
    )


async def _serve(c: Container) -> None:
    await uvicorn.Server(uvicorn_config(c)).serve()


async def _serve_and_work(c: Container) -> None:
    worker = asyncio.create_task(run_worker(c))
    try:
        await _serve(c)  # returns on Ctrl-C / SIGTERM
    finally:
        worker.cancel()


def main() -> None:
    cli()
