"""Connections: creation, unique Web Connector user names, settings changes, secrets at rest."""

from __future__ import annotations

from dataclasses import replace

import pytest

from adapters.crypto import SecretBox, new_key
from adapters.passwords import verify_password
from adapters.postgres.credentials import CredentialStore
from app.connections import Connections, UsernameTaken
from domain.connection import CredentialKind
from domain.connections import InvalidSettings
from projections.connections import ConnectionsProjection
from projections.runner import ProjectionRunner
from tests.support.factories import connection_settings

KEY = new_key()


@pytest.fixture
def box():
    return SecretBox({"k1": KEY}, "k1")


@pytest.fixture
def connections(store, pool, box):
    return Connections(store, CredentialStore(pool, box))


async def test_a_created_connection_loads_and_is_projected(connections, pool):
    cid = await connections.create("tenant-a", connection_settings(), actor="admin")
    loaded = await connections.load(cid)
    assert loaded.tenant_id == "tenant-a" and loaded.settings == connection_settings()
    await ProjectionRunner(pool, ConnectionsProjection()).catch_up()
    row = await pool.fetchrow("SELECT * FROM connections WHERE connection_id = $1", cid)
    assert (row["name"], row["qbwc_username"], row["enabled"]) == ("Demo firm", "mlc-demo", True)


async def test_web_connector_user_names_are_unique_and_freed_by_a_rename(connections):
    first = await connections.create("t", connection_settings("shared"), actor="admin")
    with pytest.raises(UsernameTaken):
        await connections.create("t", connection_settings("SHARED"), actor="admin")
    renamed = replace(
        connection_settings(),
        quickbooks=replace(connection_settings().quickbooks, qbwc_username="other"),
    )
    await connections.update(first, renamed, actor="admin")
    assert (await connections.load(first)).settings.quickbooks.qbwc_username == "other"
    await connections.create("t", connection_settings("shared"), actor="admin")


async def test_invalid_settings_are_refused_with_every_problem_listed(connections):
    bad = replace(
        connection_settings(),
        name=" ",
        posting=replace(connection_settings().posting, offset_account="", ref_prefix="TOOLONG"),
    )
    with pytest.raises(InvalidSettings) as raised:
        await connections.create("t", bad, actor="admin")
    message = str(raised.value)
    assert "name is empty" in message and "offset_account" in message and "ref_prefix" in message


async def test_secrets_are_encrypted_at_rest_and_never_in_events(connections, pool, box):
    cid = await connections.create("t", connection_settings(), actor="admin")
    await connections.set_secret(cid, CredentialKind.ANAPLAN_PASSWORD, "s3cr3t-pw", actor="admin")
    await connections.set_secret(cid, CredentialKind.QBWC_PASSWORD, "wc-pass", actor="admin")
    raw = await pool.fetch("SELECT sealed FROM credentials")
    assert all(b"s3cr3t-pw" not in r["sealed"] and b"wc-pass" not in r["sealed"] for r in raw)
    log = await pool.fetchval("SELECT string_agg(data::text || metadata::text, '') FROM events")
    assert "s3cr3t-pw" not in log and "wc-pass" not in log
    store = CredentialStore(pool, box)
    assert await store.get(cid, CredentialKind.ANAPLAN_PASSWORD) == b"s3cr3t-pw"
    stored_hash = (await store.get(cid, CredentialKind.QBWC_PASSWORD)).decode()
    assert verify_password("wc-pass", stored_hash)


async def test_rotation_reencrypts_every_value_under_the_new_key(connections, pool, box):
    cid = await connections.create("t", connection_settings(), actor="admin")
    await connections.set_secret(cid, CredentialKind.ANAPLAN_PASSWORD, "pw", actor="admin")
    rotated = SecretBox({"k1": KEY, "k2": new_key()}, "k2")
    assert await CredentialStore(pool, rotated).reencrypt_all() == 1
    assert await pool.fetchval("SELECT key_id FROM credentials") == "k2"
    assert await CredentialStore(pool, rotated).get(cid, CredentialKind.ANAPLAN_PASSWORD) == b"pw"
