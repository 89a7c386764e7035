from collections.abc import AsyncIterator

import aiohttp
import pytest

from simulators.anaplan import AnaplanSimulator, SimConfig

from .world import EMAIL, Api, World, build_world


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
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


@pytest.fixture
def api(sim: AnaplanSimulator, world: World, session: aiohttp.ClientSession) -> Api:
    assert sim.urls is not None
    return Api(session, sim.urls.api, sim.issue_token(EMAIL))
