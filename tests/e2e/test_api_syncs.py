"""Sync runs over HTTP: requests as events, progress from the read models, errors."""

from __future__ import annotations

from domain.access import Scope
from domain.events import ActualsSyncRequested, PlanSyncRequested
from tests.support.ops import History, new_connection, project


async def test_a_plan_sync_request_is_an_event_and_readable_at_once(api, service):
    cid = await new_connection(service.container, "acme", "books")
    operator = await api(Scope.OPERATOR, "acme")
    reply = await operator.post(
        f"/connections/{cid}/syncs/plan-to-ledger", {"reason": "FY27 approved"}
    )
    assert reply.status == 202
    run_id = reply.body["run_id"]
    assert reply.body["stream_id"] == f"plansync-{run_id}"
    assert reply.headers["Location"] == f"/syncs/{run_id}"
    [event] = await service.container.store.read_stream(f"plansync-{run_id}")
    assert event.event == PlanSyncRequested(
        run_id=run_id, connection_id=cid, requested_by=operator.actor, reason="FY27 approved"
    )
    assert (event.metadata.tenant_id, event.metadata.correlation_id) == ("acme", run_id)
    # before any worker has projected it
    shown = await operator.get(f"/syncs/{run_id}")
    assert shown.status == 200
    assert (shown.body["run"]["status"], shown.body["run"]["kind"]) == (
        "requested",
        "plan_to_ledger",
    )


async def test_an_actuals_sync_carries_its_month_range(api, service):
    cid = await new_connection(service.container, "acme", "books")
    operator = await api(Scope.OPERATOR, "acme")
    reply = await operator.post(
        f"/connections/{cid}/syncs/ledger-to-plan",
        {"first_period": "Jan 27", "last_period": "2027-03"},
    )
    assert reply.status == 202
    [event] = await service.container.store.read_stream(reply.body["stream_id"])
    assert isinstance(event.event, ActualsSyncRequested)
    assert (event.event.first_period, event.event.last_period) == ("2027-01", "2027-03")
    await project(service.container)
    shown = (await operator.get(f"/syncs/{reply.body['run_id']}")).body["run"]
    assert (shown["first_period"], shown["last_period"], shown["kind"]) == (
        "2027-01",
        "2027-03",
        "ledger_to_plan",
    )


async def test_bad_ranges_and_disabled_connections_are_refused(api, service):
    cid = await new_connection(service.container, "acme", "books")
    operator = await api(Scope.OPERATOR, "acme")
    path = f"/connections/{cid}/syncs/ledger-to-plan"
    backwards = await operator.post(path, {"first_period": "2027-03", "last_period": "2027-01"})
    assert backwards.status == 422
    nonsense = await operator.post(path, {"first_period": "13/27", "last_period": "2027-01"})
    assert nonsense.status == 422 and "not a month" in nonsense.body["detail"]
    await operator.post(f"/connections/{cid}/disable", {"reason": "maintenance"})
    refused = await operator.post(f"/connections/{cid}/syncs/plan-to-ledger", {})
    assert refused.status == 409 and "disabled" in refused.body["detail"]


async def test_runs_list_with_the_progress_of_their_entries(api, service):
    cid = await new_connection(service.container, "acme", "books")
    run = await History(service.container).plan_run(cid, "acme")
    await project(service.container)
    reader = await api(Scope.READ, "acme")
    [listed] = (await reader.get("/syncs")).body
    assert listed["run_id"] == run.run_id and listed["status"] == "staged"
    counts = {k: listed[k] for k in listed if k.startswith("entries")}
    assert counts == {
        "entries": 2,
        "entries_pending": 0,
        "entries_posted": 1,
        "entries_blocked": 1,
        "entries_rejected": 0,
        "entries_voided": 0,
    }
    assert listed["ended_at"] is not None  # nothing is pending any more
    assert (await reader.get(f"/syncs?connection_id={cid}&status=failed")).body == []
    assert len((await reader.get(f"/syncs?connection_id={cid}&status=staged")).body) == 1


async def test_one_run_shows_its_entries_and_errors(api, service):
    cid = await new_connection(service.container, "acme", "books")
    run = await History(service.container).plan_run(cid, "acme")
    await project(service.container)
    detail = (await (await api(Scope.READ, "acme")).get(f"/syncs/{run.run_id}")).body
    by_ref = {e["ref_number"]: e for e in detail["entries"]}
    assert by_ref[run.posted_ref]["status"] == "posted"
    assert by_ref[run.posted_ref]["txn_id"] == run.txn_id
    assert by_ref[run.blocked_ref]["status"] == "blocked"
    assert by_ref[run.blocked_ref]["last_error"] == "account 'Old Expense' is inactive"
    [error] = detail["errors"]
    assert error["event_type"] == "JournalBlocked"
    assert error["message"] == "entry eb blocked: account 'Old Expense' is inactive"
    assert error["position"] == run.positions["blocked"]


async def test_runs_of_other_tenants_are_invisible_and_triggering_needs_the_operator(api, service):
    cid = await new_connection(service.container, "acme", "books")
    run = await History(service.container).plan_run(cid, "acme")
    await project(service.container)
    intruder = await api(Scope.ADMIN, "globex")
    assert (await intruder.get("/syncs")).body == []
    assert (await intruder.get(f"/syncs/{run.run_id}")).status == 404
    assert (await intruder.post(f"/connections/{cid}/syncs/plan-to-ledger", {})).status == 404
    reader = await api(Scope.READ, "acme")
    assert (await reader.post(f"/connections/{cid}/syncs/plan-to-ledger", {})).status == 403
    platform = await api(Scope.READ, None)
    assert [r["run_id"] for r in (await platform.get("/syncs")).body] == [run.run_id]
