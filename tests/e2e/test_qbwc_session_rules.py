"""Session rules over real HTTP: stale edits, NoOp, refusals, client versions, expiry."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from app.qbwc.service import UNKNOWN_SESSION
from app.qbwc.work import AbandonReason, Budget, PlannedRequest, SessionInfo, WorkState
from domain import codec
from domain.qbwc.session import SessionState, fold
from domain.qbxml.journal import JournalEntryMod, JournalEntryQuery, JournalLineMod
from domain.qbxml.responses import JournalEntryRet, QbxmlResponse
from domain.qbxml.statuses import Outcome
from simulators.quickbooks import FaultPlan, Product, QuickBooksDesktop
from simulators.webconnector import Outcome as Cycle
from simulators.webconnector.soap import reply_strings, reply_text
from tests.support.qbwc import (
    ScriptedSource,
    agent,
    company,
    qbwc_connection,
    session_events,
    soap,
)
from tests.support.qbxml import journal_entry
from tests.support.server import running_service, service_settings


@pytest.fixture
async def service(db_url):
    async with running_service(service_settings(db_url)) as svc:
        yield svc


@dataclass
class Amender:
    """Changes one journal line's amount with JournalEntryMod; on a stale EditSequence
    (3200) it re-queries the entry by TxnID and applies the change again."""

    txn_id: str
    edit_sequence: str
    line_ids: tuple[str, ...]
    name: str = "amender"
    stage: str = "mod"
    outcomes: list[Outcome] = field(default_factory=list)

    async def has_work(self, connection_id: str) -> WorkState:
        return WorkState.NONE if self.stage == "done" else WorkState.READY

    async def plan(self, session: SessionInfo, budget: Budget) -> Sequence[PlannedRequest]:
        if self.stage == "requery":
            return [PlannedRequest(request=JournalEntryQuery(txn_ids=(self.txn_id,)), key="q")]
        # A Mod that lists lines replaces them all: list every line, change the first.
        first, *rest = self.line_ids
        lines = (
            JournalLineMod(txn_line_id=first, memo="amended"),
            *(JournalLineMod(txn_line_id=line) for line in rest),
        )
        mod = JournalEntryMod(txn_id=self.txn_id, edit_sequence=self.edit_sequence, lines=lines)
        return [PlannedRequest(request=mod, key="mod")]

    async def accept(
        self, session: SessionInfo, planned: PlannedRequest, response: QbxmlResponse
    ) -> None:
        self.outcomes.append(response.outcome)
        if response.outcome is Outcome.STALE:
            self.stage = "requery"
        elif planned.key == "q":
            (entry,) = [r for r in response.records if isinstance(r, JournalEntryRet)]
            self.edit_sequence, self.stage = entry.edit_sequence, "mod"
        else:
            self.stage = "done"

    async def abandon(
        self, session: SessionInfo, planned: PlannedRequest, reason: AbandonReason
    ) -> None:
        self.stage = "requery"


async def test_a_stale_edit_sequence_is_requeried_and_the_change_applied(service):
    quickbooks = company()
    await qbwc_connection(service.container, quickbooks)
    entry = next(t for t in quickbooks.txns.values() if t.txn_type == "JournalEntry")
    amender = Amender(
        entry.txn_id, entry.edit_sequence, tuple(line.line_id for line in entry.lines)
    )
    service.container.work_sources.append(amender)
    faults = FaultPlan()
    faults.edit_concurrently_before_next_mods(1)

    report = await agent(service.url, quickbooks, qb_faults=faults).run_cycle()

    assert report.outcome is Cycle.COMPLETED
    assert amender.outcomes == [Outcome.STALE, Outcome.OK, Outcome.OK]
    assert quickbooks.txns[entry.txn_id].lines[0].memo == "amended"


@dataclass
class SlowExport(ScriptedSource):
    """Work that is waiting on something (an Anaplan export, say) for a few asks."""

    asks_until_ready: int = 3

    async def has_work(self, connection_id: str) -> WorkState:
        if self.asks_until_ready > 0:
            self.asks_until_ready -= 1
            return WorkState.WAITING
        return await super().has_work(connection_id)


async def test_work_that_is_not_ready_gets_noop_then_flows_in_the_same_session(service):
    quickbooks = company()
    await qbwc_connection(service.container, quickbooks)
    source = SlowExport(name="slow")
    source.add(journal_entry(ref_number="PL-WAIT"), "entry")
    service.container.work_sources.append(source)

    report = await agent(service.url, quickbooks).run_cycle()

    assert report.outcome is Cycle.COMPLETED and report.noops >= 1
    assert "getLastError" in report.methods and not report.last_errors
    assert source.accepted[0].response.outcome is Outcome.OK
    types = [e.type for e in await session_events(service.container)]
    assert "WebConnectorWaitedForWork" in types and types.count("WebConnectorSessionStarted") == 1


async def test_waiting_is_bounded_and_ends_the_update_cleanly(db_url):
    async with running_service(service_settings(db_url, qbwc_noop_limit_seconds=0)) as svc:
        quickbooks = company()
        await qbwc_connection(svc.container, quickbooks)
        svc.container.work_sources.append(ScriptedSource(waiting=True))

        report = await agent(svc.url, quickbooks).run_cycle()

    assert report.outcome is Cycle.COMPLETED and report.noops == 0
    assert "not ready yet" in report.last_errors[0]
    assert report.close_message.startswith("ml-connector:")


async def test_work_from_several_sources_shares_one_message(service):
    quickbooks = company()
    await qbwc_connection(service.container, quickbooks)
    first, second = ScriptedSource(name="first"), ScriptedSource(name="second")
    first.add(JournalEntryQuery(ref_numbers=("A",)), "a")
    second.add(journal_entry(ref_number="PL-B"), "b")
    service.container.work_sources.extend([first, second])

    report = await agent(service.url, quickbooks).run_cycle()

    assert len(report.messages) == 1
    assert first.accepted[0].planned.request_id == "1.1"
    assert second.accepted[0].planned.request_id == "1.2"
    assert second.accepted[0].response.outcome is Outcome.OK


async def test_a_quickbooks_too_old_for_qbxml_13_is_told_why(service):
    old = Product("QuickBooks Pro 2012", 22, 0, "US", ("10.0", "11.0", "12.0"))
    quickbooks = company(product=old)
    await qbwc_connection(service.container, quickbooks)
    source = ScriptedSource()
    source.add(JournalEntryQuery(ref_numbers=("A",)), "a")
    service.container.work_sources.append(source)

    report = await agent(service.url, quickbooks).run_cycle()

    assert report.outcome is Cycle.COMPLETED and not report.messages
    assert "supports qbXML up to 12.0" in report.last_errors[0]
    assert not source.accepted and not source.abandoned


async def test_the_wrong_company_file_is_refused(service):
    quickbooks = company()
    cid = await qbwc_connection(service.container, quickbooks)
    connection = await service.container.connections.load(cid)
    quickbooks.settings.file_id = "{11111111-2222-3333-4444-555555555555}"  # another file
    source = ScriptedSource()
    source.add(journal_entry(ref_number="PL-NOPE"), "a")
    service.container.work_sources.append(source)

    report = await agent(service.url, quickbooks).run_cycle()

    assert connection.settings.quickbooks.file_id != quickbooks.settings.file_id
    assert not report.messages and "not the one this connection" in report.last_errors[0]


async def test_a_minimum_client_version_is_enforced(service):
    quickbooks = company()
    await qbwc_connection(service.container, quickbooks, min_client_version="2.3.0.300")
    source = ScriptedSource()
    source.add(JournalEntryQuery(ref_numbers=("A",)), "a")
    service.container.work_sources.append(source)

    first = await agent(service.url, quickbooks, client_version="2.3.0.215").run_cycle()
    second = await agent(service.url, quickbooks, client_version="2.3.0.215").run_cycle()
    upgraded = await agent(service.url, quickbooks, client_version="2.3.0.307").run_cycle()

    # The first contact cannot be matched to a company file before authenticate: the
    # session is refused with the reason; from then on clientVersion itself says O:.
    assert not first.messages and "Web Connector 2.3.0.300 or later" in first.last_errors[0]
    assert second.outcome is Cycle.ABORTED and second.client_version_reply == "O:2.3.0.300"
    assert upgraded.outcome is Cycle.COMPLETED and upgraded.client_version_reply == ""
    assert source.accepted


async def test_an_older_web_connector_is_warned_and_goes_on(db_url):
    settings = service_settings(db_url, qbwc_recommended_client_version="2.3.0.215")
    async with running_service(settings) as service:
        quickbooks = company()
        await qbwc_connection(service.container, quickbooks)
        source = ScriptedSource()
        source.add(JournalEntryQuery(ref_numbers=("A",)), "a")
        service.container.work_sources.append(source)
        report = await agent(service.url, quickbooks, client_version="2.1.0.30").run_cycle()
    assert (
        report.client_version_reply.startswith("W:") and "2.3.0.215" in report.client_version_reply
    )
    assert report.outcome is Cycle.COMPLETED and source.accepted


async def test_rpc_style_bodies_complete_a_cycle(service):
    quickbooks = company()
    await qbwc_connection(service.container, quickbooks)
    source = ScriptedSource()
    source.add(journal_entry(ref_number="PL-RPC"), "a")
    service.container.work_sources.append(source)

    report = await agent(service.url, quickbooks, rpc_style=True).run_cycle()

    assert report.outcome is Cycle.COMPLETED
    assert source.accepted[0].response.outcome is Outcome.OK


async def test_unknown_and_expired_tickets_are_refused_on_every_method(service):
    quickbooks = company()
    await qbwc_connection(service.container, quickbooks)
    source = ScriptedSource()
    source.add(JournalEntryQuery(ref_numbers=("A",)), "a")
    service.container.work_sources.append(source)
    _, body = await soap(
        service.url,
        "authenticate",
        [("strUserName", "harborline"), ("strPassword", "correct horse battery staple")],
    )
    ticket, company_file = reply_strings("authenticate", body)
    assert len(ticket) >= 43 and company_file == ""  # 256 random bits, base64url
    start = service.container.clock()
    service.container.clock = lambda: (
        start + timedelta(seconds=service.container.settings.qbwc_ticket_idle_seconds + 1)
    )

    for name in (ticket, "not-a-ticket"):
        assert await text(service, "sendRequestXML", ticket=name) == ""
        assert await text(service, "receiveResponseXML", ticket=name, response="<QBXML/>") == "-1"
        assert await text(service, "getLastError", ticket=name) == UNKNOWN_SESSION
        assert await text(service, "connectionError", ticket=name) == "done"
        assert await text(service, "closeConnection", ticket=name) == "Session closed."
    ended = [
        e.event
        for e in await session_events(service.container)
        if e.type == "WebConnectorSessionEnded"
    ]
    assert [e.reason for e in ended] == ["expired"]
    assert source.queue  # nothing was planned: the work waits for a new session


async def text(service, method: str, **params: str) -> str:
    defaults = {
        "sendRequestXML": [
            ("strHCPResponse", ""),
            ("strCompanyFileName", ""),
            ("qbXMLCountry", "US"),
            ("qbXMLMajorVers", 13),
            ("qbXMLMinorVers", 0),
        ],
        "receiveResponseXML": [("hresult", ""), ("message", "")],
        "connectionError": [("hresult", "0x80040408"), ("message", "Could not start QuickBooks.")],
    }
    values = [(name, value) for name, value in params.items()] + defaults.get(method, [])
    status, body = await soap(service.url, method, values)
    assert status == 200
    return reply_text(method, body)


async def test_the_stored_session_state_is_the_fold_of_its_events(service):
    quickbooks = company(transactions=80)
    await qbwc_connection(service.container, quickbooks)
    source = ScriptedSource()
    source.add(journal_entry(ref_number="PL-FOLD"), "a")
    source.add(JournalEntryQuery(max_returned=10), "read", iterate=True)
    service.container.work_sources.append(source)

    await agent(service.url, quickbooks).run_cycle()

    (row,) = await service.container.pool.fetch(
        "SELECT session_id, state::text, version FROM qbwc_sessions"
    )
    events = await service.container.store.read_stream(f"qbwc-session-{row['session_id']}")
    stored = codec.from_dict(SessionState, json.loads(row["state"]))
    assert fold([e.event for e in events]) == stored
    assert row["version"] == len(events) and stored.ended and stored.requests_sent >= 2


async def test_a_named_company_file_is_opened_even_with_quickbooks_closed(service):
    quickbooks = company()
    await qbwc_connection(service.container, quickbooks, company_file=quickbooks.path)
    source = ScriptedSource()
    source.add(JournalEntryQuery(ref_numbers=("A",)), "a")
    service.container.work_sources.append(source)
    desktop = QuickBooksDesktop(quickbooks, open_file=None, running=False)

    report = await agent(service.url, desktop).run_cycle()

    assert report.auth_status == quickbooks.path  # authenticate's second string
    assert report.outcome is Cycle.COMPLETED and source.accepted
