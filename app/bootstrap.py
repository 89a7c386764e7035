"""The composition root: wires adapters, projections and reactors for every process kind."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import structlog

from adapters.crypto import KeyFileBox, SecretBox, create_key_file, parse_keys
from adapters.postgres import embedded, migrations
from adapters.postgres.credentials import CredentialStore
from adapters.postgres.eventstore import PostgresEventStore
from adapters.postgres.notifications import NotificationChannel, WakeHub
from adapters.postgres.pool import create_pool
from adapters.postgres.urls import redacted
from app.connections import Connections
from app.flows.journal_source import JournalPosting
from app.qbwc.sources import reference_sources
from app.qbwc.work import WorkSource
from app.reactors import Reactor
from app.settings import Settings
from domain.retry import RetryPolicy
from projections.base import Projection
from projections.connections import ConnectionsProjection
from projections.journals import JournalEntriesProjection
from projections.runs import SyncRunsProjection

log = structlog.get_logger(__name__)


@dataclass
class Container:
    settings: Settings
    database_url: str
    pool: asyncpg.Pool
    hub: WakeHub
    channel: NotificationChannel
    store: PostgresEventStore
    box: SecretBox
    credentials: CredentialStore
    connections: Connections
    projections: list[Projection] = field(default_factory=list)
    reactors: list[Reactor] = field(default_factory=list)
    work_sources: list[WorkSource] = field(default_factory=list)  # app/qbwc/work.py
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    @property
    def retry_policy(self) -> RetryPolicy:
        s = self.settings
        return RetryPolicy(s.retry_base_seconds, 2.0, s.retry_max_seconds, s.retry_max_attempts)


def secret_box(settings: Settings) -> SecretBox:
    """Keys from the environment, else from the key file (created on a fresh install)."""
    if settings.encryption_keys:
        keys = parse_keys(settings.encryption_keys.get_secret_value())
        return SecretBox(keys, settings.encryption_active_key or next(iter(keys)))
    path = settings.resolved_key_file()
    if not path.exists():
        log.warning("no encryption key configured; creating a key file", path=str(path))
        create_key_file(path)
    return KeyFileBox(path)  # follows the file: `mlc keys rotate` needs no restart


def database_url(settings: Settings) -> str:
    """The configured server, or the embedded one under the data directory."""
    return settings.resolved_database_url() or embedded.start(Path(settings.data_dir) / "pg")


@contextlib.asynccontextmanager
async def container(settings: Settings) -> AsyncIterator[Container]:
    url = database_url(settings)
    log.info("database", url=redacted(url))
    if settings.migrate_on_start:
        await migrations.upgrade(url)
    pool = await create_pool(url, max_size=20)
    hub = WakeHub()
    channel = NotificationChannel(url, hub)
    store = PostgresEventStore(pool, on_append=channel.poke)
    box = secret_box(settings)
    credentials = CredentialStore(pool, box)
    c = Container(
        settings, url, pool, hub, channel, store, box, credentials, Connections(store, credentials)
    )
    c.projections.append(ConnectionsProjection())
    c.projections += [JournalEntriesProjection(), SyncRunsProjection()]
    # The journal source first: posting the plan goes before reference reads in a message.
    c.work_sources.extend([JournalPosting(pool, store), *reference_sources(c)])
    try:
        yield c
    finally:
        await pool.close()
