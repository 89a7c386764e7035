"""Every operator endpoint needs a valid token with enough scope."""

from __future__ import annotations

import aiohttp
import pytest

from adapters.postgres.tokens import TokenStore
from domain.access import Scope
from tests.support.server import running_service, service_settings


@pytest.fixture
async def service(db_url):
    async with running_service(service_settings(db_url)) as svc:
        yield svc


async def get(url: str, token: str | None = None) -> tuple[int, dict]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with aiohttp.ClientSession() as http, http.get(url, headers=headers) as response:
        return response.status, await response.json()


async def test_a_valid_token_is_recognised_with_its_tenant_and_scope(service):
    token = await TokenStore(service.container.pool).issue("ops", Scope.OPERATOR, "tenant-a")
    status, body = await get(f"{service.url}/whoami", token)
    assert status == 200
    assert (body["tenant_id"], body["scope"]) == ("tenant-a", "operator")


@pytest.mark.parametrize("token", [None, "mlc_nope_nope", "garbage", "Basic abc"])
async def test_missing_or_unknown_tokens_are_refused(service, token):
    status, _ = await get(f"{service.url}/whoami", token)
    assert status == 401


async def test_a_revoked_token_stops_working(service):
    tokens = TokenStore(service.container.pool)
    token = await tokens.issue("temp", Scope.READ, None)
    assert (await get(f"{service.url}/whoami", token))[0] == 200
    await tokens.revoke(token.split("_")[1])
    assert (await get(f"{service.url}/whoami", token))[0] == 401


async def test_health_needs_no_token_but_reveals_nothing(service):
    assert await get(f"{service.url}/health") == (200, {"status": "ok"})
    assert await get(f"{service.url}/ready") == (200, {"status": "ready"})
