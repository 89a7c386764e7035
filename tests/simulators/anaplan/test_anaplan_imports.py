import csv
import gzip
import io
from decimal import Decimal

from simulators.anaplan import AnaplanSimulator

from .world import Api, World, cell

GOOD_AND_BAD = (
    "Account,Department,Month,Amount\n"
    "Revenue,Sales,Jan 27,1200.10\n"
    "4000,Zürich Ops,2027-02,-35.25\n"
    "Marketing,Sales,Jan 27,10\n"
    'Payroll,Sales,Jan 27,"12,5"\n'
    "Payroll,Sales,Smarch 27,5\n"
    "\n"
    "Payroll,Sales,Mar 27,800\n"
).encode()


def split(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def detail_values(task: dict) -> dict[str, str]:
    values = task["result"]["details"][0]["values"]
    return dict(zip(values[::2], values[1::2], strict=True))


async def import_actuals(api: Api, world: World, data: bytes, chunk: int = 9) -> dict:
    await api.upload(f"{world.base}/files/{world.actuals.file.id}", split(data, chunk))
    return await api.run(f"{world.base}/imports/{world.actuals.id}")


async def test_chunked_import_loads_good_rows_to_the_cent(world: World, api: Api):
    task = await import_actuals(api, world, GOOD_AND_BAD)

    assert world.pnl.value(cell("Revenue", "Sales", "Jan 27")) == Decimal("1200.10")
    assert world.pnl.value(cell("Revenue", "Zürich Ops", "Feb 27")) == Decimal("-35.25")
    assert world.pnl.value(cell("Payroll", "Sales", "Mar 27")) == Decimal("800")
    assert world.pnl.value(cell("Payroll", "Sales", "Jan 27")) is None
    assert task["currentStep"] == "Complete."
    assert task["result"]["successful"] is True
    assert task["result"]["failureDumpAvailable"] is True
    counts = detail_values(task)
    assert (counts["totalRowCount"], counts["successRowCount"], counts["ignoredCount"]) == (
        "6",
        "3",
        "3",
    )
    assert task["result"]["details"][0]["type"] == "hierarchyRowsProcessed"


async def test_failure_dump_lists_rejected_rows_with_line_and_reason(world: World, api: Api):
    task = await import_actuals(api, world, GOOD_AND_BAD)
    dump_path = f"{world.base}/imports/{world.actuals.id}/tasks/{task['taskId']}/dump"

    status, whole = await api.get(dump_path)
    assert status == 200
    status, listing = await api.get(dump_path + "/chunks")
    assert listing["chunks"] == [{"id": "0", "name": "Chunk 0"}]
    status, first = await api.get(dump_path + "/chunks/0")
    assert first == whole
    rows = list(csv.reader(io.StringIO(whole.decode())))
    assert rows == [
        ["_Status_", "Account", "Department", "Month", "Amount", "_Line_", "_Error_1_"],
        [
            "E",
            "Marketing",
            "Sales",
            "Jan 27",
            "10",
            "4",
            "Item not located in Accounts list: Marketing",
        ],
        ["E", "Payroll", "Sales", "Jan 27", "12,5", "5", "Invalid number: 12,5"],
        ["E", "Payroll", "Sales", "Smarch 27", "5", "6", "Invalid time period: Smarch 27"],
    ]
    assert whole.startswith(b'"_Status_","Account"')


async def test_reimport_replaces_values_and_clean_run_removes_the_dump(world: World, api: Api):
    first = await import_actuals(api, world, GOOD_AND_BAD)
    clean = b"Account,Department,Month,Amount\nRevenue,Sales,Jan 27,99.99\n"
    second = await import_actuals(api, world, clean)

    assert world.pnl.value(cell("Revenue", "Sales", "Jan 27")) == Decimal("99.99")
    assert second["result"]["failureDumpAvailable"] is False
    for task in (first, second):
        status, _ = await api.get(
            f"{world.base}/imports/{world.actuals.id}/tasks/{task['taskId']}/dump/chunks"
        )
        assert status == 404


async def test_newer_failing_run_replaces_the_older_dump(world: World, api: Api):
    first = await import_actuals(api, world, GOOD_AND_BAD)
    second = await import_actuals(api, world, GOOD_AND_BAD)
    base = f"{world.base}/imports/{world.actuals.id}/tasks"
    assert (await api.get(f"{base}/{first['taskId']}/dump"))[0] == 404
    assert (await api.get(f"{base}/{second['taskId']}/dump"))[0] == 200


async def test_gzip_chunks_arriving_out_of_order_complete_the_file(world: World, api: Api):
    file_path = f"{world.base}/files/{world.actuals.file.id}"
    chunks = split(GOOD_AND_BAD, 20)
    status, body = await api.post(file_path, {"chunkCount": len(chunks)})
    assert body["file"]["chunkCount"] == len(chunks)
    for index in reversed(range(len(chunks))):
        status, _ = await api.put(
            f"{file_path}/chunks/{index}", gzip.compress(chunks[index]), "application/x-gzip"
        )
        assert status == 204
    status, whole = await api.get(file_path)
    assert whole == GOOD_AND_BAD
    status, listing = await api.get(f"{world.base}/files")
    source = next(f for f in listing["files"] if f["id"] == world.actuals.file.id)
    assert source["chunkCount"] == len(chunks)


async def test_unknown_count_upload_needs_complete(world: World, api: Api):
    file_path = f"{world.base}/files/{world.actuals.file.id}"
    await api.post(file_path, {"chunkCount": -1})
    chunks = split(GOOD_AND_BAD, 50)
    for index, chunk in enumerate(chunks):
        await api.put(f"{file_path}/chunks/{index}", chunk, "application/octet-stream")
    assert world.actuals.file.content is None
    status, body = await api.post(f"{file_path}/complete", {"id": world.actuals.file.id})
    assert status == 200
    assert body["file"]["chunkCount"] == len(chunks) > 1
    assert (await api.get(file_path))[1] == GOOD_AND_BAD


async def test_one_shot_upload_is_a_single_chunk(world: World, api: Api):
    file_path = f"{world.base}/files/{world.actuals.file.id}"
    status, _ = await api.put(file_path, GOOD_AND_BAD, "application/octet-stream")
    assert status == 204
    status, listing = await api.get(f"{file_path}/chunks")
    assert listing["meta"]["paging"]["totalSize"] == 1


async def test_upload_limits_are_enforced(sim: AnaplanSimulator, world: World, api: Api):
    sim.config.max_upload_chunk = 10
    file_path = f"{world.base}/files/{world.actuals.file.id}"
    status, _ = await api.post(file_path, {"chunkCount": 1001})
    assert status == 400
    await api.post(file_path, {"chunkCount": 2})
    status, _ = await api.put(f"{file_path}/chunks/0", b"x" * 11, "application/octet-stream")
    assert status == 400
    status, _ = await api.put(
        f"{file_path}/chunks/0", gzip.compress(b"x" * 11), "application/x-gzip"
    )
    assert status == 400
    status, _ = await api.put(f"{file_path}/chunks/2", b"x", "application/octet-stream")
    assert status == 400


async def test_posting_to_an_unknown_file_creates_a_new_one(world: World, api: Api):
    status, body = await api.post(f"{world.base}/files/brand-new.csv", {"chunkCount": 1})
    assert status == 200
    assert body["file"]["name"] == "brand-new.csv"
    assert body["file"]["id"].startswith("113")
    assert body["file"]["id"] in world.model.files


async def test_import_without_uploaded_data_fails(world: World, api: Api):
    task = await api.run(f"{world.base}/imports/{world.actuals.id}")
    assert task["currentStep"] == "Failed."
    assert task["result"]["successful"] is False
    assert "No data" in task["result"]["details"][0]["localMessageText"]


async def test_list_import_creates_updates_and_warns_on_bad_parent(world: World, api: Api):
    data = b"Name,Code,Parent\nRevenue,4001,Income\nTravel,6200,Expenses\nGifts,6300,Nowhere\n,,\n"
    await api.upload(f"{world.base}/files/{world.accounts_import.file.id}", [data])
    task = await api.run(f"{world.base}/imports/{world.accounts_import.id}")

    accounts = world.model.list_named("Accounts")
    assert accounts.by_name("Revenue").code == "4001"
    assert accounts.by_name("Travel").parent == "Expenses"
    assert accounts.by_name("Gifts").parent is None
    counts = detail_values(task)
    assert (
        counts["successCreateCount"],
        counts["successUpdateCount"],
        counts["warningsRowCount"],
    ) == ("1", "1", "1")
    dump_path = f"{world.base}/imports/{world.accounts_import.id}/tasks/{task['taskId']}/dump"
    status, dump = await api.get(dump_path)
    assert status == 200
    assert b'"W","Gifts","6300","Nowhere","4","Invalid parent"' in dump


async def test_import_metadata_describes_the_source(world: World, api: Api):
    status, body = await api.get(f"{world.base}/imports/{world.actuals.id}")
    assert body["importMetadata"]["source"] == {
        "textEncoding": "UTF-8",
        "columnSeparator": ",",
        "textDelimiter": '"',
        "headerRow": 1,
        "firstDataRow": 2,
        "decimalSeparator": ".",
        "headerNames": ["Account", "Department", "Month", "Amount"],
        "columnCount": 4,
    }
    status, body = await api.get(f"{world.base}/imports/")
    assert status == 200
    assert body["imports"][0] == {
        "id": world.actuals.id,
        "name": "P&L from actuals.csv",
        "importDataSourceId": world.actuals.file.id,
        "importType": "MODULE_DATA",
    }
