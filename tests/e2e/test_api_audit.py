"""Audit trails over HTTP: causes, the record's own events and their effects, in order."""

from __future__ import annotations

import pytest

from domain.access import Scope
from tests.support.ops import History, Worker, new_connection, project


@pytest.fixture
async def run(service):
    cid = await new_connection(service.container, "acme", "books")
    run = await History(service.container).plan_run(cid, "acme")
    await project(service.container)
    return run


def chain(trail: dict) -> list[tuple[str, str]]:
    return [(e["role"], e["type"]) for e in trail["events"]]


CAUSES = [("cause", "PlanSyncRequested"), ("cause", "PlanExported"), ("cause", "PlanStaged")]


async def test_a_journal_entry_by_ref_number_from_the_plan_to_quickbooks(api, run):
    trail = await (await api(Scope.READ, "acme")).get(f"/audit/journal-entries/{run.posted_ref}")
    assert trail.status == 200
    assert chain(trail.body) == [
        *CAUSES,
        ("subject", "JournalStaged"),
        ("subject", "TxnRecorded"),
    ]
    positions = [e["position"] for e in trail.body["events"]]
    assert positions == sorted(positions)
    staged = trail.body["events"][3]
    assert staged["caused_by"] == run.positions["staged"]
    assert staged["correlation_id"] == run.run_id
    assert trail.body["events"][0]["actor"] == "token:ops"


async def test_the_same_trail_by_txn_id_and_effects_of_operator_actions(api, service, run):
    worker = Worker(service.container)
    worker.reactor.broken = "company file closed"
    await worker.step()
    worker.reactor.broken = None
    operator = await api(Scope.OPERATOR, "acme")
    await operator.post(f"/streams/{run.journal_stream('ea')}/retry")
    await worker.step()
    trail = (await operator.get(f"/audit/journal-entries/{run.txn_id}")).body
    assert chain(trail)[3:] == [
        ("subject", "JournalStaged"),
        ("subject", "TxnRecorded"),
        ("effect", "StreamParked"),
        ("effect", "StreamRetryRequested"),
        ("effect", "StreamRecovered"),
    ]
    assert trail["events"][-2]["actor"] == operator.actor


async def test_a_run_from_its_request_to_every_entry(api, run):
    trail = (await (await api(Scope.READ, "acme")).get(f"/audit/syncs/{run.run_id}")).body
    assert chain(trail) == [
        ("subject", "PlanSyncRequested"),
        ("subject", "PlanExported"),
        ("subject", "PlanStaged"),
        ("effect", "JournalStaged"),
        ("effect", "JournalStaged"),
        ("effect", "TxnRecorded"),
        ("effect", "JournalBlocked"),
    ]


async def test_an_anaplan_task_a_plan_version_and_any_event(api, run):
    reader = await api(Scope.READ, "acme")
    task = (await reader.get(f"/audit/anaplan-tasks/{run.task_id}")).body
    assert chain(task)[:3] == [
        ("cause", "PlanSyncRequested"),
        ("subject", "PlanExported"),
        ("effect", "PlanStaged"),
    ]
    assert len(task["events"]) == 7
    version = (
        await reader.get(f"/audit/connections/{run.connection_id}/plan-versions/Budget")
    ).body
    assert chain(version) == [
        *CAUSES,
        ("subject", "JournalStaged"),
        ("subject", "JournalStaged"),
        ("subject", "TxnRecorded"),
        ("subject", "JournalBlocked"),
    ]
    one = (await reader.get(f"/audit/events/{run.positions['entry_b']}")).body
    assert chain(one) == [*CAUSES, ("subject", "JournalStaged"), ("effect", "JournalBlocked")]
    assert one["truncated"] is False


async def test_unknown_records_and_other_tenants_records_are_not_found(api, run):
    intruder = await api(Scope.ADMIN, "globex")
    for path in (
        f"/audit/journal-entries/{run.posted_ref}",
        f"/audit/journal-entries/{run.txn_id}",
        f"/audit/syncs/{run.run_id}",
        f"/audit/anaplan-tasks/{run.task_id}",
        f"/audit/connections/{run.connection_id}/plan-versions/Budget",
        f"/audit/events/{run.positions['requested']}",
    ):
        assert (await intruder.get(path)).status == 404, path
    reader = await api(Scope.READ, "acme")
    assert (await reader.get("/audit/journal-entries/NOPE")).status == 404
    assert (await reader.get("/audit/syncs/nope")).status == 404
    assert (await reader.get("/audit/events/999999")).status == 404


async def test_a_ref_number_shared_by_two_connections_needs_the_connection(api, service, run):
    other = await new_connection(service.container, "acme", "books-2")
    await History(service.container).plan_run(other, "acme")  # same refs, another file
    await project(service.container)
    reader = await api(Scope.READ, "acme")
    ambiguous = await reader.get(f"/audit/journal-entries/{run.posted_ref}")
    assert ambiguous.status == 409 and run.connection_id in ambiguous.body["detail"]
    chosen = await reader.get(
        f"/audit/journal-entries/{run.posted_ref}?connection_id={run.connection_id}"
    )
    assert chosen.status == 200
    assert len(chosen.body["events"]) == 5
    assert not [e for e in chosen.body["events"] if other[:6] in e["stream_id"]]
