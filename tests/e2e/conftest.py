"""The running service, and clients holding tokens of any scope and tenant."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from domain.access import Scope
from tests.support.ops import Api, token
from tests.support.server import running_service, service_settings

ApiFactory = Callable[..., Awaitable[Api]]


@pytest.fixture
async def service(db_url):
    async with running_service(service_settings(db_url)) as svc:
        yield svc


@pytest.fixture
def api(service) -> ApiFactory:
    """`await api(scope, tenant)`: a client with a fresh token (tenant None: platform)."""

    async def make(scope: Scope = Scope.ADMIN, tenant: str | None = "acme") -> Api:
        return Api(service.url, await token(service.container, scope, tenant))

    return make
