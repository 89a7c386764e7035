"""Anaplan throttling, failing, hanging, expiring tokens, failing tasks and a model locked
by someone else, while both flows run: a run either completes (each export or import
task started once) or fails or sticks with the reason, and a retry completes it once the
fault is gone."""

from __future__ import annotations

import hashlib
import json

import pytest

from simulators.anaplan import limits as sim_limits
from simulators.sandbox import anaplan_firm
from tests.faults.world import FaultWorld, fault_world

AUTHENTICATE = "POST /token/authenticate"
API = r"^/2/0/workspaces/"


@pytest.fixture
async def world(db_url, spares, request):
    overrides = {"anaplan_retry_seconds": 0.02, **getattr(request, "param", {})}
    async with fault_world(db_url, spares, **overrides) as w:
        yield w


def tasks(world: FaultWorld, action: str) -> list:
    action_id = world.action_id(action)
    return [t for t in world.firm.sim.tasks(world.model) if t.object_id == action_id]


async def event_data(world: FaultWorld, event_type: str) -> list[dict]:
    rows = await world.pool.fetch(
        "SELECT data FROM events WHERE event_type = $1 ORDER BY position", event_type
    )
    return [json.loads(r["data"]) for r in rows]


async def both_flows(world: FaultWorld) -> list[str]:
    runs = [await world.firm.plan_sync(), await world.firm.actuals_sync("2027-01", "2027-02")]
    await world.finish(runs)
    return runs


async def test_a_429_storm_slows_both_flows_down_and_each_task_runs_once(world, monkeypatch):
    monkeypatch.setattr(sim_limits, "WINDOW", 1.0)  # Anaplan's minute, shortened
    world.firm.sim.config.rate_limit_per_minute = 4  # far below what the flows ask for
    runs = await both_flows(world)

    assert world.firm.sim.counters.throttled >= 3
    assert len(tasks(world, anaplan_firm.EXPORT)) == len(tasks(world, anaplan_firm.IMPORT)) == 1
    await world.check(runs)
    await world.check_complete(runs)


@pytest.mark.parametrize(
    ("status", "path", "method"),
    [
        (503, API, None),  # whatever the call
        (500, r"/tasks$", "POST"),  # starting a task: did it start? look before starting again
        (502, r"/chunks/\d+$", "GET"),  # a chunk of the export, or of the actuals upload
    ],
)
async def test_server_errors_are_retried_without_running_a_task_twice(world, status, path, method):
    world.firm.sim.faults.fail_next(3, status=status, path=path, method=method)
    runs = await both_flows(world)

    assert world.firm.sim.faults.rules[0].exhausted
    assert len(tasks(world, anaplan_firm.EXPORT)) == len(tasks(world, anaplan_firm.IMPORT)) == 1
    await world.check(runs)
    await world.check_complete(runs)


@pytest.mark.parametrize(
    "world", [{"retry_max_attempts": 2, "anaplan_retry_seconds": 0.005}], indirect=True
)
@pytest.mark.parametrize(
    ("flow", "stream", "consumer"),
    [
        ("plan", "plansync-", "plan-exporter"),  # the export gives up
        ("actuals", "qb-ledger-", "actuals-importer"),  # the import gives up
    ],
)
async def test_anaplan_down_for_longer_than_the_retries_sticks_the_run_until_retried(
    world, flow, stream, consumer
):
    world.firm.sim.faults.fail_next(None, status=503, path=API)
    if flow == "plan":
        run = await world.firm.plan_sync()
    else:
        run = await world.firm.actuals_sync("2027-01", "2027-02")
    await world.cycle_until(lambda: stuck(world), "Anaplan to be given up on")

    [parked] = await world.stuck_or_failed()
    assert parked["stream_id"].startswith(stream) and parked["consumer"] == consumer
    assert "gave up after 8 attempts" in parked["last_error"] and "503" in parked["last_error"]
    await world.check_streams_settled(await world.story())

    world.firm.sim.faults.clear()  # Anaplan is back
    [retried] = await world.retry_everything()
    assert retried.unparked == (consumer,)
    await world.finish([run])
    await world.check([run])
    await world.check_complete([run])


async def stuck(world: FaultWorld) -> bool:
    return any(s["state"] == "stuck" for s in await world.stuck_or_failed())


@pytest.mark.parametrize(
    "world", [{"anaplan_timeout_seconds": 0.3, "anaplan_poll_seconds": 0.5}], indirect=True
)
async def test_calls_that_time_out_are_repeated_or_looked_up_and_no_task_runs_twice(world):
    faults = world.firm.sim.faults
    faults.hang(0.6, path=r"/tasks$", method="POST")  # a task start: did it start?
    faults.hang(0.6, count=2, path=r"/tasks/\w+$", method="GET")  # status reads
    faults.hang(0.6, path=r"/chunks/\d+$", method="GET")  # a chunk
    runs = await both_flows(world)

    assert all(rule.exhausted for rule in faults.rules)
    assert len(tasks(world, anaplan_firm.EXPORT)) == len(tasks(world, anaplan_firm.IMPORT)) == 1
    await world.check(runs)
    await world.check_complete(runs)


async def test_a_token_expiring_in_the_middle_of_a_chunked_download_logs_in_again(world):
    sim = world.firm.sim
    sim.faults.expire_tokens(path=r"/chunks/\d+$", after=1)
    run = await world.firm.plan_sync()
    await world.finish([run])

    [downloaded] = await event_data(world, "AnaplanFileDownloaded")
    assert downloaded["chunks"] > 2
    assert sim.counters.requests[AUTHENTICATE] == 2
    exported = sim.file_content(world.model, world.action_id(anaplan_firm.EXPORT))
    [plan] = await event_data(world, "PlanExported")
    assert plan["sha256"] == hashlib.sha256(exported).hexdigest()  # joined exactly
    await world.check([run])
    await world.check_complete([run])


@pytest.mark.parametrize(
    ("action", "kind"),
    [(anaplan_firm.EXPORT, "plan"), (anaplan_firm.IMPORT, "actuals")],
)
async def test_a_task_ending_failed_fails_the_run_with_the_reason_and_a_retry_completes_it(
    world, action, kind
):
    reason = "The action could not run: the model is being rebuilt"
    world.firm.sim.faults.fail_task(world.action_id(action), reason)
    if kind == "plan":
        run = await world.firm.plan_sync()
    else:
        run = await world.firm.actuals_sync("2027-01", "2027-02")
    await world.finish([run])

    assert await world.firm.run_status(run) == "failed"
    await world.check([run])
    [failed] = await world.stuck_or_failed()
    assert failed["state"] == "failed" and reason in failed["last_error"]

    [retried] = await world.retry_everything()
    assert retried.new_run is not None
    await world.finish([retried.new_run])
    await world.check([run, retried.new_run])
    await world.check_complete([retried.new_run])
    assert not await world.stuck_or_failed()  # the failed run is superseded


async def test_a_model_locked_by_another_task_makes_both_flows_wait_then_complete(world):
    sim = world.firm.sim
    sim.lock_model(world.model, tooltip="Import started by another user")
    plan = await world.firm.plan_sync()
    await world.wait_for_event("AnaplanTaskStarted")  # queued behind the other user's task
    runs = [plan, await world.firm.actuals_sync("2027-01", "2027-02")]
    for _ in range(3):
        await world.firm.cycle()
    assert not await world.event_count("PlanExported")
    assert [t.state for t in tasks(world, anaplan_firm.EXPORT)] == ["NOT_STARTED"]

    sim.unlock_model(world.model)
    await world.finish(runs)
    assert len(tasks(world, anaplan_firm.EXPORT)) == len(tasks(world, anaplan_firm.IMPORT)) == 1
    await world.check(runs)
    await world.check_complete(runs)
