"""Plan -> ledger end to end: the real service, worker and Web Connector SOAP, against the
Anaplan simulator (the demo firm's budget) and QuickBooks behind a simulated Web Connector."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace

import pytest

from simulators import firm
from tests.support.flows import CALLER, firm_world


@pytest.fixture
async def world(db_url):
    async with firm_world(db_url) as w:
        yield w


async def test_an_approved_plan_posts_once_as_balanced_entries(world):
    run = await world.plan_sync()
    await world.until(lambda: world.posted(run))
    entries = await world.entries()
    assert entries and all(e["status"] == "posted" for e in entries)
    posted = world.our_journal_entries()
    assert len(posted) == len(entries)
    refs = Counter(t.ref_number for t in posted)
    assert all(count == 1 for count in refs.values())  # nothing posted twice
    for txn in posted:
        debit = sum(ln.amount for ln in txn.lines if ln.is_debit)
        credit = sum(ln.amount for ln in txn.lines if not ln.is_debit)
        assert debit == credit
    versions = {e["version"] for e in entries}
    assert versions == {"Budget", "Forecast"}
    assert len({e["period"] for e in entries}) == len(firm.PLAN_MONTHS)


def qb_amounts(world, ref: str) -> dict[tuple[str, str | None], int]:
    [txn] = [t for t in world.our_journal_entries() if t.ref_number == ref]
    return {
        (ln.account.full_name, ln.qb_class.full_name if ln.qb_class else None): ln.amount
        for ln in txn.lines
    }


async def test_a_rerun_posts_nothing_new(world):
    first = await world.plan_sync()
    await world.until(lambda: world.posted(first))
    before = {t.txn_id: t.edit_sequence for t in world.our_journal_entries()}
    again = await world.plan_sync()
    await world.until(lambda: world.posted(again))
    staged = await world.service.container.pool.fetchrow(
        "SELECT rows_out, detail FROM sync_runs WHERE run_id = $1", again
    )
    assert staged["rows_out"] == 0 and "unchanged" in staged["detail"]
    assert {t.txn_id: t.edit_sequence for t in world.our_journal_entries()} == before


async def test_a_forecast_revision_modifies_the_posted_entry_in_place(world):
    first = await world.plan_sync()
    await world.until(lambda: world.posted(first))
    entries = {(e["version"], e["period"]): e for e in await world.entries()}
    september = entries[("Forecast", "2027-09")]
    before = {t.txn_id: t for t in world.our_journal_entries()}[september["txn_id"]]
    edit_sequence = before.edit_sequence
    world.set_plan("Forecast", {("Consulting Fees", "Strategy Consulting", "Sep 27"): 700_000})
    revised = await world.plan_sync()
    await world.until(lambda: world.posted(revised))
    after = {(e["version"], e["period"]): e for e in await world.entries()}
    assert after[("Forecast", "2027-09")]["revision"] == 2
    assert after[("Forecast", "2027-09")]["txn_id"] == september["txn_id"]  # modified, not re-added
    txn = {t.txn_id: t for t in world.our_journal_entries()}[september["txn_id"]]
    assert txn.edit_sequence != edit_sequence
    line = next(
        ln
        for ln in txn.lines
        if ln.account.full_name == "Professional Fees:Consulting Fees"
        and ln.qb_class
        and ln.qb_class.full_name == "Strategy Consulting"
    )
    assert line.amount == 70_000_000  # cents
    assert sum(ln.amount for ln in txn.lines if ln.is_debit) == sum(
        ln.amount for ln in txn.lines if not ln.is_debit
    )
    untouched = after[("Forecast", "2027-10")]
    assert untouched["revision"] == 1


async def test_a_revision_that_changes_shape_voids_and_posts_again(world):
    first = await world.plan_sync()
    await world.until(lambda: world.posted(first))
    entries = {(e["version"], e["period"]): e for e in await world.entries()}
    old_txn = entries[("Budget", "2027-03")]["txn_id"]
    world.set_plan("Budget", {("Consulting Fees", "People", "Mar 27"): 1234.56})  # a new line
    revised = await world.plan_sync()
    await world.until(lambda: world.posted(revised))
    march = {(e["version"], e["period"]): e for e in await world.entries()}[("Budget", "2027-03")]
    assert march["revision"] == 2 and march["txn_id"] != old_txn
    assert world.company.txns[old_txn].voided
    refs = Counter(t.ref_number for t in world.our_journal_entries())
    assert refs[march["ref_number"]] == 1  # one live entry for the plan's March budget


async def test_an_unmapped_member_stops_its_entry_with_every_problem_listed_and_the_rest_posts(
    world,
):
    model = world.sim.tenant.model(world.model.model_id)
    model.list_named("GL Accounts").add("Crypto Mining Income", "4999")
    model.list_named("Cost Centers").add("Moon Base", "CC999")
    world.set_plan(
        "Budget",
        {
            ("Crypto Mining Income", "Strategy Consulting", "Apr 27"): 10,
            ("Consulting Fees", "Moon Base", "Apr 27"): 20,
        },
    )
    run = await world.plan_sync()
    await world.until(lambda: world.posted(run))
    rejected = await world.service.container.pool.fetch(
        "SELECT data FROM events WHERE event_type = 'PlanEntryRejected'"
    )
    [problem] = [json.loads(r["data"]) for r in rejected]
    assert (problem["version"], problem["period"]) == ("Budget", "2027-04")
    assert problem["problems"] == [
        "Anaplan account 'Crypto Mining Income' -> account 'Crypto Mining Income' does not exist "
        "in QuickBooks",
        "Anaplan cost center 'Moon Base' -> class 'Moon Base' does not exist in QuickBooks",
    ]
    periods = {(e["version"], e["period"]) for e in await world.entries()}
    assert ("Budget", "2027-04") not in periods and ("Budget", "2027-05") in periods
    assert all(e["status"] == "posted" for e in await world.entries())


async def test_quickbooks_closed_means_the_entries_wait_for_the_next_cycle(world):
    run = await world.plan_sync()
    world.desktop.close_quickbooks()
    reports = []
    for _ in range(40):
        reports.append(await world.cycle())
        if reports[-1].outcome.value == "connection_error":
            break
    assert reports[-1].outcome.value == "connection_error"
    assert not world.our_journal_entries()
    world.desktop.open_company_file(world.company.settings.path)
    await world.until(lambda: world.posted(run))
    assert len(world.our_journal_entries()) == len(await world.entries())


async def test_a_connection_lost_after_quickbooks_applied_an_add_posts_nothing_twice(world):
    run = await world.plan_sync()
    for exchange in (2, 3):  # the first adds land in QuickBooks, their answers never reach us
        world.agent.faults.lose_connection_after_apply(exchange=exchange)
    await world.until(lambda: world.posted(run), cycles=30)
    refs = Counter(t.ref_number for t in world.our_journal_entries())
    assert refs and max(refs.values()) == 1
    recovered = await world.service.container.pool.fetchval(
        "SELECT count(*) FROM events WHERE event_type = 'TxnRecorded' "
        "AND data->>'operation' = 'query'"
    )
    assert recovered >= 1  # found by the next session's lookup instead of added again


async def test_missing_classes_are_created_in_quickbooks_when_the_connection_allows_it(world):
    view = await world.ops.connections.get(CALLER, world.connection_id)
    allowed = replace(view.settings, allow_creating_classes=True)
    await world.ops.connections.update(CALLER, world.connection_id, allowed)
    model = world.sim.tenant.model(world.model.model_id)
    model.list_named("Cost Centers").add("Sustainability Advisory", "CC300")
    world.set_plan("Budget", {("Consulting Fees", "Sustainability Advisory", "May 27"): 4321})
    run = await world.plan_sync()
    await world.until(lambda: world.posted(run))
    assert world.company.classes.find("Sustainability Advisory") is not None
    entries = {(e["version"], e["period"]): e for e in await world.entries()}
    assert ("Budget", "2027-05") in entries, await world.log_summary()
    may = entries[("Budget", "2027-05")]
    assert may["status"] == "posted"
    [txn] = [t for t in world.our_journal_entries() if t.ref_number == may["ref_number"]]
    assert any(
        ln.qb_class and ln.qb_class.full_name == "Sustainability Advisory" for ln in txn.lines
    )
