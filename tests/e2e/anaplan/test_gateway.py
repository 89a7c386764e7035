"""The application's wiring: a connection's settings and stored secrets give a client whose
events land in one stream per run, with the run's metadata."""

from __future__ import annotations

from dataclasses import replace

import pytest

from adapters.crypto import SecretBox, new_key
from adapters.postgres.credentials import CredentialStore
from adapters.postgres.notifications import NotificationChannel, WakeHub
from app.anaplan import anaplan_gateway, anaplan_stream, tenant_key
from app.bootstrap import Container
from app.connections import Connections
from app.settings import Settings
from domain.connection import AnaplanAuth, CredentialKind
from domain.connections import Connection
from tests.support.factories import connection_settings

from .conftest import FAST_HTTP, FAST_OPTIONS
from .test_exports import SINGLE
from .world import EMAIL, PASSWORD


@pytest.fixture
def container(db_url, pool, store):
    hub, box = WakeHub(), SecretBox({"k1": new_key()}, "k1")
    credentials = CredentialStore(pool, box)
    return Container(
        Settings(anaplan_requests_per_minute=6000),
        db_url,
        pool,
        hub,
        NotificationChannel(db_url, hub),
        store,
        box,
        credentials,
        Connections(store, credentials),
    )


async def connect(container, kit, **anaplan):
    urls = kit.sim.urls
    base = connection_settings()
    settings = replace(
        base,
        anaplan=replace(
            base.anaplan,
            workspace_id=kit.world.workspace_id,
            model_id=kit.world.model.id,
            username=EMAIL,
            api_url=urls.api,
            auth_url=urls.auth,
            oauth_url=urls.oauth,
            **anaplan,
        ),
    )
    return await container.connections.create("tenant-7", settings, actor="admin")


async def test_a_connection_gets_a_client_recording_into_the_run_stream(container, kit):
    cid = await connect(container, kit)
    await container.connections.set_secret(cid, CredentialKind.ANAPLAN_PASSWORD, PASSWORD, "admin")

    async with anaplan_gateway(container, FAST_OPTIONS, FAST_HTTP) as gateway:
        client = await gateway.client(cid, "run-42", actor="scheduler")
        await client.export_to_blob(SINGLE)
        again = await gateway.client(cid, "run-43")
        await again.workspaces()

    recorded = await container.store.read_stream(anaplan_stream(cid, "run-42"))
    assert [r.type for r in recorded] == [
        "AnaplanTaskStarted",
        "AnaplanTaskCompleted",
        "AnaplanFileDownloaded",
    ]
    meta = recorded[0].metadata
    assert (meta.connection_id, meta.tenant_id, meta.correlation_id, meta.actor) == (
        cid,
        "tenant-7",
        "run-42",
        "scheduler",
    )
    assert recorded[0].stream_type == "anaplan"
    assert kit.sim.counters.requests["POST /token/authenticate"] == 1  # runs share the token


async def test_an_oauth_connection_stores_each_rotated_refresh_token(container, kit):
    client_id = "0123456789abcdef0123456789abcdef"
    kit.sim.add_oauth_client(client_id, rotatable=True)
    cid = await connect(container, kit, auth=AnaplanAuth.OAUTH, oauth_client_id=client_id)
    first = kit.sim.issue_refresh_token(client_id, EMAIL)
    kind = CredentialKind.ANAPLAN_OAUTH_REFRESH_TOKEN
    await container.connections.set_secret(cid, kind, first, "admin")

    async with anaplan_gateway(container, FAST_OPTIONS, FAST_HTTP) as gateway:
        await (await gateway.client(cid, "run-1")).workspaces()

    stored = await container.credentials.get(cid, kind)
    assert stored and stored.decode() != first


def test_the_rate_limit_key_is_the_api_host_and_the_tenant():
    connection = Connection("c1", "tenant-7", connection_settings())
    assert tenant_key(connection) == "api.anaplan.com/tenant-7"
