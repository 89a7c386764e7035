import json
from pathlib import Path

from simulators.anaplan import AnaplanSimulator

from .world import Api, World

FIXTURES = Path(__file__).parent / "fixtures"


def recorded(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def shape(value: object) -> object:
    """Keys and value types, recursively; lists are described by their first element."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return type(value).__name__


async def test_workspaces_list_matches_the_documented_shape(api: Api):
    status, body = await api.get("/workspaces?tenantDetails=true")
    assert status == 200
    assert shape(body) == shape(recorded("workspaces-list.json"))


async def test_exports_list_has_the_recorded_envelope(world: World, api: Api):
    body = await api.ok("GET", f"{world.base}/exports?limit=1")
    fixture = recorded("list_of_exports_response.json")
    assert body.keys() == fixture.keys()
    assert body["meta"]["paging"].keys() == fixture["meta"]["paging"].keys()
    assert body["meta"]["schema"].endswith(f"/models/{world.model.id}/objects/export")
    assert body["status"] == {"code": 200, "message": "Success"}


async def test_paging_follows_next_and_previous_urls(sim: AnaplanSimulator, world: World, api: Api):
    accounts = world.model.list_named("Accounts")
    for number in range(5):
        accounts.add(f"Extra {number}")
    path = f"{world.base}/lists/{accounts.id}/items"
    first = await api.ok("GET", path + "?limit=3")
    assert first["meta"]["paging"] == {
        "currentPageSize": 3,
        "offset": 0,
        "totalSize": 7,
        "next": f"{sim.urls.api}{path}?limit=3&offset=3",
    }
    last = await api.ok(
        "GET",
        first["meta"]["paging"]["next"].removeprefix(api.base).replace("offset=3", "offset=6"),
    )
    assert last["meta"]["paging"]["currentPageSize"] == 1
    assert last["meta"]["paging"]["previous"].endswith("limit=3&offset=3")
    assert "next" not in last["meta"]["paging"]
    names = [item["name"] for item in first["listItems"] + last["listItems"]]
    assert names == ["Revenue", "Payroll", "Extra 0", "Extra 4"]


async def test_page_size_is_capped_at_5000(world: World, api: Api):
    accounts = world.model.list_named("Accounts")
    for number in range(5_100):
        accounts.add(f"Bulk {number}")
    body = await api.ok("GET", f"{world.base}/lists/{accounts.id}/items?limit=9000")
    assert body["meta"]["paging"]["currentPageSize"] == 5000
    body = await api.ok("GET", f"{world.base}/lists/{accounts.id}/items")
    assert len(body["listItems"]) == 5000


async def test_empty_list_omits_the_payload_key(world: World, api: Api):
    status, body = await api.get(f"{world.base}/processes")
    assert status == 200
    assert shape(body) == shape(recorded("empty_response.json"))


async def test_unknown_ids_answer_the_404_envelope(world: World, api: Api):
    path = f"/models/{'0' * 32}/modules"
    status, body = await api.get(path)
    assert status == 404
    assert shape(body) == shape(recorded("error-404.json"))
    assert body["path"] == "/2/0" + path
    assert body["timestamp"].endswith("Z")
    other_workspace = f"/workspaces/{'f' * 32}/models/{world.model.id}/exports"
    assert (await api.get(other_workspace))[0] == 404
    assert (await api.get(f"{world.base}/exports/116999999999"))[0] == 404


async def test_model_status_is_bare(world: World, api: Api):
    status, body = await api.get(f"/models/{world.model.id}/status")
    assert status == 200
    assert body.keys() == recorded("model-status-closed.json").keys()
    assert body["requestStatus"]["currentStep"] == "Open"
    assert body["requestStatus"]["progress"] == -1.0


async def test_model_details_carry_workspace_and_transaction_flag(world: World, api: Api):
    body = await api.ok("GET", f"/models/{world.model.id}?modelDetails=true")
    model = body["model"]
    assert model["currentWorkspaceId"] == world.model.workspace.id
    assert model["modelTransactionRunning"] is False
    for key in (
        "lastSavedSerialNumber",
        "lastModifiedByUserGuid",
        "isoCreationDate",
        "memoryUsage",
        "modelUrl",
        "categoryValues",
        "activeState",
    ):
        assert key in model
    listing = await api.ok("GET", f"/workspaces/{world.model.workspace.id}/models")
    assert [m["id"] for m in listing["models"]] == [world.model.id]


async def test_sort_orders_by_name(world: World, api: Api):
    body = await api.ok("GET", f"{world.base}/lists?sort=-name")
    names = [entry["name"] for entry in body["lists"]]
    assert names == sorted(names, reverse=True)
    body = await api.ok("GET", f"{world.base}/lists?sort=+nonsense")
    assert [entry["name"] for entry in body["lists"]] == [
        "Account Groups",
        "Accounts",
        "Departments",
    ]


async def test_list_items_with_include_all_show_parents_and_properties(world: World, api: Api):
    accounts = world.model.list_named("Accounts")
    accounts.by_name("Revenue").properties["Type"] = "Income"
    body = await api.ok("GET", f"{world.base}/lists/{accounts.id}/items?includeAll=true")
    revenue = body["listItems"][0]
    groups = world.model.list_named("Account Groups")
    assert revenue == {
        "id": revenue["id"],
        "name": "Revenue",
        "code": "4000",
        "parent": "Income",
        "parentId": groups.by_name("Income").id,
        "listId": groups.id,
        "listName": "Account Groups",
        "properties": {"Type": "Income"},
        "subsets": {},
    }
    body = await api.ok("GET", f"/models/{world.model.id}/lists/{accounts.id}")
    assert body["metadata"]["parent"] == {"id": groups.id, "name": "Account Groups"}
    assert body["metadata"]["itemCount"] == 2


async def test_modules_and_line_items(world: World, api: Api):
    body = await api.ok("GET", f"/models/{world.model.id}/modules")
    assert body["modules"] == [{"id": world.pnl.id, "name": "P&L"}]
    body = await api.ok(
        "GET", f"/models/{world.model.id}/modules/{world.pnl.id}/lineItems?includeAll=true"
    )
    item = body["items"][0]
    assert (item["name"], item["moduleId"], item["format"]) == ("Amount", world.pnl.id, "NUMBER")
    assert [d["name"] for d in item["appliesTo"]] == ["Accounts", "Departments"]


async def test_transactional_list_writes(world: World, api: Api):
    accounts = world.model.list_named("Accounts")
    path = f"{world.base}/lists/{accounts.id}/items"
    items = [{"name": "Travel", "code": "6200"}, {"name": "Revenue"}]
    body = await api.ok("POST", path + "?action=add", json={"items": items})
    assert (body["added"], body["ignored"], body["total"]) == (1, 1, 2)
    assert body["failures"][0]["requestIndex"] == 1
    body = await api.ok("PUT", path, json={"items": [{"code": "6200", "name": "Travel & Meals"}]})
    assert body["updated"] == 1
    assert accounts.by_code("6200").name == "Travel & Meals"
    body = await api.ok("POST", path + "?action=delete", json={"items": [{"code": "6200"}]})
    assert body["deleted"] == 1
    assert accounts.by_code("6200") is None


async def test_cell_writes_by_name_and_by_id(world: World, api: Api):
    accounts = world.model.list_named("Accounts")
    cells = [
        {
            "lineItemName": "Amount",
            "dimensions": [
                {"dimensionName": "Accounts", "itemName": "Revenue"},
                {"dimensionName": "Departments", "itemCode": "nope"},
                {"dimensionName": "Versions", "itemName": "Actual"},
                {"dimensionName": "Time", "itemName": "Jan 27"},
            ],
            "value": 5,
        },
        {
            "lineItemId": world.pnl.line_items[0].id,
            "dimensions": [
                {"dimensionId": accounts.id, "itemId": accounts.by_name("Payroll").id},
                {"dimensionName": "Departments", "itemName": "Sales"},
                {"dimensionName": "Versions", "itemName": "Budget"},
                {"dimensionName": "Time", "itemName": "Feb 27"},
            ],
            "value": "12.34",
        },
    ]
    status, body = await api.call(
        "POST", f"/models/{world.model.id}/modules/{world.pnl.id}/data", json=cells
    )
    assert status == 200
    assert body["numberOfCellsChanged"] == 1
    assert body["failures"][0]["requestIndex"] == 0
    assert (
        str(
            world.pnl.value(
                {
                    "Accounts": "Payroll",
                    "Departments": "Sales",
                    "Versions": "Budget",
                    "Time": "Feb 27",
                    "Line Items": "Amount",
                }
            )
        )
        == "12.34"
    )
