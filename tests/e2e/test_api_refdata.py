"""Reference data over HTTP, against the Anaplan simulator seeded with the demo firm and
chart reads made by a real Web Connector cycle on the simulated QuickBooks (or recorded
directly, for what the simulator cannot do, such as renaming an account)."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace

import pytest

from adapters.postgres.blobs import BlobStore
from app.qbwc.sources.chart import ChartOfAccounts, chart_stream
from domain.access import Scope
from domain.connection import AnaplanAuth, CredentialKind, ListColumns, ListPush
from simulators import firm
from simulators.anaplan import AnaplanSimulator, SimConfig, SourceFormat
from simulators.sandbox import anaplan_firm
from simulators.webconnector import Outcome as Cycle
from tests.support.ops import Api, History, project
from tests.support.qbwc import agent, company
from tests.support.refdata import (
    deactivated,
    export_plan,
    firm_connection,
    firm_read,
    record_read,
    renamed,
    with_account,
    with_class,
    without,
)
from tests.support.server import free_port, running_service, service_settings

TENANT = "acme"


@pytest.fixture
async def service(db_url):
    settings = service_settings(db_url, anaplan_poll_seconds=0.01, anaplan_requests_per_minute=6000)
    async with running_service(settings) as svc:
        yield svc


@pytest.fixture
async def anaplan():
    sim = AnaplanSimulator(SimConfig())
    await sim.start()
    sim.firm = anaplan_firm.seed_firm(sim)
    sim.model = sim.tenant.model(sim.firm.model_id)
    yield sim
    await sim.stop()


@pytest.fixture
async def connect(service, anaplan):
    async def make(**changes) -> str:
        return await firm_connection(service.container, anaplan.urls, anaplan.firm, **changes)

    return make


async def cycle(service, quickbooks) -> None:
    report = await agent(
        service.url, quickbooks, password="correct horse battery staple"
    ).run_cycle()
    assert report.outcome is Cycle.COMPLETED


# --- ping ----------------------------------------------------------------------------------


async def test_ping_reaches_anaplan_and_shows_what_quickbooks_reported(service, api, connect):
    quickbooks = company()
    cid = await connect(file_id=quickbooks.settings.file_id)
    await ChartOfAccounts(service.container.store).request(cid, "test")
    await cycle(service, quickbooks)
    reader = await api(Scope.READ, TENANT)

    reply = await reader.post(f"/connections/{cid}/ping")

    assert reply.status == 200, reply.body
    body = reply.body
    assert body["ok"] is True
    steps = body["anaplan"]["steps"]
    assert [(s["name"], s["ok"]) for s in steps] == [
        ("authenticate", True),
        ("model", True),
        ("plan export", True),
        ("actuals import", True),
    ]
    assert all(isinstance(s["milliseconds"], int) and s["milliseconds"] >= 0 for s in steps)
    assert steps[0]["detail"] == f"basic login accepted as {anaplan_firm.USER}"
    assert body["anaplan"]["model_name"] == "Harborline FY27 Plan"
    assert steps[2]["detail"].startswith("export 'GL Plan for QuickBooks' found (116")
    qb = body["quickbooks"]
    assert qb["contacted"] is True and qb["last_contact_at"]
    assert qb["product_name"] == quickbooks.product.name
    assert "16.0" in qb["supported_qbxml_versions"] and qb["qbxml_version"] == "13.0"
    assert qb["company_file"] == firm.COMPANY_FILE and qb["file_id_matches"] is True
    assert qb["chart"]["accounts"] == len(firm.ACCOUNTS)
    assert qb["chart"]["classes"] == len(firm.CLASSES)
    assert qb["notes"] == []
    text = json.dumps(body)
    assert anaplan_firm.PASSWORD not in text and "correct horse" not in text


async def test_ping_names_bad_credentials_and_stops(service, api, connect):
    cid = await connect()
    kind = CredentialKind.ANAPLAN_PASSWORD
    await service.container.connections.set_secret(cid, kind, "wrong-password", "test")
    reader = await api(Scope.READ, TENANT)

    body = (await reader.post(f"/connections/{cid}/ping")).body

    assert body["ok"] is False
    [step] = body["anaplan"]["steps"]
    assert (step["name"], step["failure"]) == ("authenticate", "bad_credentials")
    assert "wrong-password" not in json.dumps(body)
    assert body["quickbooks"] == {
        **body["quickbooks"],
        "contacted": False,
        "notes": ["no Web Connector has connected yet: install the .qwc file and run it"],
    }


async def test_ping_names_an_unknown_model(service, api, connect, anaplan):
    settings = anaplan_firm_settings_with(anaplan, model_id="0" * 32)
    cid = await connect(anaplan=settings)
    body = (await (await api(Scope.READ, TENANT)).post(f"/connections/{cid}/ping")).body
    assert [(s["name"], s["ok"], s["failure"]) for s in body["anaplan"]["steps"]] == [
        ("authenticate", True, None),
        ("model", False, "not_found"),
    ]
    assert "404" in body["anaplan"]["steps"][1]["detail"]


async def test_ping_names_a_rate_limit(service, api, connect, anaplan):
    cid = await connect()
    anaplan.faults.fail_next(status=429, path=r"/exports$", retry_after=30)
    body = (await (await api(Scope.READ, TENANT)).post(f"/connections/{cid}/ping")).body
    failed = body["anaplan"]["steps"][-1]
    assert (failed["name"], failed["failure"]) == ("plan export", "rate_limited")
    assert "429" in failed["detail"]


async def test_ping_names_an_unreachable_anaplan(service, api, connect, anaplan):
    nowhere = f"http://127.0.0.1:{free_port()}"
    settings = anaplan_firm_settings_with(anaplan, api_url=f"{nowhere}/2/0", auth_url=nowhere)
    cid = await connect(anaplan=settings)
    body = (await (await api(Scope.READ, TENANT)).post(f"/connections/{cid}/ping")).body
    [step] = body["anaplan"]["steps"]
    assert (step["name"], step["failure"]) == ("authenticate", "unreachable")
    assert "cannot connect" in step["detail"]


# --- mapping validation --------------------------------------------------------------------


async def test_the_firm_validates_against_a_real_chart_read_and_the_exported_plan(
    service, api, connect
):
    quickbooks = company()
    cid = await connect(file_id=quickbooks.settings.file_id)
    await ChartOfAccounts(service.container.store).request(cid, "test")
    await cycle(service, quickbooks)
    await export_plan(service.container, cid)

    reply = await (await api(Scope.READ, TENANT)).post(f"/connections/{cid}/mapping/validate")

    assert reply.status == 200, reply.body
    body = reply.body
    assert (body["valid"], body["problems"]) == (True, [])
    assert body["members_checked"] == len(firm.ANAPLAN_ACCOUNTS) + len(firm.ANAPLAN_COST_CENTERS)
    planned = {account for account, _, _ in firm.budget()}
    assert body["plan"]["accounts"] == len(planned) and body["plan"]["cost_centers"] == 12
    assert body["lists"] == [
        {"member_kind": "account", "name": "GL Accounts", "members": len(firm.ANAPLAN_ACCOUNTS)},
        {"member_kind": "class", "name": "Cost Centers", "members": 12},
    ]
    assert body["chart"]["accounts"] == len(firm.ACCOUNTS) and body["refresh"] is None


async def test_validation_lists_every_problem_in_both_systems(service, api, connect, anaplan):
    cid = await connect()
    await export_plan(service.container, cid)
    read = deactivated(without(firm_read(), "Marketing:Advertising"), "Occupancy:Utilities")
    await record_read(service.container, cid, read)
    anaplan.model.list_named("GL Accounts").add("Marketing Automation")
    anaplan.model.list_named("Cost Centers").add("Innovation Lab")
    operator = await api(Scope.OPERATOR, TENANT)
    mapping = anaplan_firm.mapping_csv() + "account,Fax,Fax Services\n"
    upload = await operator.put(
        f"/connections/{cid}/mapping", data=mapping, headers={"Content-Type": "text/csv"}
    )
    assert upload.status == 200

    body = (await operator.post(f"/connections/{cid}/mapping/validate")).body

    assert body["valid"] is False
    found = [
        (p["kind"], p["member_kind"], p["member"], p["target"], p["seen_in"])
        for p in body["problems"]
    ]
    assert found == [
        (
            "missing_target",
            "account",
            "Advertising",
            "Marketing:Advertising",
            ["list", "plan", "rule"],
        ),
        ("inactive_target", "account", "Fax", "Fax Services", ["rule"]),
        ("missing_target", "account", "Marketing Automation", "Marketing Automation", ["list"]),
        (
            "inactive_target",
            "account",
            "Utilities",
            "Occupancy:Utilities",
            ["list", "plan", "rule"],
        ),
        ("missing_target", "class", "Innovation Lab", "Innovation Lab", ["list"]),
        ("unknown_member", "account", "Fax", "Fax Services", ["rule"]),
    ]
    assert body["problems"][3]["why"] == (
        "Anaplan account 'Utilities' -> account 'Occupancy:Utilities' is inactive in QuickBooks"
    )


async def test_refresh_asks_the_next_cycle_for_a_new_chart_read(service, api, connect):
    cid = await connect()
    operator = await api(Scope.OPERATOR, TENANT)

    body = (await operator.post(f"/connections/{cid}/mapping/validate?refresh=true")).body

    assert [p["kind"] for p in body["problems"]] == ["no_chart"]
    assert "every 15 minutes" in body["refresh"]["note"]
    assert "no read (none yet)" in body["refresh"]["note"]
    events = await service.container.store.read_stream(chart_stream(cid))
    assert [e.type for e in events] == ["ChartOfAccountsRequested"]
    assert events[0].event.request_id == body["refresh"]["request_id"]
    assert events[0].event.requested_by == operator.actor


async def test_what_anaplan_would_not_show_is_reported_as_unchecked(service, api, connect):
    cid = await connect()
    await record_read(service.container, cid, firm_read())
    kind = CredentialKind.ANAPLAN_PASSWORD
    await service.container.connections.set_secret(cid, kind, "wrong-password", "test")

    body = (await (await api(Scope.READ, TENANT)).post(f"/connections/{cid}/mapping/validate")).body

    assert body["valid"] is False
    unchecked = [p for p in body["problems"] if p["kind"] == "unchecked"]
    assert [(p["member_kind"], p["why"].split(": ")[0]) for p in unchecked] == [
        ("account", "the Anaplan list 'GL Accounts' could not be read"),
        ("class", "the Anaplan list 'Cost Centers' could not be read"),
    ]
    assert "bad_credentials" in unchecked[0]["why"]
    assert all(p["kind"] == "unchecked" for p in body["problems"])  # the rules map fine


async def test_an_exported_plan_that_cannot_be_read_is_reported(service, api, connect):
    cid = await connect()
    await record_read(service.container, cid, firm_read())
    await export_plan(service.container, cid, run_id="run-old")
    run = await History(service.container).plan_run(cid, TENANT)  # its file was never kept
    await project(service.container)

    body = (await (await api(Scope.READ, TENANT)).post(f"/connections/{cid}/mapping/validate")).body

    [problem] = body["problems"]
    assert problem["kind"] == "unchecked"
    assert problem["why"].startswith(f"the plan exported by run {run.run_id} could not be read")
    assert body["plan"] is None


# --- drift ---------------------------------------------------------------------------------


async def test_drift_between_two_chart_reads(service, api, connect):
    cid = await connect()
    first = firm_read("s1")
    second = renamed(first, "Occupancy:Rent", "Occupancy:Office Rent")
    second = with_account(second, "Technology:AI Tools")
    second = deactivated(without(second, "Risk Advisory"), "Executive Office")
    await record_read(service.container, cid, first)
    await record_read(service.container, cid, second)

    reply = await (await api(Scope.READ, TENANT)).get(f"/connections/{cid}/drift")

    assert reply.status == 200, reply.body
    found = [
        (d["kind"], d["member_kind"], d["quickbooks_name"], d["previous_name"], d["members"])
        for d in reply.body["items"]
    ]
    assert found == [
        ("new_in_quickbooks", "account", "Technology:AI Tools", None, []),
        ("renamed", "account", "Occupancy:Office Rent", "Occupancy:Rent", ["Rent"]),
        ("inactive_but_mapped", "class", "Executive Office", None, ["Executive Office"]),
        ("target_vanished", "class", None, "Risk Advisory", ["Risk Advisory"]),
    ]
    assert reply.body["reads_compared"] == 2 and reply.body["unchecked"] == []


async def test_drift_follows_changes_made_in_quickbooks_between_two_cycles(service, api, connect):
    quickbooks = company()
    cid = await connect(file_id=quickbooks.settings.file_id)
    chart = ChartOfAccounts(service.container.store)
    reader = await api(Scope.READ, TENANT)
    assert (await reader.get(f"/connections/{cid}/drift")).status == 409
    await chart.request(cid, "test")
    await cycle(service, quickbooks)
    assert (await reader.get(f"/connections/{cid}/drift")).body["items"] == []

    quickbooks.add_account(
        "AI Tools", "Expense", parent=quickbooks.accounts.find("Technology"), number="6250"
    )
    quickbooks.set_active(quickbooks.classes.find("Executive Office"), False)
    await chart.request(cid, "test")
    await cycle(service, quickbooks)

    items = (await reader.get(f"/connections/{cid}/drift")).body["items"]
    assert [(d["kind"], d["quickbooks_name"]) for d in items] == [
        ("new_in_quickbooks", "Technology:AI Tools"),
        ("inactive_but_mapped", "Executive Office"),
    ]


# --- push to Anaplan -----------------------------------------------------------------------


def add_list_imports(anaplan) -> None:
    model = anaplan.model
    model.add_list_import(
        "Push GL Accounts",
        model.list_named("GL Accounts"),
        SourceFormat(["Name", "Code", "Notes"]),
        name_column="Name",
        code_column="Code",
    )
    model.add_list_import(
        "Push Cost Centers",
        model.list_named("Cost Centers"),
        SourceFormat(["Name"], separator=";"),
        name_column="Name",
    )


PUSH = ListPush(
    accounts_import="Push GL Accounts",
    classes_import="Push Cost Centers",
    account_columns=ListColumns(name="Name", code="Code"),
)


async def test_new_quickbooks_accounts_and_classes_are_pushed_to_the_anaplan_lists(
    service, api, connect, anaplan
):
    add_list_imports(anaplan)
    cid = await connect(list_push=PUSH)
    read = with_class(with_account(firm_read(), "Technology:AI Tools"), "Innovation Lab")
    await record_read(service.container, cid, read)
    operator = await api(Scope.OPERATOR, TENANT)

    reply = await operator.post(f"/connections/{cid}/drift/push")

    assert reply.status == 200, reply.body
    results = reply.body["results"]
    assert [(r["member_kind"], r["status"], r["rows_loaded"]) for r in results] == [
        ("account", "pushed", 1),
        ("class", "pushed", 1),
    ]
    assert results[0]["members"] == [
        {"name": "Technology:AI Tools", "quickbooks_name": "Technology:AI Tools", "code": "6260"}
    ]
    accounts = anaplan.model.list_named("GL Accounts")
    assert accounts.by_name("Technology:AI Tools").code == "6260"
    assert anaplan.model.list_named("Cost Centers").by_name("Innovation Lab")
    events = await service.container.store.read_stream(f"refdata-{cid}")
    assert [e.type for e in events] == ["AnaplanListPushed", "AnaplanListPushed"]
    pushed = events[0].event
    assert pushed.push_id == reply.body["push_id"] and pushed.requested_by == operator.actor
    sent = b"".join([c async for c in BlobStore(service.container.pool).stream(pushed.sha256)])
    assert sent == b"Name,Code,Notes\r\nTechnology:AI Tools,6260,\r\n"
    assert events[0].metadata.tenant_id == TENANT
    after = await (await api(Scope.READ, TENANT)).get(f"/connections/{cid}/drift")
    assert after.body["items"] == []


async def test_a_list_import_that_does_not_fit_is_recorded_as_failed(
    service, api, connect, anaplan
):
    add_list_imports(anaplan)
    columns = ListColumns(name="Member")
    cid = await connect(list_push=replace(PUSH, class_columns=columns))
    await record_read(service.container, cid, with_class(firm_read(), "Innovation Lab"))
    operator = await api(Scope.OPERATOR, TENANT)

    reply = await operator.post(f"/connections/{cid}/drift/push", {"kinds": ["class"]})

    [result] = reply.body["results"]
    assert (result["status"], result["rows_loaded"]) == ("failed", 0)
    assert result["error"].startswith("mismatch: the import reads columns ['Name']")
    [event] = await service.container.store.read_stream(f"refdata-{cid}")
    assert event.type == "AnaplanListPushFailed" and event.event.error == result["error"]
    assert not anaplan.model.list_named("Cost Centers").by_name("Innovation Lab")


async def test_pushing_everything_and_pushing_when_it_is_off(service, api, connect, anaplan):
    add_list_imports(anaplan)
    cid = await connect(list_push=replace(PUSH, classes_import=None))
    await record_read(service.container, cid, firm_read())
    operator = await api(Scope.OPERATOR, TENANT)

    reply = await operator.post(f"/connections/{cid}/drift/push", {"scope": "all"})

    account, cls = reply.body["results"]
    assert (account["status"], len(account["members"])) == ("pushed", len(firm.ANAPLAN_ACCOUNTS))
    assert account["rows_loaded"] == len(firm.ANAPLAN_ACCOUNTS)
    assert (cls["status"], cls["import_action"], len(cls["members"])) == (
        "not_configured",
        None,
        12,
    )
    off = await connect(username="harborline-2")
    refused = await operator.post(f"/connections/{off}/drift/push")
    assert refused.status == 409 and "list_push" in refused.body["detail"]


# --- classes in QuickBooks ------------------------------------------------------------------


async def test_missing_classes_are_created_by_the_next_cycle(service, api, connect, anaplan):
    quickbooks = company()
    cid = await connect(file_id=quickbooks.settings.file_id, allow_creating_classes=True)
    await ChartOfAccounts(service.container.store).request(cid, "test")
    await cycle(service, quickbooks)
    anaplan.model.list_named("Cost Centers").add("Data Science")
    operator = await api(Scope.OPERATOR, TENANT)
    wanted = {
        "names": ["Strategy Consulting:Pricing", "Innovation Lab:AI"],
        "missing_targets": True,
    }

    reply = await operator.post(f"/connections/{cid}/classes", wanted)

    assert reply.status == 202, reply.body
    assert reply.body["classes"] == [
        "Data Science",
        "Innovation Lab",
        "Innovation Lab:AI",
        "Strategy Consulting:Pricing",
    ]
    await cycle(service, quickbooks)
    assert all(quickbooks.classes.find(name) for name in reply.body["classes"])
    again = await operator.post(f"/connections/{cid}/classes", wanted)
    assert again.status == 200 and again.body["request_id"] is None
    assert again.body["already_present"] == ["Innovation Lab:AI", "Strategy Consulting:Pricing"]


async def test_creating_classes_is_refused_unless_allowed_and_checked(service, api, connect):
    operator = await api(Scope.OPERATOR, TENANT)
    off = await connect()
    await record_read(service.container, off, firm_read())
    reply = await operator.post(f"/connections/{off}/classes", {"names": ["Lab"]})
    assert reply.status == 409 and "allow_creating_classes" in reply.body["detail"]
    on = await connect(username="harborline-2", allow_creating_classes=True)
    unread = await operator.post(f"/connections/{on}/classes", {"names": ["Lab"]})
    assert unread.status == 409 and "no chart of accounts" in unread.body["detail"]
    bad = await operator.post(f"/connections/{on}/classes", {"names": ["x" * 32]})
    assert bad.status == 422 and "longer than 31" in bad.body["detail"]


# --- authorisation ----------------------------------------------------------------------------

ENDPOINTS = [
    ("POST", "/ping", None, Scope.READ),
    ("POST", "/mapping/validate", None, Scope.READ),
    ("POST", "/mapping/validate?refresh=true", None, Scope.OPERATOR),
    ("GET", "/drift", None, Scope.READ),
    ("POST", "/drift/push", {}, Scope.OPERATOR),
    ("POST", "/classes", {"names": ["Lab"]}, Scope.OPERATOR),
]
BELOW = {Scope.OPERATOR: Scope.READ}


@pytest.mark.parametrize(("method", "path", "body", "needs"), ENDPOINTS)
async def test_every_endpoint_needs_a_token_its_scope_and_the_tenant(
    service, api, connect, method, path, body, needs
):
    cid = await connect()
    url = f"/connections/{cid}{path}"
    anonymous = await Api(service.url, None).call(method, url, json=body)
    assert anonymous.status == 401
    other = await (await api(Scope.ADMIN, "other-tenant")).call(method, url, json=body)
    assert other.status == 404
    if needs in BELOW:
        low = await (await api(BELOW[needs], TENANT)).call(method, url, json=body)
        assert low.status == 403


def anaplan_firm_settings_with(anaplan: AnaplanSimulator, **changes):
    from tests.support.refdata import firm_settings

    return replace(firm_settings(anaplan.urls, anaplan.firm, "x").anaplan, **changes)


# --- authorizing an OAuth connection (device grant) --------------------------------------

OAUTH_CLIENT = "5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b"


async def oauth_connection(service, connect, anaplan) -> str:
    cid = await connect()
    connections = service.container.connections
    settings = (await connections.load(cid)).settings
    oauth = replace(settings.anaplan, auth=AnaplanAuth.OAUTH, oauth_client_id=OAUTH_CLIENT)
    await connections.update(cid, replace(settings, anaplan=oauth), "test")
    anaplan.add_oauth_client(OAUTH_CLIENT, rotatable=True)
    anaplan.state.config.device_poll_interval = 0
    return cid


async def authorization(reader, cid) -> dict:
    reply = await reader.get(f"/connections/{cid}/anaplan/authorization")
    assert reply.status == 200, reply.body
    return reply.body


async def test_an_admin_authorizes_an_oauth_connection_and_anyone_can_follow_it(
    service, api, connect, anaplan
):
    cid = await oauth_connection(service, connect, anaplan)
    admin, reader = await api(Scope.ADMIN, TENANT), await api(Scope.READ, TENANT)
    assert (await authorization(reader, cid))["state"] == "never"

    started = await admin.post(f"/connections/{cid}/anaplan/authorization")
    assert started.status == 202, started.body
    code = started.body["user_code"]
    assert started.body["state"] == "pending" and code in started.body["verification_uri"]
    assert await authorization(reader, cid) == started.body
    assert (await reader.post(f"/connections/{cid}/anaplan/authorization")).status == 403

    anaplan.approve_device(code, anaplan_firm.USER)  # the Anaplan user enters the code
    while (current := await authorization(reader, cid))["state"] == "pending":
        await asyncio.sleep(0.01)
    assert current["state"] == "authorized" and current["user_code"] is None
    connection = (await reader.get(f"/connections/{cid}")).body
    assert "anaplan_oauth_refresh_token" in connection["credentials_set"]
    ping = await reader.post(f"/connections/{cid}/ping")
    assert ping.body["ok"] is True, ping.body  # the workers log in with the stored token


async def test_an_authorization_nobody_approves_fails_with_its_reason(
    service, api, connect, anaplan
):
    cid = await oauth_connection(service, connect, anaplan)
    admin = await api(Scope.ADMIN, TENANT)
    assert (await admin.post(f"/connections/{cid}/anaplan/authorization")).status == 202
    anaplan.clock.advance(901)  # the code's 15 minutes pass
    while (current := await authorization(admin, cid))["state"] == "pending":
        await asyncio.sleep(0.01)
    assert current["state"] == "failed"
    assert "expired before anyone approved" in current["reason"]
    connection = (await admin.get(f"/connections/{cid}")).body
    assert "anaplan_oauth_refresh_token" not in connection["credentials_set"]


async def test_authorizing_a_connection_that_does_not_use_oauth_is_refused_at_once(api, connect):
    cid = await connect()
    admin = await api(Scope.ADMIN, TENANT)
    refused = await admin.post(f"/connections/{cid}/anaplan/authorization")
    assert refused.status == 422 and "does not log in with OAuth" in json.dumps(refused.body)
    assert (await authorization(admin, cid))["state"] == "never"
