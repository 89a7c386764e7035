"""Simulated QuickBooks time, and the faults a session or a company can be made to show."""

import pytest

from simulators.quickbooks import (
    CompanyFile,
    FaultPlan,
    LatencyModel,
    QuickBooksDesktop,
    QuickBooksSession,
    QuickBooksUnavailable,
)
from tests.simulators.conftest import add_journal_entry, journal_entry, one, qbxml, status

QUERY = "<AccountQueryRq><FullName>Occupancy:Rent</FullName></AccountQueryRq>"


def test_quickbooks_time_grows_with_requests_lines_and_rows(company):
    model = LatencyModel(per_message=0.5, per_request=0.1, per_line=0.01, per_row=0.001)
    session = QuickBooksSession(company, latency=model)
    assert session.process(qbxml(QUERY)).qb_seconds == pytest.approx(0.5 + 0.1 + 0.001)
    two_entries = journal_entry(ref="A") + journal_entry(ref="B")
    assert session.process(qbxml(two_entries)).qb_seconds == pytest.approx(0.5 + 0.2 + 0.04)
    parse_error = session.process("<QBXML>")
    assert parse_error.qb_seconds == pytest.approx(0.5)


def test_slowness_adds_time_to_the_next_messages_only(company):
    session = QuickBooksSession(
        company, latency=LatencyModel(per_message=1, per_request=0, per_row=0)
    )
    company.faults.slow_down(30, messages=1)
    assert [session.process(qbxml(QUERY)).qb_seconds for _ in range(2)] == [31, 1]


async def test_sleep_scale_really_waits_a_fraction(company, monkeypatch):
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr("simulators.quickbooks.session.asyncio.sleep", fake_sleep)
    session = QuickBooksSession(
        company, latency=LatencyModel(per_message=2, per_request=0, per_row=0, sleep_scale=0.25)
    )
    await session.process_async(qbxml(QUERY))
    assert slept == [0.5]


def test_an_injected_parse_error_hits_the_next_message(session, company):
    company.faults.fail_next_parses()
    assert session.process(qbxml(QUERY)).hresult == "0x80040400"
    assert session.process(qbxml(QUERY)).hresult == ""


@pytest.mark.parametrize("code", [3170, 3175, 3176, 3180])
def test_lock_errors_hit_the_next_writes_and_not_reads(session, company, code):
    company.faults.lock_next_writes(2, code=code)
    assert status(one(session, QUERY)) == 0
    results = [status(one(session, journal_entry(ref=f"L{n}"))) for n in range(3)]
    assert results == [code, code, 0]
    assert [txn.ref_number for txn in company.txns.values()].count("L2") == 1


def test_invalid_references_can_be_injected(session, company):
    company.faults.reject_next_references()
    response = one(session, journal_entry())
    assert status(response) == 3140 and "Occupancy:Rent" in response.get("statusMessage")
    assert status(one(session, journal_entry())) == 0


def test_a_concurrent_edit_makes_a_fresh_edit_sequence_stale(session, company):
    ret = add_journal_entry(session)
    txn_id = ret.findtext("TxnID")
    company.faults.edit_concurrently_before_next_mods()

    def mod(edit_sequence: str) -> str:
        return (
            f"<JournalEntryModRq><JournalEntryMod><TxnID>{txn_id}</TxnID>"
            f"<EditSequence>{edit_sequence}</EditSequence><RefNumber>X</RefNumber>"
            "</JournalEntryMod></JournalEntryModRq>"
        )

    assert status(one(session, mod(ret.findtext("EditSequence")))) == 3200
    assert status(one(session, mod(company.txns[txn_id].edit_sequence))) == 0


def test_session_faults_stay_in_their_session(company):
    faulty = QuickBooksSession(company, faults=FaultPlan(parse_errors=1))
    healthy = QuickBooksSession(company)
    assert healthy.process(qbxml(QUERY)).hresult == ""
    assert faulty.process(qbxml(QUERY)).hresult == "0x80040400"


def test_a_closed_session_refuses_work(session):
    session.close()
    with pytest.raises(RuntimeError):
        session.process(qbxml(QUERY))


def _unavailable(desktop: QuickBooksDesktop, path: str = "") -> str:
    with pytest.raises(QuickBooksUnavailable) as failure:
        desktop.open_session(path)
    return failure.value.hresult.code


def test_what_the_web_connector_meets_when_quickbooks_is_not_ready(company, clock):
    other = CompanyFile(clock=clock)
    other.settings.path = r"C:\Other.QBW"
    desktop = QuickBooksDesktop(company, other)
    assert desktop.open_session("").company is company
    assert _unavailable(desktop, other.path) == "0x8004040A"
    desktop.modal_dialog = True
    assert _unavailable(desktop) == "0x80040414"
    desktop.modal_dialog = False
    desktop.close_company_file()
    assert _unavailable(desktop) == "0x80040417"
    desktop.close_quickbooks()
    assert _unavailable(desktop) == "0x80040416"
    assert desktop.open_session(other.path).company is other


def test_without_unattended_mode_a_closed_quickbooks_cannot_be_started(company):
    desktop = QuickBooksDesktop(company, running=False)
    desktop.unattended_mode = False
    assert _unavailable(desktop, company.path) == "0x80040408"
