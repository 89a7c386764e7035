"""Discovery: what the tenant and model hold, page by page, so users pick actions by name."""

from __future__ import annotations

import pytest

from adapters.anaplan.errors import AnaplanNotFound

from .world import ACCOUNTS, ACTUALS_COLUMNS


async def test_workspaces_and_models(kit):
    client = kit.client()
    assert [(w.id, w.name) for w in await client.workspaces()] == [(kit.world.workspace_id, "FP&A")]
    (model,) = await client.models()
    assert (model.id, model.name, model.workspace_id) == (
        kit.world.model.id,
        "Plan",
        kit.world.workspace_id,
    )


async def test_exports_with_their_columns_and_format(kit):
    client = kit.client()
    exports = {e.name: e for e in await client.actions("exports")}
    assert exports["GL Plan by month"].type == "TABULAR_MULTI_COLUMN"

    metadata = await client.export_metadata("GL Plan for QuickBooks")

    assert metadata.headers == (
        "GL Accounts",
        "Cost Centers",
        "Versions",
        "Time",
        "Line Items",
        "Value",
    )
    assert (metadata.export_format, metadata.format.separator) == ("text/csv", ",")
    assert metadata.format.encoding == "UTF-8"


async def test_imports_with_their_data_source_and_columns(kit):
    client = kit.client()
    (imported,) = await client.actions("imports")
    assert (imported.name, imported.data_source_id) == (
        "Load GL Actuals",
        kit.world.actuals.file.id,
    )
    assert imported.type == "MODULE_DATA"

    metadata = await client.import_metadata(imported.id)

    assert metadata.headers == ACTUALS_COLUMNS
    assert (metadata.format.header_row, metadata.format.first_data_row) == (1, 2)
    names = {f.name for f in await client.files()}
    assert {"gl_actuals.csv", "GL Plan for QuickBooks"} <= names


async def test_processes_with_their_actions(kit):
    client = kit.client()
    metadata = await client.process_metadata("Load actuals and export")
    assert [(a.id, a.type) for a in metadata.actions] == [
        (kit.world.actuals.id, "MODULE_DATA"),
        (kit.world.single.id, "TABULAR_SINGLE_COLUMN"),
    ]
    assert metadata.actions[0].data_source_id == kit.world.actuals.file.id


async def test_lists_and_their_members_across_pages(kit):
    client = kit.client(page_size=2)
    lists = {item.name for item in await client.actions("lists")}
    assert {"GL Accounts", "Cost Centers"} <= lists
    kit.sim.counters.reset()

    members = await client.list_members("GL Accounts")

    assert [m.name for m in members] == list(ACCOUNTS)
    assert (
        kit.sim.counters.requests[
            "GET /2/0/workspaces/{workspaceId}/models/{modelId}/lists/{listId}/items"
        ]
        == 2
    )


async def test_an_unknown_name_is_a_clear_error(kit):
    with pytest.raises(AnaplanNotFound, match="no export named or numbered 'Nope'"):
        await kit.client().export_metadata("Nope")
