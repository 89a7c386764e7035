"""Full Web Connector cycles over real HTTP: the Web Connector agent simulator driving the
running service, with a simulated QuickBooks answering every message."""

from __future__ import annotations

import pytest
from lxml import etree

from adapters.postgres.blobs import BlobStore
from adapters.qbxml.schema import qbxml_schema
from app.qbwc.work import Abandoned, Applied
from domain.connection import CredentialKind
from domain.qbxml.journal import JournalEntryQuery
from domain.qbxml.reads import TransactionQuery
from domain.qbxml.statuses import Outcome
from simulators.quickbooks import FaultPlan, QuickBooksDesktop
from simulators.webconnector import AgentFaults
from simulators.webconnector import Outcome as Cycle
from tests.support.qbwc import (
    PASSWORD,
    JournalPoster,
    ScriptedSource,
    agent,
    company,
    login_failures,
    qbwc_connection,
    session_events,
)
from tests.support.qbxml import journal_entry
from tests.support.server import running_service, service_settings


@pytest.fixture
async def service(db_url):
    async with running_service(service_settings(db_url)) as svc:
        yield svc


@pytest.fixture
async def small_pages(db_url):
    async with running_service(service_settings(db_url, qbwc_max_page_rows=40)) as svc:
        yield svc


def schema_valid(request_xml: str) -> bool:
    body = request_xml.split("?>", 2)[2].encode()  # after the declaration and the PI
    return qbxml_schema().validate(etree.fromstring(body))


def entries_with_ref(quickbooks, ref: str) -> list:
    return [t for t in quickbooks.txns.values() if t.ref_number == ref]


async def test_a_cycle_batches_journal_entries_and_records_every_exchange(service):
    quickbooks = company()
    await qbwc_connection(service.container, quickbooks)
    poster = JournalPoster()
    for n in range(3):
        poster.post(journal_entry(ref_number=f"PL-27-{n}"))
    service.container.work_sources.append(poster)

    report = await agent(service.url, quickbooks).run_cycle()

    assert report.outcome is Cycle.COMPLETED and not report.last_errors
    assert report.methods == [
        "serverVersion",
        "clientVersion",
        "authenticate",
        "sendRequestXML",
        "receiveResponseXML",  # three queries by RefNumber, batched
        "sendRequestXML",
        "receiveResponseXML",  # three adds, batched
        "closeConnection",
    ]
    assert [
        len(etree.fromstring(m.request_xml.split("?>", 2)[2].encode())[0]) for m in report.messages
    ] == [3, 3]
    assert all(schema_valid(m.request_xml) for m in report.messages)
    assert report.percents == [33, 100]
    assert all(len(entries_with_ref(quickbooks, f"PL-27-{n}")) == 1 for n in range(3))
    events = await session_events(service.container)
    types = [e.type for e in events]
    assert types.count("QbxmlMessageSent") == types.count("QbxmlMessageReceived") == 2
    assert types[0] == "WebConnectorSessionStarted" and types[-1] == "WebConnectorSessionEnded"
    sent = next(e.event for e in events if e.type == "QbxmlMessageSent")
    assert [(r.source, r.key, r.kind) for r in sent.requests] == [
        ("journal-test", f"PL-27-{n}", "JournalEntryQuery") for n in range(3)
    ]
    stored = await BlobStore(service.container.pool).get(sent.body_sha256)
    assert stored.decode() == report.messages[0].request_xml
    logged = " ".join(e.data + e.raw_metadata for e in events)
    assert report.ticket not in logged and PASSWORD not in logged  # never a secret


async def test_the_company_file_report_is_recorded(service):
    quickbooks = company()
    await qbwc_connection(service.container, quickbooks)
    source = ScriptedSource()
    source.add(JournalEntryQuery(ref_numbers=("X",)), "probe")
    service.container.work_sources.append(source)

    await agent(service.url, quickbooks).run_cycle()

    events = await session_events(service.container)
    reported = next(e.event for e in events if e.type == "CompanyFileReported")
    facts = reported.facts
    assert facts.company_file == quickbooks.path and facts.class_tracking is True
    assert facts.product_name.startswith("QuickBooks") and "13.0" in facts.supported_versions
    assert facts.file_id == quickbooks.settings.file_id and facts.file_mode == "MultiUser"
    assert reported.qbxml_version == "13.0"  # min(our 13.0, the 16.0 QuickBooks reports)


async def test_no_work_answers_none_with_a_wait_hint(service):
    quickbooks = company()
    await qbwc_connection(service.container, quickbooks, run_every_minutes=30)

    report = await agent(service.url, quickbooks).run_cycle()

    assert report.outcome is Cycle.NO_WORK and report.auth_status == "none"
    assert report.wait_seconds == 1800
    assert report.methods == ["serverVersion", "clientVersion", "authenticate"]


async def test_bad_credentials_get_nvu_and_repeated_failures_lock_the_user_out(service):
    quickbooks = company()
    cid = await qbwc_connection(service.container, quickbooks)
    source = ScriptedSource()
    source.add(JournalEntryQuery(ref_numbers=("X",)), "probe")
    service.container.work_sources.append(source)

    unknown = await agent(service.url, quickbooks, username="nobody").run_cycle()
    assert unknown.auth_status == "nvu"
    for _ in range(service.container.settings.qbwc_login_max_failures - 1):
        wrong = await agent(service.url, quickbooks, password="wrong").run_cycle()
        assert wrong.outcome is Cycle.AUTH_FAILED and wrong.ticket == ""
    locked = await agent(service.url, quickbooks).run_cycle()  # the right password, too late

    assert locked.outcome is Cycle.AUTH_FAILED  # this address failed too often
    unknown_users = await login_failures(service.container)
    failures = await login_failures(service.container, cid)
    assert [f.reason for f in unknown_users] == ["unknown_user"]
    assert [f.reason for f in failures] == ["bad_password"] * 4 + ["locked"]
    assert failures[-2].locked_until is not None
    assert all("wrong" not in str(f.to_data()) for f in failures)  # never the password


async def test_a_remembered_password_stops_working_the_moment_it_is_changed(service):
    quickbooks = company()
    cid = await qbwc_connection(service.container, quickbooks)
    assert (await agent(service.url, quickbooks).run_cycle()).auth_status != "nvu"
    assert (await agent(service.url, quickbooks).run_cycle()).auth_status != "nvu"  # remembered

    await service.container.connections.set_secret(
        cid, CredentialKind.QBWC_PASSWORD, "a new password", "test"
    )

    assert (await agent(service.url, quickbooks).run_cycle()).auth_status == "nvu"
    renewed = await agent(service.url, quickbooks, password="a new password").run_cycle()
    assert renewed.auth_status != "nvu"


async def test_an_iterated_read_finishes_in_one_session(small_pages):
    service = small_pages
    quickbooks = company(transactions=150)
    await qbwc_connection(service.container, quickbooks)
    source = ScriptedSource()
    source.add(TransactionQuery(max_returned=40), "all-lines", iterate=True)
    service.container.work_sources.append(source)

    report = await agent(service.url, quickbooks).run_cycle()

    assert report.outcome is Cycle.COMPLETED
    pages = [seen.response for seen in source.accepted]
    assert len(pages) > 2 and pages[-1].remaining == 0
    assert [seen.planned.page for seen in source.accepted] == list(range(1, len(pages) + 1))
    assert len({seen.session_id for seen in source.accepted}) == 1
    rows = sum(len(page.records) for page in pages)
    assert rows == sum(len(t.lines) for t in quickbooks.txns.values())
    iterators = {
        etree.fromstring(m.request_xml.split("?>", 2)[2].encode())[0][0].get("iterator")
        for m in report.messages
    }
    assert iterators == {"Start", "Continue"}
    assert report.percents[-1] == 100 and report.percents == sorted(report.percents)


async def test_a_lost_iterator_restarts_the_read(small_pages, monkeypatch):
    service = small_pages
    quickbooks = company(transactions=100)
    await qbwc_connection(service.container, quickbooks)
    source = ScriptedSource()
    source.add(TransactionQuery(max_returned=50), "all-lines", iterate=True)
    service.container.work_sources.append(source)
    forget_iterators_once(monkeypatch)

    report = await agent(service.url, quickbooks).run_cycle()

    assert report.outcome is Cycle.COMPLETED
    outcomes = [(seen.planned.page, seen.response.outcome) for seen in source.accepted]
    assert outcomes[:2] == [(1, Outcome.OK), (2, Outcome.RESTART_READ)]
    assert outcomes[2][0] == 1  # started again from the first page
    assert source.accepted[-1].response.read_finished
    assert source.accepted[-1].planned.restarts == 1


def forget_iterators_once(monkeypatch) -> None:
    """QuickBooks loses the iterator after the first page (the simulator has no knob for
    this, so the test reaches into its session)."""
    from simulators.quickbooks.session import QuickBooksSession

    original = QuickBooksSession.process_async
    state = {"done": False}

    async def process(self, request_xml):
        result = await original(self, request_xml)
        if not state["done"] and "iteratorRemainingCount" in result.response_xml:
            state["done"] = True
            self._iterators.close()
        return result

    monkeypatch.setattr(QuickBooksSession, "process_async", process)


async def test_a_bad_reference_reaches_its_source_and_is_not_retried(service):
    quickbooks = company()
    await qbwc_connection(service.container, quickbooks)
    poster = JournalPoster()
    poster.post(journal_entry(ref_number="PL-BAD", klass="No Such Class"))
    poster.post(journal_entry(ref_number="PL-GOOD"))
    service.container.work_sources.append(poster)

    report = await agent(service.url, quickbooks).run_cycle()

    assert report.outcome is Cycle.COMPLETED and report.percents[-1] == 100
    assert poster.postings["PL-BAD"].failed.startswith("3140")
    assert poster.postings["PL-GOOD"].posted is not None
    assert ("JournalEntryAdd", Outcome.BAD_REFERENCE) in poster.outcomes
    assert not entries_with_ref(quickbooks, "PL-BAD")


async def test_locked_records_are_resent_in_the_same_session(service):
    quickbooks = company()
    await qbwc_connection(service.container, quickbooks)
    poster = JournalPoster()
    poster.post(journal_entry(ref_number="PL-LOCK"))
    service.container.work_sources.append(poster)
    faults = FaultPlan()
    faults.lock_next_writes(2, code=3175)

    report = await agent(service.url, quickbooks, qb_faults=faults).run_cycle()

    assert report.outcome is Cycle.COMPLETED
    assert poster.outcomes.count(("JournalEntryAdd", Outcome.RESEND)) == 2
    assert poster.postings["PL-LOCK"].posted is not None
    assert len(entries_with_ref(quickbooks, "PL-LOCK")) == 1


async def test_quickbooks_parse_errors_fail_the_message_once_and_never_loop(service):
    quickbooks = company()
    await qbwc_connection(service.container, quickbooks)
    source = ScriptedSource()
    source.add(JournalEntryQuery(ref_numbers=("X",)), "probe")
    service.container.work_sources.append(source)
    faults = FaultPlan()
    faults.fail_next_parses(1)

    report = await agent(service.url, quickbooks, qb_faults=faults).run_cycle()

    assert report.outcome is Cycle.COMPLETED and report.percents == [-1]
    assert (
        "0x80040400" in report.last_errors[0]
        and "Nothing in it was applied" in report.last_errors[0]
    )
    (abandoned,) = source.abandoned
    assert (abandoned.reason.kind, abandoned.reason.applied) == (
        Abandoned.QUICKBOOKS_ERROR,
        Applied.NO,
    )
    types = [e.type for e in await session_events(service.container)]
    assert "QbxmlMessageFailed" in types and types[-1] == "WebConnectorSessionEnded"


async def test_connection_error_ends_the_cycle_and_the_work_waits_for_the_next(service):
    quickbooks = company()
    await qbwc_connection(service.container, quickbooks)
    poster = JournalPoster()
    poster.post(journal_entry(ref_number="PL-LATER"))
    service.container.work_sources.append(poster)
    desktop = QuickBooksDesktop(quickbooks, open_file=None)  # QuickBooks open, no file

    failed = await agent(service.url, desktop).run_cycle()

    assert failed.outcome is Cycle.CONNECTION_ERROR
    assert failed.connection_errors[0][2] == "done"
    ended = [
        e.event
        for e in await session_events(service.container)
        if e.type == "WebConnectorSessionEnded"
    ]
    assert ended[-1].reason == "connection_error"
    desktop.open_company_file(quickbooks.path)
    later = await agent(service.url, desktop).run_cycle()
    assert later.outcome is Cycle.COMPLETED
    assert poster.postings["PL-LATER"].posted is not None


async def test_a_connection_lost_after_quickbooks_applied_an_add_never_duplicates_it(service):
    quickbooks = company()
    await qbwc_connection(service.container, quickbooks)
    poster = JournalPoster()
    poster.post(journal_entry(ref_number="PL-ONCE"))
    service.container.work_sources.append(poster)
    faults = AgentFaults()
    faults.lose_connection_after_apply(exchange=2)  # the add: QuickBooks applies it

    lost = await agent(service.url, quickbooks, faults=faults).run_cycle()

    assert lost.outcome is Cycle.LOST_CONNECTION
    assert (
        len(entries_with_ref(quickbooks, "PL-ONCE")) == 1
        and poster.postings["PL-ONCE"].posted is None
    )
    again = await agent(service.url, quickbooks).run_cycle()
    assert again.outcome is Cycle.COMPLETED
    assert len(entries_with_ref(quickbooks, "PL-ONCE")) == 1  # found by RefNumber, not re-added
    assert (
        poster.postings["PL-ONCE"].posted.txn_id
        == entries_with_ref(quickbooks, "PL-ONCE")[0].txn_id
    )
    ended = [
        e.event
        for e in await session_events(service.container)
        if e.type == "WebConnectorSessionEnded"
    ]
    assert [e.reason for e in ended] == ["superseded", "closed"]
    abandoned = [
        e.event for e in await session_events(service.container) if e.type == "WorkAbandoned"
    ]
    assert [(a.key, a.reason, a.applied) for a in abandoned] == [
        ("PL-ONCE", "connection_lost", "unknown")
    ]
