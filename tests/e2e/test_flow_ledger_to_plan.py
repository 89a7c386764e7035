"""Ledger -> plan end to end: QuickBooks actuals read through the Web Connector, imported
into the Anaplan model, and budget vs actual correct to the cent."""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal

import pytest

from simulators import firm
from simulators.anaplan import LINE_ITEMS, TIME, VERSIONS
from tests.support.flows import firm_world

PNL = {"Income": -1, "OtherIncome": -1, "CostOfGoodsSold": 1, "Expense": 1, "OtherExpense": 1}
MONTHS = {1: "Jan 27", 2: "Feb 27", 3: "Mar 27"}


@pytest.fixture
async def world(db_url):
    async with firm_world(db_url, transactions=400) as w:
        yield w


def expected_actuals(company) -> dict[tuple[str, str, str], Decimal]:
    """Computed from the company file directly: P&L lines of Jan-Mar 2027 in natural sign,
    by Anaplan member names (the firm's own mapping tables), our plan entries left out."""
    account_names = {firm.ACCOUNT_MAPPING[code]: name for code, name in firm.ANAPLAN_ACCOUNTS}
    center_names = {
        firm.COST_CENTER_MAPPING[code]: name for code, name in firm.ANAPLAN_COST_CENTERS
    }
    totals: dict[tuple[str, str, str], int] = defaultdict(int)
    for txn in company.txns.values():
        if txn.voided or txn.txn_date.month not in MONTHS or txn.txn_date.year != 2027:
            continue
        for line in txn.lines:
            sign = PNL.get(line.account.account_type)
            if (
                sign is None
                or "[mlc:" in (line.memo or "")
                or line.account.full_name not in account_names
            ):
                continue
            center = center_names.get(line.qb_class.full_name, "") if line.qb_class else ""
            key = (account_names[line.account.full_name], center, MONTHS[txn.txn_date.month])
            totals[key] += sign * line.signed
    return {k: Decimal(v) / 100 for k, v in totals.items() if v}


def imported_actuals(world) -> dict[tuple[str, str, str], Decimal]:
    cells = {}
    for account, center, month in expected_actuals(world.company):
        coords = {
            "GL Accounts": account,
            "Cost Centers": center,
            VERSIONS: "Actual",
            TIME: month,
            LINE_ITEMS: "Amount",
        }
        if center:
            cells[(account, center, month)] = world.model.module.value(coords)
    return cells


async def imported(world, run_id: str) -> bool:
    return await world.run_status(run_id) in ("completed", "completed_with_errors", "failed")


async def test_month_end_actuals_land_in_the_model_and_variance_is_right_to_the_cent(world):
    run = await world.actuals_sync("2027-01", "2027-03")
    await world.until(lambda: imported(world, run))
    assert await world.run_status(run) in ("completed", "completed_with_errors")
    expected = {k: v for k, v in expected_actuals(world.company).items() if k[1]}
    assert expected and imported_actuals(world) == expected
    plan = await world.plan_sync()
    await world.until(lambda: world.posted(plan))
    await _settled(world)
    row = await world.service.container.pool.fetchrow(
        "SELECT * FROM budget_vs_actual WHERE connection_id = $1 AND version = 'Budget' "
        "AND period = '2027-01' AND account = 'Professional Fees:Consulting Fees' "
        "AND class_name = 'Strategy Consulting'",
        world.connection_id,
    )
    budget = firm.budget()[("4010", "CC100", "2027-01")]
    actual = expected[("Consulting Fees", "Strategy Consulting", "Jan 27")]
    assert (row["plan_amount"], row["actual_amount"]) == (budget, actual)
    assert row["variance"] == actual - budget
    assert row["sync_status"] == "posted"


async def test_reimporting_a_month_replaces_its_values(world):
    first = await world.actuals_sync("2027-01", "2027-01")
    await world.until(lambda: imported(world, first))
    before = imported_actuals(world)
    # a January bill is voided in QuickBooks; the next import must lower, not add
    bill = next(
        t
        for t in world.company.txns.values()
        if t.txn_type == "Bill" and t.txn_date.month == 1 and not t.voided
    )
    world.company.void(bill)
    second = await world.actuals_sync("2027-01", "2027-01")
    await world.until(lambda: imported(world, second))
    after = imported_actuals(world)
    expected = {k: v for k, v in expected_actuals(world.company).items() if k[1]}
    jan = {k: v for k, v in expected.items() if k[2] == "Jan 27"}
    assert {k: v for k, v in after.items() if k[2] == "Jan 27" and v} == jan
    assert after != before


async def _settled(world) -> None:
    from projections.runner import ProjectionRunner
    from tests.support.ops import all_readable

    await all_readable(world.service.container.pool)
    for projection in world.service.container.projections:
        await ProjectionRunner(world.service.container.pool, projection).catch_up()


async def test_a_closed_month_is_checked_against_the_trial_balance(db_url):
    from datetime import date

    from simulators.quickbooks import CompanyFile, seed_company
    from simulators.quickbooks.settings import CompanySettings

    company = CompanyFile(CompanySettings(company_name=firm.COMPANY_NAME, path=firm.COMPANY_FILE))
    seed_company(company, transactions=300, start=date(2026, 1, 1), end=date(2026, 3, 31))
    async with firm_world(db_url, company=company) as world:
        first = await world.actuals_sync("2026-01", "2026-03")
        await world.until(lambda: imported(world, first))
        # (the model plans FY2027 only, so Anaplan refuses these 2026 rows: not this test's point)
        checks = await world.service.container.pool.fetch(
            "SELECT data FROM events WHERE event_type = 'ActualsReconciled'"
        )
        [check] = [json.loads(r["data"]) for r in checks]
        assert check["as_of"] == "2026-03-31" and check["accounts_checked"] > 10
        assert check["differences"] == []
        # a change the incremental read never saw: the next run must say so
        await world.service.container.pool.execute(
            "DELETE FROM ledger_lines WHERE ctid IN (SELECT ctid FROM ledger_lines "
            "WHERE account LIKE 'Professional Fees:%' AND txn_date < '2026-02-01' LIMIT 1)"
        )
        second = await world.actuals_sync("2026-01", "2026-03")
        await world.until(lambda: imported(world, second))
        status, detail = await world.service.container.pool.fetchrow(
            "SELECT status, detail FROM sync_runs WHERE run_id = $1", second
        )
        assert status == "completed_with_errors"
        assert "trial balance as of 2026-03-31 disagrees: Professional Fees:" in detail
        first_detail = await world.service.container.pool.fetchval(
            "SELECT detail FROM sync_runs WHERE run_id = $1", first
        )
        assert "disagrees" not in first_detail
