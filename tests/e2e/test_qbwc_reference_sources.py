"""The chart-of-accounts and ledger reference sources against a simulated QuickBooks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from adapters.postgres.ledger import LedgerMirror
from app.qbwc.sources.chart import ChartOfAccounts
from app.qbwc.sources.ledger import LedgerReader, ledger_stream
from domain.qbxml.enums import SummaryReportType
from domain.qbxml.refs import DateRange
from domain.qbxml.timestamps import QbTimestamp
from simulators import firm
from simulators.quickbooks.model import LineDraft
from simulators.webconnector import AgentFaults
from simulators.webconnector import Outcome as Cycle
from tests.support.qbwc import agent, company, qbwc_connection
from tests.support.server import running_service, service_settings


@pytest.fixture
async def service(db_url):
    async with running_service(service_settings(db_url, qbwc_max_page_rows=100)) as svc:
        svc.chart = next(s for s in svc.container.work_sources if isinstance(s, ChartOfAccounts))
        svc.ledger = next(s for s in svc.container.work_sources if isinstance(s, LedgerReader))
        svc.mirror = LedgerMirror(svc.container.pool)
        yield svc


def postings(quickbooks) -> dict[tuple[str, str], tuple[str, str | None, Decimal]]:
    return {
        (txn.txn_id, line.line_id): (
            line.account.full_name,
            line.qb_class.full_name if line.qb_class else None,
            Decimal(line.signed) / 100,
        )
        for txn in quickbooks.txns.values()
        for line in txn.lines
    }


async def mirrored(service, cid: str) -> dict[tuple[str, str], tuple[str, str | None, Decimal]]:
    return {
        (line.txn_id, line.txn_line_id): (line.account, line.class_name, line.amount)
        for line in await service.mirror.lines(cid)
        if not line.deleted
    }


async def test_the_chart_is_read_and_missing_classes_added(service):
    quickbooks = company()
    cid = await qbwc_connection(service.container, quickbooks)
    wanted = ("Strategy Consulting:Pricing", "Innovation Lab")
    await service.chart.request(cid, "test", add_classes=wanted)

    report = await agent(service.url, quickbooks).run_cycle()

    assert report.outcome is Cycle.COMPLETED and report.percents[-1] == 100
    chart = await service.chart.latest(cid)
    assert chart.class_tracking is True
    assert {a.full_name for a in chart.accounts} == {a.full_name for a in firm.ACCOUNTS}
    rent = next(a for a in chart.accounts if a.full_name == "Occupancy:Rent")
    assert (rent.account_type, rent.number, rent.is_active) == ("Expense", "6110", True)
    assert (
        rent.balance
        == Decimal(quickbooks.balance(quickbooks.accounts.find("Occupancy:Rent"))) / 100
    )
    assert not next(a for a in chart.accounts if a.full_name == "Fax Services").is_active
    names = {c.full_name for c in chart.classes}
    assert set(wanted) <= names and quickbooks.classes.find("Strategy Consulting:Pricing")
    assert await service.chart.has_work(cid) == "none"


async def test_a_chart_without_class_tracking_has_no_classes(service):
    quickbooks = company(class_tracking=False)
    cid = await qbwc_connection(service.container, quickbooks)
    await service.chart.request(cid, "test")

    await agent(service.url, quickbooks).run_cycle()

    chart = await service.chart.latest(cid)
    assert chart.class_tracking is False and chart.classes == () and chart.accounts


async def test_the_first_sync_mirrors_every_posted_line_with_its_class(service):
    quickbooks = company(transactions=200)
    cid = await qbwc_connection(service.container, quickbooks)
    await service.ledger.request_sync(cid, "test")

    report = await agent(service.url, quickbooks).run_cycle()

    assert report.outcome is Cycle.COMPLETED and report.percents[-1] == 100
    assert await mirrored(service, cid) == postings(quickbooks)
    state = await service.ledger.state(cid)
    newest = max(t.time_modified for t in quickbooks.txns.values())
    assert state.checkpoint == quickbooks.timezone.format(newest) and state.sync is None
    events = [e.event for e in await service.container.store.read_stream(ledger_stream(cid))]
    pages = [e for e in events if type(e).__name__ == "LedgerPageRead" and e.read == "changes"]
    assert sum(p.rows for p in pages) == len(postings(quickbooks)) and pages[-1].remaining == 0
    assert len({e.session_id for e in pages}) == 1


async def test_the_next_sync_reads_changes_since_the_checkpoint_with_an_overlap(service):
    quickbooks = company(transactions=120)
    cid = await qbwc_connection(service.container, quickbooks)
    await service.ledger.request_sync(cid, "test")
    await agent(service.url, quickbooks).run_cycle()
    first = await service.ledger.state(cid)

    quickbooks.clock.advance(hours=3)
    edited, gone = _change_a_class_and_delete(quickbooks)
    added = _post_journal_entry(quickbooks)
    await service.ledger.request_sync(cid, "test")
    report = await agent(service.url, quickbooks).run_cycle()

    assert report.outcome is Cycle.COMPLETED
    assert await mirrored(service, cid) == postings(quickbooks)
    lines = {(line.txn_id, line.txn_line_id): line for line in await service.mirror.lines(cid)}
    assert all(lines[key].deleted for key in lines if key[0] == gone)
    assert lines[(edited.txn_id, edited.lines[0].line_id)].class_name == "Executive Office"
    assert any(key[0] == added.txn_id for key in lines)
    events = [e.event for e in await service.container.store.read_stream(ledger_stream(cid))]
    changes = [e for e in events if type(e).__name__ == "LedgerPageRead" and e.read == "changes"]
    latest = changes[-1]
    start = QbTimestamp.parse(first.checkpoint).earlier_by(_overlap(service))
    assert latest.window_start == start.text()  # same offset QuickBooks wrote
    assert latest.rows < len(postings(quickbooks)) / 4  # only what changed (and the overlap)
    advanced = [e for e in events if type(e).__name__ == "LedgerCheckpointAdvanced"]
    assert advanced[-1].previous_modified == first.checkpoint
    assert (
        QbTimestamp.parse(advanced[-1].modified_checkpoint).wall
        > QbTimestamp.parse(first.checkpoint).wall
    )


def _overlap(service):
    from datetime import timedelta

    return timedelta(minutes=service.container.settings.ledger_overlap_minutes)


def _change_a_class_and_delete(quickbooks):
    txns = [
        t for t in quickbooks.txns.values() if t.header is None and t.txn_type == "JournalEntry"
    ]
    edited, gone = txns[0], txns[1]
    executive = quickbooks.classes.find("Executive Office")
    drafts = [
        LineDraft(
            account=line.account,
            amount=line.amount,
            is_debit=line.is_debit,
            memo=line.memo,
            qb_class=executive if n == 0 else line.qb_class,
            line_id=line.line_id,
        )
        for n, line in enumerate(edited.lines)
    ]
    quickbooks.replace_lines(edited, drafts)
    quickbooks.mark_modified(edited)
    quickbooks.delete(gone)
    return edited, gone.txn_id


def _post_journal_entry(quickbooks):
    rent = quickbooks.accounts.find("Occupancy:Rent")
    offset = quickbooks.accounts.find("Accrued Liabilities:Budget Offset")
    lines = [
        LineDraft(
            account=rent,
            amount=12_345,
            is_debit=True,
            qb_class=quickbooks.classes.find("IT & Facilities"),
        ),
        LineDraft(account=offset, amount=12_345, is_debit=False),
    ]
    return quickbooks.record("JournalEntry", date(2027, 7, 15), lines, ref_number="NEW-1")


async def test_a_lost_connection_mid_sync_restarts_it_in_the_next_session(service):
    quickbooks = company(transactions=150)
    cid = await qbwc_connection(service.container, quickbooks)
    await service.ledger.request_sync(cid, "test")
    faults = AgentFaults()
    faults.lose_connection_after_apply(exchange=2)

    lost = await agent(service.url, quickbooks, faults=faults).run_cycle()
    assert lost.outcome is Cycle.LOST_CONNECTION
    assert (await service.ledger.state(cid)).checkpoint is None
    again = await agent(service.url, quickbooks).run_cycle()

    assert again.outcome is Cycle.COMPLETED
    assert await mirrored(service, cid) == postings(quickbooks)
    events = [e.event for e in await service.container.store.read_stream(ledger_stream(cid))]
    assert [type(e).__name__ for e in events].count("LedgerSyncInterrupted") >= 1
    assert (await service.ledger.state(cid)).checkpoint is not None


async def test_closed_period_reports_are_read_whole(service):
    quickbooks = company(transactions=150)
    cid = await qbwc_connection(service.container, quickbooks)
    january = DateRange(date(2027, 1, 1), date(2027, 1, 31))
    tb = await service.ledger.request_report(cid, "test", SummaryReportType.TRIAL_BALANCE, january)
    pnl = await service.ledger.request_report(
        cid, "test", SummaryReportType.PROFIT_AND_LOSS_BY_CLASS, january
    )

    report = await agent(service.url, quickbooks).run_cycle()

    assert report.outcome is Cycle.COMPLETED
    events = [e.event for e in await service.container.store.read_stream(ledger_stream(cid))]
    reads = {e.report_id: e.report for e in events if type(e).__name__ == "LedgerReportRead"}
    trial = reads[tb]
    debit, credit = trial.column_ids("Debit")[0], trial.column_ids("Credit")[0]
    total = next(row for row in trial.rows if row.kind == "TotalRow")
    assert total.value(debit) == total.value(credit) and Decimal(total.value(debit)) > 0
    assert any(row.row_type == "account" for row in trial.rows)
    by_class = reads[pnl]
    assert by_class.title == "Profit & Loss by Class"
    assert {"Strategy Consulting", "TOTAL"} <= {t for c in by_class.columns for t in c.titles}
    assert (await service.ledger.state(cid)).reports == ()
