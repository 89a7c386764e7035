import asyncio
from decimal import Decimal

import aiohttp
import pytest

from simulators.anaplan import AnaplanSimulator

from .world import EMAIL, Api, World, cell


async def test_request_budget_answers_429_with_retry_after(sim: AnaplanSimulator, api: Api):
    sim.config.rate_limit_per_minute = 3
    statuses = [(await api.call("GET", "/workspaces"))[0] for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    async with api.session.get(api.base + "/workspaces", headers=api.headers()) as response:
        assert response.status == 429
        assert 1 <= int(response.headers["Retry-After"]) <= 60
        assert (await response.json())["status"]["code"] == 429
    sim.config.send_retry_after = False
    async with api.session.get(api.base + "/workspaces", headers=api.headers()) as response:
        assert "Retry-After" not in response.headers
    assert sim.counters.throttled == 3
    assert sim.counters.max_requests_per_minute == 6
    sim.clock.advance(61)
    assert (await api.call("GET", "/workspaces"))[0] == 200


async def test_injected_server_errors_hit_matching_paths_only(
    sim: AnaplanSimulator, world: World, api: Api
):
    sim.faults.fail_next(2, status=503, path=r"/exports$", retry_after=7)
    sim.faults.fail_next(1, status=500, method="POST")
    async with api.session.get(
        api.base + world.base + "/exports", headers=api.headers()
    ) as response:
        assert (response.status, response.headers["Retry-After"]) == (503, "7")
        assert (await response.json())["status"] == {"code": 503, "message": "Service Unavailable"}
    assert (await api.get(f"{world.base}/imports"))[0] == 200
    assert (await api.get(f"{world.base}/exports"))[0] == 503
    assert (await api.get(f"{world.base}/exports"))[0] == 200
    status, _ = await api.post(
        f"{world.base}/exports/{world.tsc.id}/tasks", {"localeName": "en_US"}
    )
    assert status == 500


async def test_hang_outlasts_the_client_timeout(sim: AnaplanSimulator, api: Api):
    sim.faults.hang(30, path="/workspaces")
    with pytest.raises(asyncio.TimeoutError):
        await api.call("GET", "/workspaces", timeout=aiohttp.ClientTimeout(total=0.2))
    assert (await api.call("GET", "/workspaces"))[0] == 200


async def test_disconnect_drops_the_connection(sim: AnaplanSimulator, api: Api):
    sim.faults.disconnect(count=2, path="/workspaces")  # aiohttp retries a GET once by itself
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await api.call("GET", "/workspaces")
    assert (await api.call("GET", "/workspaces"))[0] == 200


async def test_token_expires_in_the_middle_of_a_chunked_download(
    sim: AnaplanSimulator, world: World, api: Api
):
    world.pnl.set_value(cell("Revenue", "Sales", "Jan 27"), Decimal("1.5"))
    sim.config.export_chunk_size = 10
    await api.run(f"{world.base}/exports/{world.tsc.id}")
    sim.faults.expire_tokens(path=r"/chunks/\d+$", after=1)
    chunks = f"{world.base}/files/{world.tsc.id}/chunks"
    assert (await api.get(f"{chunks}/0"))[0] == 200
    status, body = await api.get(f"{chunks}/1")
    assert (status, body["status"]["code"]) == (401, 401)
    api.token = sim.issue_token(EMAIL)
    assert (await api.get(f"{chunks}/1"))[0] == 200


async def test_first_call_on_a_closed_model_waits_for_it_to_open(
    sim: AnaplanSimulator, world: World, api: Api
):
    world.model.closed = True
    sim.config.closed_model_delay = 0.01
    status = await api.ok("GET", f"/models/{world.model.id}/status")
    assert status["requestStatus"]["currentStep"] == "Closed"
    assert (await api.get(f"{world.base}/exports"))[0] == 200
    status = await api.ok("GET", f"/models/{world.model.id}/status")
    assert status["requestStatus"]["currentStep"] == "Open"
    assert (await api.call("POST", f"/models/{world.model.id}/close"))[0] == 204
    assert world.model.closed


async def test_counters_count_requests_per_endpoint(sim: AnaplanSimulator, world: World, api: Api):
    for _ in range(2):
        await api.get(f"{world.base}/exports")
    await api.get(f"/models/{world.model.id}/exports")
    requests = sim.counters.requests
    assert requests["GET /2/0/workspaces/{workspaceId}/models/{modelId}/exports"] == 2
    assert requests["GET /2/0/models/{modelId}/exports"] == 1


async def test_control_api_drives_the_simulator_out_of_process(
    sim: AnaplanSimulator, world: World, api: Api
):
    control = sim.urls.control
    session = api.session
    async with session.post(
        f"{control}/faults", json={"action": "status", "status": 503, "path": "/workspaces$"}
    ) as response:
        assert response.status == 201
    assert (await api.get("/workspaces"))[0] == 503
    async with session.patch(
        f"{control}/config",
        json={"rate_limit_per_minute": 1, "task_timing": {"seconds": 0, "polls": 2}},
    ) as response:
        assert (await response.json())["task_timing"] == {"seconds": 0, "polls": 2}
    assert (await api.get("/workspaces"))[0] == 429
    async with session.get(f"{control}/counters") as response:
        counters = await response.json()
    assert counters["throttled"] == 1 and counters["maxRequestsPerMinute"] == 2
    async with session.post(f"{control}/tokens", json={"email": EMAIL}) as response:
        assert (await response.json())["tokenValue"]
    async with session.get(f"{control}/tenant") as response:
        tenant = await response.json()
    assert tenant["workspaces"][0]["models"][0]["exports"]["P&L.csv"] == world.tsc.id


async def test_control_api_reads_cells_and_locks_models(
    sim: AnaplanSimulator, world: World, api: Api
):
    world.pnl.set_value(cell("Revenue", "Sales", "Jan 27"), Decimal("10.10"))
    control = f"{sim.urls.control}/models/{world.model.id}"
    async with api.session.get(f"{control}/modules/{world.pnl.id}/cells") as response:
        assert await response.json() == [
            {"coordinates": cell("Revenue", "Sales", "Jan 27"), "value": "10.1"}
        ]
    async with api.session.post(f"{control}/lock", json={"tooltip": "busy"}) as response:
        assert response.status == 204
    status = await api.ok("GET", f"/models/{world.model.id}/status")
    assert status["requestStatus"]["tooltip"] == "busy"
    async with api.session.delete(f"{control}/lock") as response:
        assert response.status == 204
