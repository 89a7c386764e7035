"""`mlc connections ping`, `mlc mapping check`, `mlc drift ...`, `mlc classes create`
against the real database and the Anaplan simulator, with the exit codes scripts rely on."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from app.bootstrap import container
from domain.connection import AnaplanAuth, CredentialKind, ListColumns, ListPush
from simulators.anaplan import AnaplanSimulator, SimConfig, SourceFormat
from simulators.sandbox import anaplan_firm
from tests.integration.test_cli import Env
from tests.support.refdata import (
    deactivated,
    firm_connection,
    firm_read,
    record_read,
    with_account,
)


@pytest.fixture
async def mlc(db_url, tmp_path):
    env = Env(db_url, tmp_path)
    env.vars["MLC_ANAPLAN_POLL_SECONDS"] = "0.01"
    return env


@pytest.fixture
async def c(mlc):
    async with container(mlc.settings) as c:
        yield c


@pytest.fixture
async def anaplan():
    sim = AnaplanSimulator(SimConfig())
    await sim.start()
    sim.firm = anaplan_firm.seed_firm(sim)
    yield sim
    await sim.stop()


@pytest.fixture
async def connect(c, anaplan):
    async def make(**changes) -> str:
        return await firm_connection(c, anaplan.urls, anaplan.firm, **changes)

    return make


async def test_ping_prints_each_step_and_exits_1_when_anaplan_fails(mlc, c, connect):
    cid = await connect()
    ok = await mlc("connections", "ping", cid)
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.startswith("Anaplan: ok\n")
    assert "authenticate" in ok.stdout and "model 'Harborline FY27 Plan'" in ok.stdout
    assert "no Web Connector has connected yet" in ok.stdout
    assert (await mlc.json("connections", "ping", cid))["ok"] is True
    await c.connections.set_secret(cid, CredentialKind.ANAPLAN_PASSWORD, "nope", "test")
    failed = await mlc("connections", "ping", cid)
    assert failed.exit_code == 1 and "bad_credentials" in failed.stdout
    assert (await mlc("connections", "ping", "no-such-connection")).exit_code == 3


async def test_mapping_check_exits_5_and_lists_every_problem(mlc, c, connect):
    cid = await connect()
    await record_read(c, cid, firm_read())
    valid = await mlc("mapping", "check", cid)
    assert valid.exit_code == 0, valid.output
    assert "valid: " in valid.stdout
    await record_read(c, cid, deactivated(firm_read("s2"), "Occupancy:Utilities"))
    invalid = await mlc("mapping", "check", cid, "--refresh")
    assert invalid.exit_code == 5
    assert "inactive_target: Anaplan account 'Utilities'" in invalid.stderr
    assert "a new read of QuickBooks' chart" in invalid.stdout


async def test_drift_is_shown_and_pushed(mlc, c, connect, anaplan):
    model = anaplan.tenant.model(anaplan.firm.model_id)
    model.add_list_import(
        "Push GL Accounts",
        model.list_named("GL Accounts"),
        SourceFormat(["Name", "Code"]),
        name_column="Name",
        code_column="Code",
    )
    push = ListPush(accounts_import="Push GL Accounts", account_columns=ListColumns(code="Code"))
    cid = await connect(list_push=push)
    await record_read(c, cid, with_account(firm_read(), "Technology:AI Tools"))
    shown = await mlc("drift", "show", cid)
    assert shown.exit_code == 0
    assert shown.stdout.startswith("new_in_quickbooks: account 'Technology:AI Tools'")
    pushed = await mlc("drift", "push", cid, "--kind", "account")
    assert pushed.exit_code == 0, pushed.output
    assert pushed.stdout == "account: pushed (1 members, 1 loaded)\n"
    assert model.list_named("GL Accounts").by_name("Technology:AI Tools")
    assert (await mlc.json("drift", "show", cid))["items"] == []
    off = await connect(username="harborline-2")
    await record_read(c, off, firm_read())
    assert (await mlc("drift", "push", off)).exit_code == 4


async def test_classes_are_requested_only_when_allowed(mlc, c, connect):
    off = await connect()
    await record_read(c, off, firm_read())
    refused = await mlc("classes", "create", off, "Lab")
    assert refused.exit_code == 4 and "allow_creating_classes" in refused.stderr
    on = await connect(username="harborline-2", allow_creating_classes=True)
    await record_read(c, on, firm_read())
    made = await mlc("classes", "create", on, "Innovation Lab:AI")
    assert made.exit_code == 0, made.output
    assert made.stdout.startswith("to create: Innovation Lab\nto create: Innovation Lab:AI\n")
    assert (await mlc("classes", "create", on)).exit_code == 5


OAUTH_CLIENT = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


async def test_authorize_anaplan_shows_a_code_stores_the_refresh_token_and_ping_logs_in_with_it(
    mlc, c, connect, anaplan
):
    cid = await connect()
    settings = (await c.connections.load(cid)).settings
    oauth = replace(settings.anaplan, auth=AnaplanAuth.OAUTH, oauth_client_id=OAUTH_CLIENT)
    await c.connections.update(cid, replace(settings, anaplan=oauth), "test")
    anaplan.add_oauth_client(OAUTH_CLIENT, rotatable=True)
    anaplan.state.config.device_poll_interval = 0

    command = asyncio.create_task(mlc("connections", "authorize-anaplan", cid))
    while not anaplan.pending_user_codes():  # the admin reads the code and signs in
        assert not command.done(), command.result().output
        await asyncio.sleep(0.01)
    code = anaplan.pending_user_codes()[0]
    anaplan.approve_device(code, anaplan_firm.USER)
    authorized = await command
    assert authorized.exit_code == 0, authorized.output
    assert f"enter the code {code}" in authorized.stdout
    assert "anaplan_oauth_refresh_token" in authorized.stdout
    ping = await mlc("connections", "ping", cid)
    assert ping.exit_code == 0 and ping.stdout.startswith("Anaplan: ok\n"), ping.output


async def test_authorize_anaplan_refuses_a_connection_that_does_not_use_oauth(mlc, connect):
    cid = await connect()
    refused = await mlc("connections", "authorize-anaplan", cid)
    assert refused.exit_code == 5
    assert "does not log in with OAuth" in refused.stderr
