"""429s, server errors and timeouts are waited out; permanent refusals are not retried;
a bounded number of attempts ends in a clear, recorded error; lost task starts are found."""

from __future__ import annotations

from dataclasses import replace

import pytest

from adapters.anaplan.errors import AnaplanRefused, AnaplanUnavailable
from domain.errors import PermanentError, RetryableError
from domain.events import AnaplanRequestFailed, AnaplanTaskStarted

from .conftest import FAST_HTTP
from .proxy import lossy_proxy
from .test_exports import SINGLE

WORKSPACES = "GET /2/0/workspaces"
START = "POST /2/0/workspaces/{workspaceId}/models/{modelId}/{kind}/{objectId}/tasks"


async def test_429_waits_as_long_as_retry_after_says(kit):
    kit.sim.faults.fail_next(2, status=429, retry_after=7, path="/workspaces$")

    await kit.client().workspaces()

    assert kit.sleeps.asked == [7, 7]
    assert kit.sim.counters.requests[WORKSPACES] == 3


async def test_429_without_a_hint_backs_off_exponentially(kit):
    kit.sim.faults.fail_next(3, status=429, path="/workspaces$")

    await kit.client().workspaces()

    first, second, third = kit.sleeps.asked
    assert first < second < third  # 0.01 s, 0.02 s, 0.04 s with jitter of half


async def test_server_errors_are_retried(kit):
    kit.sim.faults.fail_next(2, status=503, path="/workspaces$")
    kit.sim.faults.fail_next(1, status=500, path="/workspaces$")

    assert len(await kit.client().workspaces()) == 1

    assert kit.sim.counters.requests[WORKSPACES] == 4


async def test_retries_are_bounded_and_giving_up_is_recorded(kit):
    kit.sim.faults.fail_next(100, status=503, path="/workspaces$")

    with pytest.raises(AnaplanUnavailable) as raised:
        await kit.client().workspaces()

    assert isinstance(raised.value, RetryableError)
    assert str(raised.value) == (
        "GET /2/0/workspaces: gave up after 5 attempts; last: 503 Service Unavailable"
    )
    assert kit.sim.counters.requests[WORKSPACES] == 5
    (event,) = await kit.events()
    assert event == AnaplanRequestFailed(
        method="GET", path="/2/0/workspaces", attempts=5, status=503, error=str(raised.value)
    )


async def test_timeouts_are_retried(kit):
    kit.http = replace(FAST_HTTP, read_timeout=0.2)
    kit.sim.faults.hang(5, count=2, path="/workspaces$")

    assert len(await kit.client().workspaces()) == 1

    assert kit.sim.counters.requests[WORKSPACES] == 3


@pytest.mark.parametrize("status", [400, 403, 404, 422])
async def test_refusals_are_permanent_and_not_retried(kit, status):
    kit.sim.faults.fail_next(1, status=status, path="/exports$")

    with pytest.raises(AnaplanRefused) as raised:
        await kit.client().export_to_blob(SINGLE)

    assert isinstance(raised.value, PermanentError) and raised.value.status == status
    assert (
        kit.sim.counters.requests["GET /2/0/workspaces/{workspaceId}/models/{modelId}/exports"] == 1
    )
    assert [type(e) for e in await kit.events()] == [AnaplanRequestFailed]


async def test_a_start_whose_answer_was_lost_is_found_not_repeated(kit):
    origin = kit.sim.urls.api.removesuffix("/2/0")
    async with lossy_proxy(origin, "POST", r"/exports/\d+/tasks$") as proxy:
        settings = replace(kit.settings, api_url=proxy.url + "/2/0")

        await kit.client(settings=settings).export_to_blob(SINGLE)

    assert proxy.lost == 1
    assert len(kit.sim.tasks(kit.world.model)) == 1
    started = (await kit.events())[0]
    assert isinstance(started, AnaplanTaskStarted) and started.recovered


async def test_a_start_refused_by_a_server_error_is_started_again(kit):
    kit.sim.faults.fail_next(1, status=503, path=r"/exports/\d+/tasks$", method="POST")

    await kit.client().export_to_blob(SINGLE)

    assert len(kit.sim.tasks(kit.world.model)) == 1
    assert kit.sim.counters.requests[START] == 2
    assert not (await kit.events())[0].recovered
