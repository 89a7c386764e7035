"""Connection pool creation and the translation of driver errors into domain errors."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import asyncpg

from adapters.postgres.urls import asyncpg_url
from domain.errors import RetryableError

# Errors that mean "the database went away or is restarting": retry, don't park.
TRANSIENT = (
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.AdminShutdownError,
    asyncpg.TooManyConnectionsError,
    asyncpg.exceptions.ConnectionFailureError,
    asyncpg.InterfaceError,
    ConnectionError,
    OSError,
)

# Keep dead peers from holding advisory-lock claims for long: the server probes idle
# client connections and drops them (and their session locks) within about 20 seconds.
_SERVER_SETTINGS = {
    "tcp_keepalives_idle": "10",
    "tcp_keepalives_interval": "5",
    "tcp_keepalives_count": "2",
    "application_name": "ml-connector",
}


async def create_pool(url: str, *, min_size: int = 1, max_size: int = 10) -> asyncpg.Pool:
    pool = await asyncpg.create_pool(
        asyncpg_url(url),
        min_size=min_size,
        max_size=max_size,
        server_settings=_SERVER_SETTINGS,
        reset=_keep_session,
    )
    assert pool is not None
    return pool


async def _keep_session(conn: asyncpg.Connection) -> None:
    """Skip asyncpg's reset round trip (UNLISTEN, RESET ALL, unlock...) on every release.

    Pooled connections never carry session state here: LISTEN and advisory-lock claims
    live on dedicated connections, and nothing SETs session parameters. The reset would
    double the cost of a one-statement append.
    """


async def connect(url: str) -> asyncpg.Connection:
    return await asyncpg.connect(asyncpg_url(url), server_settings=_SERVER_SETTINGS)


@contextlib.asynccontextmanager
async def translated_errors() -> AsyncIterator[None]:
    """Re-raise a lost or restarting database as the domain's RetryableError."""
    try:
        yield
    except TRANSIENT as exc:
        raise RetryableError(f"database unavailable: {exc}") from exc
