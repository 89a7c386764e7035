"""Find a stuck stream, read why, fix the cause, retry it, see it complete; re-drive; rebuild."""

from __future__ import annotations

from domain.access import Scope
from domain.envelope import Metadata
from domain.events import PlanExportFailed
from domain.ports import AppendRequest
from tests.support.ops import History, Worker, all_readable, new_connection, project

TABLES = ("connections", "sync_runs", "journal_entries", "bva_plan_lines", "bva_actuals")


async def stuck(service, tenant: str = "acme", username: str = "books"):
    cid = await new_connection(service.container, tenant, username)
    run = await History(service.container).plan_run(cid, tenant)
    worker = Worker(service.container)
    worker.reactor.broken = "QuickBooks company file is not open"
    await worker.step()
    return cid, run, worker


async def types_of(service, stream: str) -> list[str]:
    return [e.type for e in await service.container.store.read_stream(stream)]


async def test_an_operator_finds_reads_fixes_and_retries_a_stuck_stream(api, service):
    _, run, worker = await stuck(service)
    operator = await api(Scope.OPERATOR, "acme")
    journal = run.journal_stream("ea")

    stuck_now = {s["stream_id"] for s in (await operator.get("/streams?state=stuck")).body}
    assert journal in stuck_now
    trail = (await operator.get(f"/audit/journal-entries/{run.posted_ref}")).body
    parked = [e for e in trail["events"] if e["type"] == "StreamParked"]
    assert parked[0]["data"]["error"] == "PermanentError: QuickBooks company file is not open"

    worker.reactor.broken = None  # the operator opened the company file
    retried = await operator.post(f"/streams/{journal}/retry")
    assert retried.status == 200
    assert retried.body == {
        "stream_id": journal,
        "unparked": ["test-poster"],
        "journal_entry": None,
        "new_run": None,
    }
    await worker.step()
    completed = {s["stream_id"] for s in (await operator.get("/streams?state=completed")).body}
    assert journal in completed
    parking = f"parking-test-poster-{journal}"
    assert await types_of(service, parking) == [
        "StreamParked",
        "StreamRetryRequested",
        "StreamRecovered",
    ]
    [retry] = [e for e in await service.container.store.read_stream(parking)][1:2]
    assert retry.metadata.actor == operator.actor
    assert retry.metadata.correlation_id == run.run_id
    assert (await operator.post(f"/streams/{journal}/retry")).status == 409  # nothing to retry


async def test_retrying_a_connection_retries_all_its_stuck_and_failed_streams(api, service):
    cid, run, worker = await stuck(service)
    worker.reactor.broken = None
    operator = await api(Scope.OPERATOR, "acme")
    reply = await operator.post(f"/connections/{cid}/retry")
    assert reply.status == 200
    by_stream = {r["stream_id"]: r for r in reply.body}
    assert set(by_stream) == {
        f"plansync-{run.run_id}",
        run.journal_stream("ea"),
        run.journal_stream("eb"),
    }
    assert by_stream[run.journal_stream("eb")]["journal_entry"] == "eb"  # blocked: posted again
    assert by_stream[run.journal_stream("ea")]["journal_entry"] is None  # posted already
    assert await types_of(service, run.journal_stream("eb")) == [
        "JournalStaged",
        "JournalBlocked",
        "JournalRetryRequested",
    ]
    await worker.step()
    assert (await operator.get("/streams?state=stuck")).body == []
    shown = (await operator.get(f"/syncs/{run.run_id}")).body
    assert {e["ref_number"]: e["status"] for e in shown["entries"]} == {
        run.posted_ref: "posted",
        run.blocked_ref: "pending",  # back in the posting flow's hands
    }
    assert (await operator.post(f"/connections/{cid}/retry")).body == []


async def test_a_failed_run_is_retried_as_a_new_run(api, service):
    cid = await new_connection(service.container, "acme", "books")
    operator = await api(Scope.OPERATOR, "acme")
    run_id = (await operator.post(f"/connections/{cid}/syncs/plan-to-ledger", {})).body["run_id"]
    failed = PlanExportFailed(run_id=run_id, connection_id=cid, error="export action not found")
    meta = Metadata(tenant_id="acme", connection_id=cid, correlation_id=run_id)
    await service.container.store.append(
        AppendRequest(f"plansync-{run_id}", "plansync", [failed], metadata=meta)
    )
    await project(service.container)
    [listed] = (await operator.get("/streams?state=failed")).body
    assert listed["last_error"] == "export action not found"
    reply = await operator.post(f"/streams/plansync-{run_id}/retry")
    new_run = reply.body["new_run"]
    assert new_run and new_run != run_id
    [event] = await service.container.store.read_stream(f"plansync-{new_run}")
    assert event.event.reason == f"retry of run {run_id}"
    await project(service.container)
    assert (await operator.get("/streams?state=failed")).body == []  # superseded


async def test_redriving_a_stream_handles_it_again_from_the_chosen_event(api, service):
    cid = await new_connection(service.container, "acme", "books")
    run = await History(service.container).plan_run(cid, "acme")
    worker = Worker(service.container)
    await worker.step()
    stream = f"plansync-{run.run_id}"
    assert worker.reactor.seen.count((stream, 1)) == 1
    operator = await api(Scope.OPERATOR, "acme")
    reply = await operator.post(
        f"/streams/{stream}/redrive", {"consumer": "test-poster", "from_version": 1}
    )
    assert reply.status == 200
    assert reply.body == {
        "consumer": "test-poster",
        "stream_id": stream,
        "from_version": 1,
        "head_version": 1,
    }
    await worker.step()
    assert worker.reactor.seen.count((stream, 1)) == 2
    assert await types_of(service, f"parking-test-poster-{stream}") == ["StreamRedriven"]
    again = await operator.post(
        f"/streams/{stream}/redrive", {"consumer": "test-poster", "from_version": 1}
    )
    assert again.status == 200  # idempotent: the cursor is simply there again
    bad = await operator.post(
        f"/streams/{stream}/redrive", {"consumer": "test-poster", "from_version": 9}
    )
    assert bad.status == 422
    unknown = await operator.post(
        f"/streams/{stream}/redrive", {"consumer": "nobody", "from_version": 1}
    )
    assert unknown.status == 404


async def test_retry_and_redrive_respect_tenants_and_scopes(api, service):
    _, run, _ = await stuck(service)
    journal = run.journal_stream("ea")
    intruder = await api(Scope.ADMIN, "globex")
    assert (await intruder.post(f"/streams/{journal}/retry")).status == 404
    redrive = {"consumer": "test-poster", "from_version": 1}
    assert (await intruder.post(f"/streams/{journal}/redrive", redrive)).status == 404
    reader = await api(Scope.READ, "acme")
    assert (await reader.post(f"/streams/{journal}/retry")).status == 403
    assert (await reader.post(f"/streams/{journal}/redrive", redrive)).status == 403
    assert (await reader.post(f"/connections/{run.connection_id}/retry")).status == 403
    assert (await intruder.post(f"/connections/{run.connection_id}/retry")).status == 404


async def snapshot(service) -> dict[str, list]:
    pool = service.container.pool
    return {
        table: [tuple(r) for r in await pool.fetch(f"SELECT * FROM {table} ORDER BY 1, 2, 3")]
        for table in TABLES
    }


async def test_rebuilding_from_zero_or_from_any_position_gives_identical_read_models(api, service):
    cid = await new_connection(service.container, "acme", "books")
    history = History(service.container)
    run = await history.plan_run(cid, "acme")
    await history.actuals(cid, "acme", "2027-01", "120.00")
    await project(service.container)
    before = await snapshot(service)
    assert before["journal_entries"] and before["bva_actuals"]
    platform = await api(Scope.ADMIN, None)
    everything = await platform.post("/replay/projections", {})
    assert everything.status == 200
    assert {r["projection"] for r in everything.body} == {
        "connections",
        "journal_entries",
        "sync_runs",
    }
    assert await snapshot(service) == before
    middle = run.positions["entry_b"]
    await all_readable(service.container.pool)  # the rebuilds' own events, just appended
    partial = await platform.post(
        "/replay/projections", {"projection": "journal_entries", "from_position": middle}
    )
    assert partial.body == [
        {"projection": "journal_entries", "from_position": middle, "events_applied": 3 + 1 + 3}
    ]
    assert await snapshot(service) == before
    rebuilt = await types_of(service, "projection-journal_entries")
    assert rebuilt == ["ProjectionRebuilt", "ProjectionRebuilt"]


async def test_rebuilds_need_an_admin_platform_token_and_a_known_projection(api):
    assert (await (await api(Scope.ADMIN, "acme")).post("/replay/projections", {})).status == 403
    assert (await (await api(Scope.OPERATOR, None)).post("/replay/projections", {})).status == 403
    platform = await api(Scope.ADMIN, None)
    unknown = await platform.post("/replay/projections", {"projection": "nope"})
    assert unknown.status == 422 and "known: connections" in unknown.body["detail"]
    beyond = await platform.post("/replay/projections", {"from_position": 10**9})
    assert beyond.status == 422
