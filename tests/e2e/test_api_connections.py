"""Connections over HTTP: lifecycle, write-only secrets, scopes and tenant isolation."""

from __future__ import annotations

import pytest

from app.api.connections import SETTINGS_EXAMPLE
from domain.access import Scope
from domain.codec import encode
from domain.connection import CredentialKind
from tests.support.factories import connection_settings
from tests.support.ops import Api, project


def settings(username: str = "acme-books", **changes) -> dict:
    return {**encode(connection_settings(username)), **changes}


async def create(admin: Api, username: str = "acme-books") -> str:
    reply = await admin.post("/connections", {"settings": settings(username)})
    assert reply.status == 201, reply.body
    return reply.body["connection_id"]


async def test_a_connection_is_created_read_listed_and_updated(api, service):
    admin = await api(Scope.ADMIN, "acme")
    reply = await admin.post("/connections", {"settings": settings()})
    assert reply.status == 201
    cid = reply.body["connection_id"]
    assert reply.headers["Location"] == f"/connections/{cid}"
    assert (reply.body["tenant_id"], reply.body["enabled"]) == ("acme", True)
    assert reply.body["settings"]["quickbooks"]["qbwc_username"] == "acme-books"

    renamed = settings(name="Acme Consulting LLP")
    updated = await admin.put(f"/connections/{cid}", {"settings": renamed})
    assert updated.status == 200 and updated.body["settings"]["name"] == "Acme Consulting LLP"
    assert (await admin.get(f"/connections/{cid}")).body["settings"]["name"] == (
        "Acme Consulting LLP"
    )

    await project(service.container)
    listed = await admin.get("/connections")
    assert [(c["connection_id"], c["name"]) for c in listed.body] == [(cid, "Acme Consulting LLP")]


async def test_the_documented_example_settings_are_accepted(api):
    admin = await api(Scope.ADMIN, "acme")
    reply = await admin.post("/connections", {"settings": SETTINGS_EXAMPLE})
    assert reply.status == 201, reply.body


async def test_disable_and_enable_are_recorded_and_need_the_operator_scope(api):
    cid = await create(await api(Scope.ADMIN, "acme"))
    reader, operator = await api(Scope.READ, "acme"), await api(Scope.OPERATOR, "acme")
    assert (await reader.post(f"/connections/{cid}/disable", {"reason": "x"})).status == 403
    disabled = await operator.post(f"/connections/{cid}/disable", {"reason": "file restore"})
    assert disabled.status == 200 and disabled.body["enabled"] is False
    enabled = await operator.post(f"/connections/{cid}/enable")
    assert enabled.status == 200 and enabled.body["enabled"] is True


async def test_secrets_are_write_only_and_never_leave_the_server(api, service):
    admin = await api(Scope.ADMIN, "acme")
    cid = await create(admin)
    secret = "s3cr3t-anaplan-password"
    reply = await admin.put(f"/connections/{cid}/credentials/anaplan_password", {"secret": secret})
    assert reply.status == 200 and reply.body == {"credentials_set": ["anaplan_password"]}
    shown = await admin.get(f"/connections/{cid}")
    assert shown.body["credentials_set"] == ["anaplan_password"]
    assert secret not in str(shown.body)
    listed = await admin.get(f"/connections/{cid}/credentials")
    assert listed.body == {"credentials_set": ["anaplan_password"]}
    log = await service.container.pool.fetchval("SELECT string_agg(data::text, '') FROM events")
    assert secret not in log
    stored = await service.container.credentials.get(cid, CredentialKind.ANAPLAN_PASSWORD)
    assert stored == secret.encode()


async def test_an_unknown_credential_kind_and_an_empty_secret_are_refused(api):
    admin = await api(Scope.ADMIN, "acme")
    cid = await create(admin)
    unknown = await admin.put(f"/connections/{cid}/credentials/ssh_key", {"secret": "x"})
    assert unknown.status == 422
    empty = await admin.put(f"/connections/{cid}/credentials/anaplan_password", {"secret": ""})
    assert empty.status == 422


async def test_invalid_settings_list_every_problem(api):
    admin = await api(Scope.ADMIN, "acme")
    bad = settings(name=" ")
    bad["posting"] = {**bad["posting"], "offset_account": ""}
    reply = await admin.post("/connections", {"settings": bad})
    assert reply.status == 422
    assert "name is empty" in reply.body["detail"]
    assert "offset_account is required" in reply.body["detail"]
    malformed = await admin.post("/connections", {"settings": {"name": "x"}})
    assert malformed.status == 422


async def test_a_web_connector_user_name_is_used_once(api):
    admin = await api(Scope.ADMIN, "acme")
    await create(admin, "shared-name")
    assert (await admin.post("/connections", {"settings": settings("shared-name")})).status == 409


async def test_platform_tokens_name_the_tenant_and_tenant_tokens_keep_to_theirs(api):
    platform = await api(Scope.ADMIN, None)
    assert (await platform.post("/connections", {"settings": settings()})).status == 422
    made = await platform.post("/connections", {"tenant_id": "globex", "settings": settings()})
    assert made.status == 201 and made.body["tenant_id"] == "globex"
    acme = await api(Scope.ADMIN, "acme")
    other = await acme.post("/connections", {"tenant_id": "globex", "settings": settings("b")})
    assert other.status == 409


async def test_writes_need_the_admin_scope(api):
    cid = await create(await api(Scope.ADMIN, "acme"))
    operator = await api(Scope.OPERATOR, "acme")
    assert (await operator.post("/connections", {"settings": settings("x")})).status == 403
    assert (await operator.put(f"/connections/{cid}", {"settings": settings()})).status == 403
    put_secret = await operator.put(
        f"/connections/{cid}/credentials/anaplan_password", {"secret": "x"}
    )
    assert put_secret.status == 403


async def test_no_token_is_refused_everywhere(service):
    anonymous = Api(service.url, None)
    assert (await anonymous.get("/connections")).status == 401
    assert (await anonymous.post("/connections", {"settings": settings()})).status == 401


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "", None),
        ("PUT", "", {"settings": settings("other-name")}),
        ("POST", "/disable", {"reason": "x"}),
        ("POST", "/enable", None),
        ("GET", "/credentials", None),
        ("PUT", "/credentials/anaplan_password", {"secret": "x"}),
    ],
)
async def test_another_tenants_connection_does_not_exist(api, service, method, path, body):
    cid = await create(await api(Scope.ADMIN, "acme"))
    intruder = await api(Scope.ADMIN, "globex")
    reply = await intruder.call(method, f"/connections/{cid}{path}", json=body)
    assert reply.status == 404
    missing = await intruder.call(method, f"/connections/nope{path}", json=body)
    # indistinguishable from a connection that never was
    assert reply.body["detail"] == missing.body["detail"].replace("nope", cid)
    await project(service.container)
    assert (await intruder.get("/connections")).body == []
