"""Streams and the log over HTTP: states with age and error, events, paging, lag."""

from __future__ import annotations

from domain.access import Scope
from tests.support.ops import History, Worker, new_connection, project


async def stuck_run(service):
    cid = await new_connection(service.container, "acme", "books")
    run = await History(service.container).plan_run(cid, "acme")
    worker = Worker(service.container)
    worker.reactor.broken = "QuickBooks company file is not open"
    await worker.step()
    return cid, run, worker


async def test_stuck_streams_are_listed_with_their_age_and_last_error(api, service):
    cid, run, _ = await stuck_run(service)
    reader = await api(Scope.READ, "acme")
    stuck = (await reader.get("/streams?state=stuck")).body
    assert sorted(s["stream_id"] for s in stuck) == sorted(
        [f"plansync-{run.run_id}", run.journal_stream("ea"), run.journal_stream("eb")]
    )
    for stream in stuck:
        assert stream["consumer"] == "test-poster" and stream["attempts"] == 1
        assert stream["last_error"] == "PermanentError: QuickBooks company file is not open"
        assert stream["age_seconds"] >= 0 and stream["connection_id"] == cid


async def test_a_blocked_entry_is_a_failed_stream_once_its_work_is_done(api, service):
    cid = await new_connection(service.container, "acme", "books")
    run = await History(service.container).plan_run(cid, "acme")
    await Worker(service.container).step()
    reader = await api(Scope.READ, "acme")
    [failed] = (await reader.get("/streams?state=failed")).body
    assert failed["stream_id"] == run.journal_stream("eb")
    assert failed["last_error"] == "account 'Old Expense' is inactive"
    completed = {s["stream_id"] for s in (await reader.get("/streams?state=completed")).body}
    assert completed == {f"plansync-{run.run_id}", run.journal_stream("ea")}
    assert (await reader.get("/streams?state=in_progress")).body == []
    assert (await reader.get("/streams?state=sideways")).status == 422


async def test_waiting_work_is_in_progress(api, service):
    cid = await new_connection(service.container, "acme", "books")
    await History(service.container).plan_run(cid, "acme")
    worker = Worker(service.container)
    await worker.step()
    later = await History(service.container).plan_run(cid, "acme", tag="2")
    await worker.dispatch()
    waiting = (await (await api(Scope.READ, "acme")).get("/streams?state=in_progress")).body
    assert {s["stream_id"] for s in waiting} == {
        f"plansync-{later.run_id}",
        later.journal_stream("ea"),
        later.journal_stream("eb"),
    }
    assert all(s["attempts"] == 0 and s["handled_version"] < s["head_version"] for s in waiting)


async def test_the_events_of_a_stream_in_order(api, service):
    cid = await new_connection(service.container, "acme", "books")
    run = await History(service.container).plan_run(cid, "acme")
    reader = await api(Scope.READ, "acme")
    events = (await reader.get(f"/streams/plansync-{run.run_id}/events")).body
    assert [e["type"] for e in events] == ["PlanSyncRequested", "PlanExported", "PlanStaged"]
    assert [e["version"] for e in events] == [1, 2, 3]
    assert events[1]["data"]["task_id"] == run.task_id
    assert events[1]["metadata"]["causation_id"] == str(events[0]["position"])
    page = (await reader.get(f"/streams/plansync-{run.run_id}/events?after_version=1&limit=1")).body
    assert [e["type"] for e in page] == ["PlanExported"]
    assert (await reader.get("/streams/nope/events")).status == 404


async def test_the_log_by_position_pages_and_filters(api, service):
    cid = await new_connection(service.container, "acme", "books")
    run = await History(service.container).plan_run(cid, "acme")
    reader = await api(Scope.READ, "acme")
    first = (await reader.get("/events?from_position=1&limit=4")).body
    assert len(first["events"]) == 4 and first["next_position"] is not None
    rest = (await reader.get(f"/events?from_position={first['next_position']}")).body
    assert rest["next_position"] is None
    positions = [e["position"] for e in first["events"] + rest["events"]]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    assert run.positions["blocked"] in positions
    ranged = (
        await reader.get(
            f"/events?from_position={run.positions['requested']}"
            f"&to_position={run.positions['staged']}"
        )
    ).body
    assert [e["type"] for e in ranged["events"]] == [
        "PlanSyncRequested",
        "PlanExported",
        "PlanStaged",
    ]
    typed = (await reader.get("/events?type=TxnRecorded&type=JournalBlocked")).body
    assert [e["type"] for e in typed["events"]] == ["TxnRecorded", "JournalBlocked"]


async def test_tenants_see_only_their_streams_and_events(api, service):
    await stuck_run(service)
    globex = await new_connection(service.container, "globex", "globex-books")
    other = await History(service.container).plan_run(globex, "globex", tag="g")
    intruder = await api(Scope.ADMIN, "globex")
    assert (await intruder.get("/streams?state=stuck")).body == []
    assert (await intruder.get("/streams/qbwc-user-books/events")).status == 404
    log = (await intruder.get("/events?limit=5000")).body["events"]
    assert log and {e["metadata"].get("tenant_id") for e in log} == {"globex"}
    own = (await intruder.get(f"/streams/plansync-{other.run_id}/events")).body
    assert len(own) == 3
    platform = await api(Scope.READ, None)
    assert len((await platform.get("/streams?state=stuck")).body) == 3


async def test_subscription_lag_is_for_platform_tokens(api, service):
    cid = await new_connection(service.container, "acme", "books")
    await project(service.container)
    await History(service.container).plan_run(cid, "acme")
    platform = await api(Scope.READ, None)
    before = {s["subscription"]: s for s in (await platform.get("/subscriptions")).body}
    assert set(before) == {"connections", "journal_entries", "sync_runs"}
    assert all(s["events_behind"] > 0 and s["seconds_behind"] >= 0 for s in before.values())
    await project(service.container)
    after = (await platform.get("/subscriptions")).body
    assert [(s["events_behind"], s["seconds_behind"]) for s in after] == [(0, 0)] * 3
    assert (await (await api(Scope.ADMIN, "acme")).get("/subscriptions")).status == 403
