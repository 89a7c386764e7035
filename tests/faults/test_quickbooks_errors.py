"""QuickBooks refusing, stalling or going away while the plan posts: lock errors are sent
again, a stale EditSequence is looked up again, a bad reference stops only its entry
(with the reason) until the cause is fixed and the operator retries, and a closed
QuickBooks only delays the posting."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from simulators.quickbooks.statuses import LOCK_CODES
from tests.faults.world import fault_world


@pytest.fixture
async def world(db_url, spares):
    async with fault_world(db_url, spares) as w:
        yield w


async def events(world, event_type: str) -> list[dict]:
    rows = await world.pool.fetch(
        "SELECT data FROM events WHERE event_type = $1 ORDER BY position", event_type
    )
    return [json.loads(r["data"]) for r in rows]


async def posted_run(world) -> str:
    run = await world.firm.plan_sync()
    await world.finish([run])
    return run


@pytest.mark.parametrize("code", LOCK_CODES)
async def test_a_locked_company_file_is_written_again_once_the_lock_is_gone(world, code):
    world.firm.company.faults.lock_next_writes(3, code=code)
    run = await posted_run(world)

    refused = [e for e in await events(world, "JournalPostRejected") if e["status_code"] == code]
    assert len(refused) == 3 and all(e["retryable"] for e in refused)
    await world.check([run])
    await world.check_complete([run])


async def revise_march_budget(world) -> None:
    """A planner changes one amount: same lines, so the posted entry is modified."""
    world.firm.set_plan("Budget", {("Consulting Fees", "Strategy Consulting", "Mar 27"): 98_765})


async def test_an_entry_edited_by_another_user_is_looked_up_again_then_modified(world):
    first = await posted_run(world)
    before = {e["ref_number"]: e for e in await world.firm.entries()}
    await revise_march_budget(world)
    world.firm.company.faults.edit_concurrently_before_next_mods(1)
    revised = await posted_run(world)

    [stale] = [e for e in await events(world, "JournalPostRejected") if e["status_code"] == 3200]
    assert stale["operation"] == "mod"
    after = {e["ref_number"]: e for e in await world.firm.entries()}
    [changed] = [ref for ref, e in after.items() if e["revision"] == 2]
    assert after[changed]["txn_id"] == before[changed]["txn_id"]  # modified in place
    txn = world.firm.company.txns[after[changed]["txn_id"]]
    amounts = {
        (ln.account.full_name, ln.qb_class.full_name if ln.qb_class else None): ln.amount
        for ln in txn.lines
    }
    assert amounts[("Professional Fees:Consulting Fees", "Strategy Consulting")] == 9_876_500
    await world.check([first, revised])
    await world.check_complete([first, revised])


async def test_a_reference_quickbooks_refuses_stops_its_entry_until_fixed_and_retried(world):
    # One entry uses a class nobody else does; someone makes it inactive in QuickBooks
    # after ml-connector read the chart of accounts.
    world.firm.set_plan(
        "Budget", {("Training Revenue", "Training Academy", "Jan 27"): Decimal("1234.56")}
    )
    await world.read_chart()
    run = await world.firm.plan_sync()
    await world.staged(run)  # no Web Connector update yet: nothing posted
    academy = world.firm.company.classes.lookup(None, "Training Academy")
    world.firm.company.set_active(academy, False)
    await world.finish([run])

    entries = await world.firm.entries()
    [refused] = [e for e in entries if e["status"] == "rejected"]
    assert (refused["version"], refused["period"]) == ("Budget", "2027-01")
    assert "3140" in refused["last_error"] and "Training Academy" in refused["last_error"]
    assert all(e["status"] == "posted" for e in entries if e is not refused)
    await world.check([run])
    [stuck] = await world.stuck_or_failed()
    assert stuck["state"] == "failed" and "3140" in stuck["last_error"]

    world.firm.company.set_active(academy, True)  # the cause, fixed in QuickBooks
    retried = await world.retry_everything()
    assert [r.journal_entry for r in retried] == [refused["entry_id"]]
    await world.finish([run])
    await world.check([run])
    await world.check_complete([run])
    [txn] = [t for t in world.firm.our_journal_entries() if t.ref_number == refused["ref_number"]]
    assert any(ln.qb_class and ln.qb_class.full_name == "Training Academy" for ln in txn.lines)


async def refused_to_connect(world, outcomes: list[str]) -> bool:
    """One Web Connector update; True once it could not reach QuickBooks."""
    outcomes.append((await world.firm.cycle()).outcome.value)
    return outcomes[-1] == "connection_error"


def close(world, what: str) -> None:
    if what == "quickbooks":
        world.firm.desktop.close_quickbooks()
    else:
        world.firm.desktop.close_company_file()


async def quickbooks_unreachable(world, run: str, status: str) -> None:
    """Web Connector updates until one could not open QuickBooks while the run was in
    `status` (waiting for the chart, or staged with entries to post)."""
    outcomes = []
    await world.cycle_until(
        lambda: refused_to_connect(world, outcomes), "the Web Connector to report it"
    )
    assert await world.firm.run_status(run) == status


@pytest.mark.parametrize("closed", ["quickbooks", "company file"])
async def test_quickbooks_closed_then_open_again_posts_everything_once(world, closed):
    close(world, closed)
    run = await world.firm.plan_sync()
    await quickbooks_unreachable(world, run, "waiting")  # for the chart of accounts
    assert not world.firm.our_journal_entries()
    world.firm.desktop.open_company_file(world.firm.company.settings.path)
    await world.finish([run])

    close(world, closed)
    await revise_march_budget(world)
    revised = await world.firm.plan_sync()
    await quickbooks_unreachable(world, revised, "staged")
    [pending] = [e for e in await world.firm.entries() if e["status"] == "pending"]
    assert pending["revision"] == 2
    world.firm.desktop.open_company_file(world.firm.company.settings.path)
    await world.finish([revised])
    await world.check([run, revised])
    await world.check_complete([run, revised])
    assert len(world.firm.our_journal_entries()) == len(await world.firm.entries())
