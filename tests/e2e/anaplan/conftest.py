"""An Anaplan simulator on loopback and clients wired to real PostgreSQL (budget, locks,
blobs, event log), with every wait shortened so the suite stays fast."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, replace

import aiohttp
import pytest

from adapters.anaplan.auth import AuthServiceTokens, basic_login
from adapters.anaplan.client import AnaplanClient, ClientOptions
from adapters.anaplan.polling import PollPolicy
from adapters.anaplan.tasks import StartRecovery
from adapters.anaplan.tokens import TokenCache
from adapters.anaplan.transport import HttpOptions, Transport
from adapters.anaplan.uploads import UploadOptions
from adapters.postgres.advisory import AdvisoryLocks
from adapters.postgres.blobs import BlobStore
from adapters.postgres.rate_budget import PostgresRequestBudget, RateLimit
from app.anaplan import StreamRecorder
from domain.connection import AnaplanAuth, AnaplanSettings
from domain.envelope import Metadata
from domain.retry import RetryPolicy
from simulators.anaplan import AnaplanSimulator, SimConfig

from .world import EMAIL, PASSWORD, World, build_world

STREAM = "anaplan-conn1-run1"
FAST_POLLING = PollPolicy(first=0.0, minimum=0.0, maximum=0.01, jitter=0.0)
FAST_HTTP = HttpOptions(
    read_timeout=5.0,
    retry=RetryPolicy(0.01, 2.0, 0.05, 5),
    busy_retry=RetryPolicy(0.01, 1.5, 0.05),
    busy_wait_seconds=5.0,
)
FAST_OPTIONS = ClientOptions(
    uploads=UploadOptions(chunk_size=64),
    read_ahead=2,
    polling=FAST_POLLING,
    recovery=StartRecovery(settle_seconds=0.0),
)


class Sleeps:
    """Stands in for asyncio.sleep: notes what was asked, yields, and returns at once."""

    def __init__(self) -> None:
        self.asked: list[float] = []
        self.hooks: list[Callable[[float], None]] = []

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        for hook in self.hooks:
            hook(seconds)
        await asyncio.sleep(0)


@dataclass
class Clock:
    """The client's wall clock, which tests move forward together with the simulator's."""

    offset: float = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


@dataclass
class Kit:
    """Everything a test needs to build clients against the simulator."""

    sim: AnaplanSimulator
    world: World
    session: aiohttp.ClientSession
    pool: object
    db_url: str
    store: object
    sleeps: Sleeps = field(default_factory=Sleeps)
    clock: Clock = field(default_factory=Clock)
    limit: RateLimit = field(default_factory=lambda: RateLimit(requests=1_000_000))
    http: HttpOptions = FAST_HTTP
    options: ClientOptions = FAST_OPTIONS

    @property
    def settings(self) -> AnaplanSettings:
        urls = self.sim.urls
        assert urls is not None
        return AnaplanSettings(
            auth=AnaplanAuth.BASIC,
            workspace_id=self.world.workspace_id,
            model_id=self.world.model.id,
            username=EMAIL,
            api_url=urls.api,
            auth_url=urls.auth,
            oauth_url=urls.oauth,
        )

    def transport(self, tenant: str = "tenant-1") -> Transport:
        budget = PostgresRequestBudget(self.pool, self.limit)
        return Transport(self.session, budget, tenant, options=self.http, sleep=self.sleeps)

    def basic_tokens(self, transport: Transport, password: str = PASSWORD) -> TokenCache:
        async def login():
            return basic_login(EMAIL, password)

        renew = AuthServiceTokens(transport, self.settings.auth_url, login, self.clock)
        return TokenCache(renew, self.clock)

    def client(
        self,
        tokens: TokenCache | None = None,
        settings: AnaplanSettings | None = None,
        **options: object,
    ) -> AnaplanClient:
        transport = self.transport()
        tokens = tokens or self.basic_tokens(transport)
        recorder = StreamRecorder(self.store, STREAM, Metadata(correlation_id="run1"))
        return AnaplanClient(
            settings or self.settings,
            transport.authorized(tokens),
            BlobStore(self.pool),
            AdvisoryLocks(self.db_url, wait_seconds=10),
            recorder,
            replace(self.options, **options),
            sleep=self.sleeps,
        )

    async def events(self) -> list:
        return [recorded.event for recorded in await self.store.read_stream(STREAM)]


@pytest.fixture
async def sim() -> AsyncIterator[AnaplanSimulator]:
    simulator = AnaplanSimulator(SimConfig())
    await simulator.start()
    yield simulator
    await simulator.stop()


@pytest.fixture
def world(sim: AnaplanSimulator) -> World:
    return build_world(sim)


@pytest.fixture
async def kit(sim, world, pool, db_url, store) -> AsyncIterator[Kit]:
    async with aiohttp.ClientSession() as session:
        yield Kit(sim, world, session, pool, db_url, store)
