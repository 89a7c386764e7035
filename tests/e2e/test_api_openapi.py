"""The API documents itself: every operator operation has a summary, needs a bearer token
and says which errors it answers with."""

from __future__ import annotations

from tests.support.ops import Api

# The Web Connector cannot send a bearer token: its endpoint authenticates with the
# connection's user name and password (authenticate) and a ticket on every later call.
OPEN = {"/health", "/ready", "/qbwc", "/qbwc/support"}


async def openapi(service) -> dict:
    reply = await Api(service.url, None).get("/openapi.json")
    assert reply.status == 200
    return reply.body


async def test_every_operator_operation_is_documented_and_token_protected(service):
    spec = await openapi(service)
    operations = [
        (path, method, op)
        for path, methods in spec["paths"].items()
        if path not in OPEN
        for method, op in methods.items()
    ]
    assert len(operations) >= 30
    for path, method, op in operations:
        where = f"{method.upper()} {path}"
        assert op.get("summary"), where
        assert op.get("security") == [{"HTTPBearer": []}], where
        if path != "/whoami":
            assert {"401", "403"} <= set(op["responses"]), where


async def test_requests_carry_examples(service):
    spec = await openapi(service)
    schemas = spec["components"]["schemas"]
    assert schemas["ConnectionIn"]["examples"][0]["settings"]["name"] == "Acme Consulting"
    upload = spec["paths"]["/connections/{connection_id}/mapping"]["put"]
    assert "kind,anaplan_member" in upload["requestBody"]["content"]["text/csv"]["example"]
    assert schemas["ActualsSyncIn"]["properties"]["first_period"]["examples"] == ["2027-01"]
