import csv
import io
from decimal import Decimal

from simulators.anaplan import AnaplanSimulator

from .world import Api, World, cell

MONTHS_2027 = ["Jan 27", "Feb 27", "Mar 27"]


def seed_actuals(world: World) -> None:
    world.pnl.set_value(cell("Revenue", "Zürich Ops", "Jan 27"), Decimal("1234.50"))
    world.pnl.set_value(cell("Revenue", "Zürich Ops", "Feb 27"), Decimal("-0.05"))
    world.pnl.set_value(cell("Payroll", "Sales", "Mar 27"), Decimal("700"))
    world.pnl.set_value(cell("Payroll", "Sales", "Mar 27", version="Budget"), Decimal("9"))


async def download_chunks(api: Api, world: World, file_id: str) -> list[bytes]:
    status, listing = await api.get(f"{world.base}/files/{file_id}/chunks")
    assert status == 200
    chunks = []
    for entry in listing["chunks"]:
        status, data = await api.get(
            f"{world.base}/files/{file_id}/chunks/{entry['id']}",
            headers={"Accept": "application/octet-stream"},
        )
        assert status == 200
        chunks.append(data)
    return chunks


async def test_single_column_export_split_mid_character_parses_back(
    sim: AnaplanSimulator, world: World, api: Api
):
    seed_actuals(world)
    header = b"Accounts,Departments,Versions,Time,Line Items,Value\n"
    sim.config.export_chunk_size = len(header + b"Revenue,Z") + 1  # cuts "ü" in two
    task = await api.run(f"{world.base}/exports/{world.tsc.id}")
    assert task["result"] == {
        "failureDumpAvailable": False,
        "objectId": world.tsc.id,
        "successful": True,
    }

    chunks = await download_chunks(api, world, world.tsc.id)
    assert {len(chunk) for chunk in chunks[:-1]} == {sim.config.export_chunk_size}
    assert _splits_a_character(chunks[0])
    rows = list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8"))))
    assert rows == [
        ["Accounts", "Departments", "Versions", "Time", "Line Items", "Value"],
        ["Revenue", "Zürich Ops", "Actual", "Jan 27", "Amount", "1234.5"],
        ["Revenue", "Zürich Ops", "Actual", "Feb 27", "Amount", "-0.05"],
        ["Payroll", "Sales", "Actual", "Mar 27", "Amount", "700"],
    ]


def _splits_a_character(chunk: bytes) -> bool:
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


async def test_multi_column_export_puts_periods_across_with_totals(world: World, api: Api):
    seed_actuals(world)
    await api.run(f"{world.base}/exports/{world.tmc.id}")
    status, data = await api.get(f"{world.base}/files/{world.tmc.id}")
    assert status == 200
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert list(rows[0])[:8] == [
        "Accounts",
        "Departments",
        "Versions",
        "Line Items",
        *MONTHS_2027,
        "Q1 FY27",
    ]
    assert list(rows[0])[-1] == "FY27"
    revenue = next(row for row in rows if row["Departments"] == "Zürich Ops")
    assert (revenue["Jan 27"], revenue["Feb 27"], revenue["Q1 FY27"]) == (
        "1234.5",
        "-0.05",
        "1234.45",
    )
    assert len(rows) == 2  # rows with no values are omitted


async def test_whole_file_download_equals_the_chunks(sim: AnaplanSimulator, world: World, api: Api):
    seed_actuals(world)
    sim.config.export_chunk_size = 16
    await api.run(f"{world.base}/exports/{world.tsc.id}")
    status, whole = await api.get(f"{world.base}/files/{world.tsc.id}")
    assert status == 200
    assert whole == b"".join(await download_chunks(api, world, world.tsc.id))
    assert whole == sim.file_content(world.model, world.tsc.id)


async def test_export_metadata_describes_the_columns(world: World, api: Api):
    status, body = await api.get(f"{world.base}/exports/{world.tmc.id}")
    assert status == 200
    metadata = body["exportMetadata"]
    assert metadata["headerNames"][:4] == ["Accounts", "Departments", "Versions", "Line Items"]
    assert metadata["columnCount"] == len(metadata["headerNames"])
    assert metadata["dataTypes"][:2] == ["ENTITY", "ENTITY"]
    assert metadata["listNames"][:2] == ["Accounts", "Departments"]
    assert (metadata["separator"], metadata["delimiter"], metadata["encoding"]) == (
        ",",
        '"',
        "UTF-8",
    )


async def test_export_list_carries_type_format_and_layout(world: World, api: Api):
    status, body = await api.get(f"{world.base}/exports")
    assert status == 200
    assert body["exports"][1] == {
        "id": world.tmc.id,
        "name": "P&L by month.csv",
        "exportType": "TABULAR_MULTI_COLUMN",
        "exportFormat": "text/csv",
        "encoding": "UTF-8",
        "layout": "TABULAR_MULTI_COLUMN",
    }


async def test_export_file_without_content_answers_404(world: World, api: Api):
    status, body = await api.get(f"{world.base}/files")
    export_file = next(entry for entry in body["files"] if entry["id"] == world.tsc.id)
    assert export_file["chunkCount"] == 0
    status, body = await api.get(f"{world.base}/files/{world.tsc.id}/chunks/0")
    assert status == 404
    assert body["status"] == {"code": 404, "message": "Not Found"}
    status, _ = await api.get(f"{world.base}/files/{world.tsc.id}")
    assert status == 404


async def test_large_generated_module_streams_to_many_chunks(
    sim: AnaplanSimulator, world: World, api: Api
):
    accounts = world.model.list_named("Accounts")
    for number in range(200):
        accounts.add(f"Account {number}", f"A{number}")
    world.pnl.generator = lambda key: Decimal(len(key[0]))
    sim.config.export_chunk_size = 64 * 1024
    task = await api.run(f"{world.base}/exports/{world.tsc.id}")
    assert task["result"]["successful"]
    content = world.model.files[world.tsc.id].content
    assert content is not None
    assert content.chunk_count == -(-content.size // (64 * 1024)) > 1
    expected_rows = len(accounts) * 2 * 12
    assert world.tsc.last_row_count == expected_rows
