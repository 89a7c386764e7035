import json
from decimal import Decimal
from pathlib import Path

from simulators.anaplan import AnaplanSimulator, TaskTiming

from .test_anaplan_imports import GOOD_AND_BAD
from .world import Api, World, cell

FIXTURES = Path(__file__).parent / "fixtures"


def recorded_task(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())["task"]


async def test_task_starts_not_started_then_completes(
    sim: AnaplanSimulator, world: World, api: Api
):
    sim.config.task_timing = TaskTiming(polls=3)
    export = f"{world.base}/exports/{world.tsc.id}"
    body = await api.ok("POST", f"{export}/tasks", json={"localeName": "en_US"})
    assert body["task"]["taskState"] == "NOT_STARTED"
    assert len(body["task"]["taskId"]) == 32 and body["task"]["taskId"].isupper()
    assert isinstance(body["task"]["creationTime"], int)
    task_id = body["task"]["taskId"]
    seen = [await api.task(export, task_id) for _ in range(3)]
    assert [t["taskState"] for t in seen] == ["IN_PROGRESS", "IN_PROGRESS", "COMPLETE"]
    assert 0 < seen[0]["progress"] < seen[1]["progress"] < 1 == seen[2]["progress"]
    assert "result" not in seen[0]
    assert seen[2]["currentStep"] == "Complete."


async def test_tasks_on_one_model_run_first_in_first_out(
    sim: AnaplanSimulator, world: World, api: Api
):
    sim.config.task_timing = TaskTiming(polls=1)
    export = f"{world.base}/exports/{world.tsc.id}"
    first = await api.start_task(export)
    second = await api.start_task(f"{world.base}/exports/{world.tmc.id}")
    assert (await api.task(f"{world.base}/exports/{world.tmc.id}", second))["taskState"] == (
        "NOT_STARTED"
    )
    await api.finished(export, first)
    finished = await api.finished(f"{world.base}/exports/{world.tmc.id}", second)
    assert finished["result"]["successful"]
    assert sim.counters.max_tasks_per_model == {world.model.id: 1}
    assert [task.task_id for task in sim.tasks(world.model)] == [first, second]


async def test_model_status_names_the_running_task(sim: AnaplanSimulator, world: World, api: Api):
    sim.config.task_timing = TaskTiming(polls=1)
    task_id = await api.start_task(f"{world.base}/exports/{world.tsc.id}")
    for _ in range(100):
        status = (await api.get(f"/models/{world.model.id}/status"))[1]["requestStatus"]
        if status["taskId"]:
            break
    assert status["taskId"] == task_id
    assert "P&L.csv" in status["tooltip"] and "planner@example.com" in status["tooltip"]
    assert 0 <= status["progress"] < 1


async def test_busy_model_can_refuse_with_409_or_423(sim: AnaplanSimulator, world: World, api: Api):
    sim.config.task_timing = TaskTiming(polls=1)
    sim.config.busy_policy = 409
    export = f"{world.base}/exports/{world.tsc.id}"
    running = await api.start_task(export)
    status, body = await api.post(
        f"{world.base}/exports/{world.tmc.id}/tasks", {"localeName": "en_US"}
    )
    assert (status, body["status"]["code"]) == (409, 409)
    sim.config.busy_policy = 423
    status, _ = await api.post(f"{export}/tasks", {"localeName": "en_US"})
    assert status == 423
    await api.finished(export, running)
    status, listing = await api.get(f"{export}/tasks")
    assert [t["taskId"] for t in listing["tasks"]] == [running]


async def test_foreign_lock_holds_queued_tasks_until_released(
    sim: AnaplanSimulator, world: World, api: Api
):
    sim.lock_model(world.model, tooltip="Import started by someone else")
    status = (await api.get(f"/models/{world.model.id}/status"))[1]["requestStatus"]
    assert status["tooltip"] == "Import started by someone else"
    export = f"{world.base}/exports/{world.tsc.id}"
    task_id = await api.start_task(export)
    assert (await api.task(export, task_id))["taskState"] == "NOT_STARTED"
    sim.config.busy_policy = 423
    assert (await api.post(f"{export}/tasks", {"localeName": "en_US"}))[0] == 423
    sim.unlock_model(world.model)
    assert (await api.finished(export, task_id))["taskState"] == "COMPLETE"


async def test_process_runs_actions_in_order_with_nested_results(world: World, api: Api):
    process = world.model.add_process("Load and export", [world.actuals, world.tsc])
    await api.upload(f"{world.base}/files/{world.actuals.file.id}", [GOOD_AND_BAD])
    task = await api.run(f"{world.base}/processes/{process.id}")

    result = task["result"]
    assert (result["objectId"], result["successful"], result["failureDumpAvailable"]) == (
        process.id,
        True,
        True,
    )
    assert [r["objectId"] for r in result["nestedResults"]] == [world.actuals.id, world.tsc.id]
    assert result["nestedResults"][0]["details"][0]["type"] == "hierarchyRowsProcessed"
    exported = world.model.files[world.tsc.id].content
    assert exported is not None and b"1200.1" in exported.read_all()
    dump_path = (
        f"{world.base}/processes/{process.id}/tasks/{task['taskId']}/dumps/{world.actuals.id}"
    )
    listing = await api.ok("GET", dump_path + "/chunks")
    assert listing["chunks"] == [{"id": "0", "name": "Chunk 0"}]
    dump = await api.ok("GET", dump_path + "/chunks/0")
    assert dump.startswith(b'"_Status_"')


async def test_process_task_matches_the_recorded_shape(world: World, api: Api):
    process = world.model.add_process("Exports", [world.tsc, world.tmc])
    task = await api.run(f"{world.base}/processes/{process.id}")
    fixture = recorded_task("process_success_response.json")
    assert fixture.keys() <= task.keys()
    assert task["result"].keys() == fixture["result"].keys()
    assert task["result"]["nestedResults"][0].keys() == fixture["result"]["nestedResults"][0].keys()


async def test_a_failing_action_stops_the_process(sim: AnaplanSimulator, world: World, api: Api):
    process = world.model.add_process("Load and export", [world.actuals, world.tsc])
    task = await api.run(f"{world.base}/processes/{process.id}")
    assert task["result"]["successful"] is False
    assert [r["objectId"] for r in task["result"]["nestedResults"]] == [world.actuals.id]


async def test_injected_task_failure_reports_the_reason(
    sim: AnaplanSimulator, world: World, api: Api
):
    sim.faults.fail_task(world.tsc.id, "Export failed: out of memory")
    task = await api.run(f"{world.base}/exports/{world.tsc.id}")
    assert (task["taskState"], task["currentStep"]) == ("COMPLETE", "Failed.")
    assert task["result"]["successful"] is False
    assert task["result"]["details"][0]["localMessageText"] == "Export failed: out of memory"
    assert (await api.run(f"{world.base}/exports/{world.tsc.id}"))["result"]["successful"]


async def test_cancelling_a_running_import_rolls_it_back(
    sim: AnaplanSimulator, world: World, api: Api
):
    sim.config.task_timing = TaskTiming(polls=50)
    await api.upload(f"{world.base}/files/{world.actuals.file.id}", [GOOD_AND_BAD])
    path = f"{world.base}/imports/{world.actuals.id}"
    task_id = await api.start_task(path)
    while (await api.task(path, task_id))["taskState"] != "IN_PROGRESS":
        pass
    status, body = await api.call("DELETE", f"{path}/tasks/{task_id}")
    assert status == 200
    assert body["task"]["taskState"] in ("CANCELLING", "CANCELLED")
    final = await api.finished(path, task_id)
    assert final["taskState"] == "CANCELLED"
    assert final["cancelledBy"] == "planner@example.com"
    assert world.pnl.value(cell("Revenue", "Sales", "Jan 27")) is None


async def test_cancelling_a_queued_task_removes_it_from_the_queue(
    sim: AnaplanSimulator, world: World, api: Api
):
    sim.lock_model(world.model)
    export = f"{world.base}/exports/{world.tsc.id}"
    task_id = await api.start_task(export)
    body = await api.ok("DELETE", f"{export}/tasks/{task_id}")
    assert body["task"]["taskState"] == "CANCELLED"
    sim.unlock_model(world.model)
    assert world.model.files[world.tsc.id].content is None


async def test_task_list_and_unknown_parents(world: World, api: Api):
    world.pnl.set_value(cell("Revenue", "Sales", "Jan 27"), Decimal(1))
    export = f"{world.base}/exports/{world.tsc.id}"
    first = (await api.run(export))["taskId"]
    second = (await api.run(export))["taskId"]
    status, body = await api.get(f"{export}/tasks?sort=-creationTime")
    assert [t["taskId"] for t in body["tasks"]] in ([second, first], [first, second])
    assert set(body["tasks"][0]) == {"taskId", "taskState", "creationTime"}
    status, body = await api.get(f"{world.base}/exports/116999999999/tasks")
    assert status == 200 and "tasks" not in body
    status, _ = await api.get(f"{world.base}/imports/{world.actuals.id}/tasks/{first}")
    assert status == 404


async def test_seconds_timed_task_runs_until_cancelled(
    sim: AnaplanSimulator, world: World, api: Api
):
    sim.config.task_timing_by_object[world.tsc.id] = TaskTiming(seconds=60)
    export = f"{world.base}/exports/{world.tsc.id}"
    task_id = await api.start_task(export)
    running = await api.task(export, task_id)
    assert running["taskState"] in ("NOT_STARTED", "IN_PROGRESS")
    assert 0 <= running["progress"] < 1
    await api.call("DELETE", f"{export}/tasks/{task_id}")
    assert (await api.finished(export, task_id))["taskState"] == "CANCELLED"
    assert world.model.files[world.tsc.id].content is None


async def test_delete_action_removes_selected_items_and_their_cells(world: World, api: Api):
    accounts = world.model.list_named("Accounts")
    action = world.model.add_delete_action(
        "Delete expenses", accounts, lambda item: item.parent == "Expenses"
    )
    world.pnl.set_value(cell("Payroll", "Sales", "Jan 27"), Decimal(5))
    world.pnl.set_value(cell("Revenue", "Sales", "Jan 27"), Decimal(7))
    listing = await api.ok("GET", f"{world.base}/actions")
    assert listing["actions"] == [
        {"id": action.id, "name": "Delete expenses", "actionType": "DELETE_BY_SELECTION"}
    ]
    task = await api.run(f"{world.base}/actions/{action.id}")
    assert task["result"]["successful"]
    assert accounts.names == ["Revenue"]
    assert list(world.pnl.snapshot().values()) == [Decimal(7)]
