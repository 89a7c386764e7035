"""No secret reaches a log line, an event, a table, an API answer or an error message.

One representative exchange: a connection created over the API, its Anaplan password and
Web Connector password stored over the API (and a few requests that get them wrong), a
Web Connector update through the simulated QBWC (plus a login with the right password
under the wrong name), and Anaplan calls through app/anaplan.py against the simulator,
including a token that expires and a password Anaplan refuses. Then everything is
searched for every secret: the passwords, the API token, the QBWC ticket, the Anaplan
tokens and the encryption key.
"""

from __future__ import annotations

import binascii
import logging
import secrets
from dataclasses import replace

import pytest

from adapters.anaplan.errors import AnaplanAuthFailed
from app.anaplan import anaplan_gateway, anaplan_stream
from app.qbwc.sources.chart import ChartOfAccounts
from domain import codec
from domain.access import Scope
from domain.connection import CredentialKind
from simulators.anaplan import AnaplanSimulator, SimConfig
from simulators.webconnector import Outcome
from tests.e2e.anaplan.world import build_world
from tests.support.factories import connection_settings
from tests.support.logs import production_logs
from tests.support.ops import Api, token
from tests.support.qbwc import agent, company
from tests.support.server import running_service, service_settings

ANAPLAN_USER = "leak-test@example.com"
ANAPLAN_PASSWORD = "anaplanPw" + secrets.token_hex(8)
QBWC_PASSWORD = "qbwcPw" + secrets.token_hex(8)
REFUSED_PASSWORD = "refusedPw" + secrets.token_hex(8)


@pytest.fixture
async def anaplan():
    simulator = AnaplanSimulator(SimConfig())
    await simulator.start()
    yield simulator
    await simulator.stop()


def settings_json(anaplan: AnaplanSimulator, world, file_id: str) -> dict:
    base = connection_settings("leak-books")
    settings = replace(
        base,
        quickbooks=replace(base.quickbooks, file_id=file_id),
        anaplan=replace(
            base.anaplan,
            workspace_id=world.workspace_id,
            model_id=world.model.id,
            username=ANAPLAN_USER,
            api_url=anaplan.urls.api,
            auth_url=anaplan.urls.auth,
            oauth_url=anaplan.urls.oauth,
        ),
    )
    return codec.encode(settings)


async def database_text(pool) -> str:
    """Every row of every table, as text (bytea as hex)."""
    tables = await pool.fetch(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
    )
    rows = []
    for table in tables:
        name = table["tablename"]
        rows += await pool.fetch(f'SELECT t::text AS row FROM "{name}" t')
    return "\n".join(row["row"] for row in rows)


async def test_no_secret_reaches_logs_events_tables_answers_or_errors(db_url, anaplan, caplog):
    caplog.set_level(logging.DEBUG)
    world = build_world(anaplan)
    anaplan.add_user(ANAPLAN_USER, ANAPLAN_PASSWORD)
    quickbooks = company(transactions=30)
    settings = service_settings(db_url)
    answers, errors, tickets, anaplan_tokens = [], [], [], set()

    with production_logs() as logged:
        async with running_service(settings) as service:
            bearer = await token(service.container, Scope.ADMIN, "acme")
            admin = Api(service.url, bearer)
            created = await admin.post(
                "/connections",
                {"settings": settings_json(anaplan, world, quickbooks.settings.file_id)},
            )
            assert created.status == 201, created.body
            cid = created.body["connection_id"]
            credentials = f"/connections/{cid}/credentials"
            answers += [
                created,
                await admin.put(f"{credentials}/anaplan_password", {"secret": ANAPLAN_PASSWORD}),
                await admin.put(f"{credentials}/qbwc_password", {"secret": QBWC_PASSWORD}),
                # Requests that get it wrong must not echo the secret in their error.
                await admin.put(f"{credentials}/anaplan_password", {"secrett": ANAPLAN_PASSWORD}),
                await admin.put(f"{credentials}/anaplan_password", {"secret": [QBWC_PASSWORD]}),
                await admin.put(f"{credentials}/no_such_kind", {"secret": ANAPLAN_PASSWORD}),
                await admin.put(
                    "/connections/nope/credentials/qbwc_password", {"secret": QBWC_PASSWORD}
                ),
                await Api(service.url, "mlc_forged_token").get(f"/connections/{cid}"),
            ]
            assert [a.status for a in answers[1:3]] == [200, 200]

            await ChartOfAccounts(service.container.store).request(cid, "leak-test")
            wrong_user = agent(
                service.url, quickbooks, username="someone-else", password=QBWC_PASSWORD
            )
            assert (await wrong_user.run_cycle()).outcome is Outcome.AUTH_FAILED
            report = await agent(
                service.url, quickbooks, username="leak-books", password=QBWC_PASSWORD
            ).run_cycle()
            assert report.outcome is Outcome.COMPLETED and report.messages, report.summary()
            tickets.append(report.ticket)

            async with anaplan_gateway(service.container) as gateway:
                client = await gateway.client(cid, "leak-run")
                await client.workspaces()
                anaplan_tokens.update(anaplan.state.tokens._tokens)
                anaplan.expire_tokens()
                await client.workspaces()  # logs in again
                anaplan_tokens.update(anaplan.state.tokens._tokens)
                await service.container.connections.set_secret(
                    cid, CredentialKind.ANAPLAN_PASSWORD, REFUSED_PASSWORD, "test"
                )
                refused = await gateway.client(cid, "leak-run-2")
                anaplan.expire_tokens()
                with pytest.raises(AnaplanAuthFailed) as raised:
                    await refused.workspaces()
                errors += [str(raised.value), repr(raised.value), repr(client)]

            answers += [
                await admin.get(f"/connections/{cid}"),
                await admin.get(credentials),
                await admin.get(f"/streams/{anaplan_stream(cid, 'leak-run')}/events"),
                await admin.get(f"/streams/qbwc-logins-{cid}/events"),
                await admin.get("/events?limit=5000"),
            ]
            everything_stored = await database_text(service.container.pool)

    key = settings.encryption_keys.get_secret_value().split(":", 1)[1]
    secret_values = [ANAPLAN_PASSWORD, QBWC_PASSWORD, REFUSED_PASSWORD, bearer, key]
    secret_values += [*tickets, *anaplan_tokens]
    assert len(anaplan_tokens) >= 2 and all(tickets)
    readable = {
        "structlog": logged.getvalue(),
        "stdlib logging": caplog.text + "".join(repr(r.__dict__) for r in caplog.records),
        "database": everything_stored,
        "API answers": "".join(f"{a.status} {a.body} {a.headers}" for a in answers),
        "errors": "".join(errors),
    }
    # The capture sees the product's lines, SOAP faults included.
    assert "anaplan token rejected" in readable["structlog"]
    leaks = [
        (where, secret[:6])
        for where, text in readable.items()
        for secret in secret_values
        if secret in text or binascii.hexlify(secret.encode()).decode() in text
    ]
    assert leaks == []
