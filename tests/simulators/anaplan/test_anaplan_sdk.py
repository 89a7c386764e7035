"""The benchmark drives the simulator with the third-party anaplan-sdk; it must work as-is."""

import asyncio
import csv
import io
from decimal import Decimal

import anaplan_sdk

from simulators.anaplan import AnaplanSimulator, sdk_transport

from .test_anaplan_imports import GOOD_AND_BAD
from .world import EMAIL, PASSWORD, World, cell


def async_client(sim: AnaplanSimulator, world: World, **options: object):
    return anaplan_sdk.AsyncClient(
        workspace_id=world.model.workspace.id,
        model_id=world.model.id,
        user_email=EMAIL,
        password=PASSWORD,
        token=sim.issue_token(EMAIL),
        status_poll_delay=0,
        transport=sdk_transport.AsyncRedirect(sim.urls),
        **options,
    )


async def test_sdk_exports_and_downloads_a_chunked_file(sim: AnaplanSimulator, world: World):
    world.pnl.set_value(cell("Revenue", "Zürich Ops", "Jan 27"), Decimal("1234.56"))
    world.pnl.set_value(cell("Payroll", "Sales", "Dec 27"), Decimal("-7"))
    sim.config.export_chunk_size = 20
    client = async_client(sim, world)

    content = await client.export_and_download(int(world.tsc.id))

    rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
    assert rows[1:] == [
        ["Revenue", "Zürich Ops", "Actual", "Jan 27", "Amount", "1234.56"],
        ["Payroll", "Sales", "Actual", "Dec 27", "Amount", "-7"],
    ]
    assert world.model.files[world.tsc.id].content.chunk_count > 1


async def test_sdk_uploads_gzip_chunks_and_imports(sim: AnaplanSimulator, world: World):
    clean = b"\n".join(
        line
        for line in GOOD_AND_BAD.split(b"\n")
        if not line.startswith((b"Marketing", b"Payroll,Sales,Jan", b"Payroll,Sales,S"))
    )
    client = async_client(sim, world, upload_chunk_size=16)

    task = await client.upload_and_import(int(world.actuals.file.id), clean, int(world.actuals.id))

    assert task.result.successful
    assert world.actuals.file.content.chunk_count == -(-len(clean) // 16)
    assert world.pnl.value(cell("Revenue", "Sales", "Jan 27")) == Decimal("1200.10")
    assert world.pnl.value(cell("Payroll", "Sales", "Mar 27")) == Decimal("800")


async def test_sdk_reauthenticates_when_its_token_expires(sim: AnaplanSimulator, world: World):
    client = async_client(sim, world)
    await client.get_files()
    sim.expire_tokens()
    files = await client.get_files()
    assert {f.id for f in files} >= {int(world.tsc.id), int(world.actuals.file.id)}
    assert sim.counters.requests["POST /token/authenticate"] == 1


async def test_sdk_reads_discovery_objects_without_validation_errors(
    sim: AnaplanSimulator, world: World
):
    client = async_client(sim, world)
    assert [w.id for w in await client.get_workspaces()] == [world.model.workspace.id]
    assert (await client.get_models())[0].workspace_id == world.model.workspace.id
    assert (await client.get_model()).model_transaction_running is False
    assert {e.type for e in await client.get_exports()} == {
        "TABULAR_SINGLE_COLUMN",
        "TABULAR_MULTI_COLUMN",
    }
    assert (await client.get_imports())[0].file_id == int(world.actuals.file.id)
    accounts = world.model.list_named("Accounts")
    items = await client.tr.get_list_items(int(accounts.id))
    assert [(i.name, i.code, i.parent) for i in items] == [
        ("Revenue", "4000", "Income"),
        ("Payroll", "6000", "Expenses"),
    ]
    assert (await client.tr.get_list_metadata(int(accounts.id))).item_count == 2
    assert (await client.tr.get_line_items())[0].name == "Amount"
    assert (await client.tr.get_model_status()).current_step == "Open"


async def test_sync_sdk_client_works_from_a_thread(sim: AnaplanSimulator, world: World):
    world.pnl.set_value(cell("Revenue", "Sales", "Feb 27"), Decimal("3"))
    client = anaplan_sdk.Client(
        workspace_id=world.model.workspace.id,
        model_id=world.model.id,
        user_email=EMAIL,
        password=PASSWORD,
        token=sim.issue_token(EMAIL),
        status_poll_delay=0,
        transport=sdk_transport.Redirect(sim.urls),
    )
    content = await asyncio.to_thread(client.export_and_download, int(world.tsc.id))
    assert b"Revenue,Sales,Actual,Feb 27,Amount,3" in content
