"""Parsing QuickBooks' answers: real captured payloads, and the simulated QuickBooks's
answers to every request the product can send."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from adapters.qbxml.hcp import company_file_facts
from adapters.qbxml.parse import UnreadableResponse, parse_response
from adapters.qbxml.render import OutgoingRequest, render_message
from domain.qbxml.requests import TransactionQuery
from domain.qbxml.responses import AccountRet, JournalEntryRet, TransactionRet
from domain.qbxml.rules import prepared
from domain.qbxml.statuses import Outcome
from simulators.quickbooks import QuickBooksSession, SimulatedClock, demo_company
from tests.support.qbxml import every_request

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "qbwc"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text()


def test_a_journal_entry_add_response_gives_ids_and_edit_sequence():
    (response,) = parse_response(fixture("JournalEntryAddRs.status0.xml"))
    (entry,) = response.records
    assert isinstance(entry, JournalEntryRet)
    assert (response.request_id, response.outcome) == ("1", Outcome.OK)
    assert (entry.txn_id, entry.edit_sequence) == ("BF5E-1828899527", "1828899527")
    assert [line.txn_line_id for line in entry.lines] == ["BF5F-1828899527", "BF60-1828899527"]
    assert entry.lines[1].account.full_name == "Other Expense:Interest Expense"
    assert entry.time_modified.text() == "2027-12-15T12:38:47-07:00"


def test_a_batch_response_gives_one_status_per_request_in_order():
    responses = parse_response(
        fixture("Batch.ItemInventoryQueryRs-1.SalesOrderAddRs-0.SalesOrderAddRs-3140.xml")
    )
    assert [r.status.code for r in responses] == [1, 1, 0, 3140]
    assert responses[3].outcome is Outcome.BAD_REFERENCE
    assert "invalid reference" in responses[3].status.message


def test_iterator_attributes_are_read():
    (response,) = parse_response(fixture("CustomerQueryRs.iterator-remaining18.xml"))
    assert response.iterator_id == "{eb05f701-e727-472f-8ade-6753c4f67a46}"
    assert response.remaining == 18 and not response.read_finished


def test_account_balances_are_read():
    (response,) = parse_response(fixture("AccountAddRs.status0.with-Balance.xml"))
    (account,) = response.records
    assert isinstance(account, AccountRet)
    assert (account.account_type, account.balance) == ("Income", Decimal("0.00"))


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("CustomerQueryRs.status500-warn.xml", 500),
        ("CustomerQueryRs.status3120-error.xml", 3120),
        ("ItemServiceAddRs.status3100.xml", 3100),
    ],
)
def test_warnings_and_errors_are_read(name, code):
    (response,) = parse_response(fixture(name))
    assert response.status.code == code and response.records == ()


def test_the_hcp_response_describes_the_company_file():
    facts = company_file_facts(
        fixture("HostQuery-CompanyQuery-PreferencesQuery.strHCPResponse.QBPro2006.xml"),
        company_file=r"C:\KPALMER\QBW\Test Company.QBW",
        country="US",
        major=5,
        minor=0,
        owner_id="{68B5925B-4347-4784-E58D-35A2D190962F}",
    )
    assert facts.product_name == "QuickBooks Pro 2006"
    assert facts.supported_versions[-1] == "5.0" and facts.file_mode == "SingleUser"
    assert facts.file_id == "{ee032e95-47f7-2564-096f-2d4545fcb021}"
    assert facts.class_tracking is False


def test_a_malformed_hcp_response_leaves_the_facts_unknown_instead_of_failing():
    facts = company_file_facts(
        fixture(
            "HostQuery-CompanyQuery-PreferencesQuery.strHCPResponse.QBPro2014.AS-PUBLISHED-NOT-WELLFORMED.xml"
        ),
        company_file="C:\\a.QBW",
        country="US",
        major=13,
        minor=0,
        owner_id="{512349B1-1111-2222-3333-000DE1813D20}",
    )
    assert not facts.hcp_readable and facts.product_name is None
    assert facts.reported_version == "13.0"


@pytest.mark.parametrize(
    "text",
    [
        "not xml",
        '<!DOCTYPE x [<!ENTITY e "boom">]><QBXML><QBXMLMsgsRs/></QBXML>',
        "<QBXML><Other/></QBXML>",
        '<QBXML><QBXMLMsgsRs><TransactionQueryRs statusCode="0"><TransactionRet>'
        "<TimeModified>yesterday</TimeModified></TransactionRet></TransactionQueryRs>"
        "</QBXMLMsgsRs></QBXML>",
    ],
)
def test_unreadable_responses_raise_one_clear_error(text):
    with pytest.raises(UnreadableResponse):
        parse_response(text)


@pytest.fixture(scope="module")
def quickbooks() -> QuickBooksSession:
    clock = SimulatedClock(datetime(2027, 7, 15, 18, 0, tzinfo=UTC))
    return QuickBooksSession(demo_company(transactions=60, clock=clock))


@pytest.mark.parametrize("name", sorted(every_request()))
def test_simulated_quickbooks_accepts_every_request_and_its_answer_parses(quickbooks, name):
    request = prepared(every_request()[name])
    result = quickbooks.process(render_message("13.0", [OutgoingRequest("1", request)]))
    assert result.hresult == "", result.message
    (response,) = parse_response(result.response_xml)
    assert response.kind == request.KIND and response.request_id == "1"


def test_line_rows_of_posted_transactions_parse(quickbooks):
    query = TransactionQuery(max_returned=25)
    result = quickbooks.process(render_message("13.0", [OutgoingRequest("1", query, "Start")]))
    (response,) = parse_response(result.response_xml)
    rows = response.records
    assert len(rows) == 25 and all(isinstance(row, TransactionRet) for row in rows)
    assert all(row.txn_line_id and row.account and row.time_modified for row in rows)
    assert response.iterator_id and response.remaining > 0


def test_reports_are_read_leniently_whatever_their_column_types():
    text = (
        '<QBXML><QBXMLMsgsRs><GeneralSummaryReportQueryRs requestID="1" statusCode="0" '
        'statusSeverity="Info"><ReportRet><ReportTitle>Trial Balance</ReportTitle>'
        "<ReportSubtitle>As of January 31, 2027</ReportSubtitle><ReportBasis>Accrual</ReportBasis>"
        "<NumRows>1</NumRows><NumColumns>2</NumColumns><NumColTitleRows>1</NumColTitleRows>"
        '<ColDesc colID="1" dataType="STRTYPE"><ColTitle titleRow="1"/><ColType>Label</ColType>'
        '</ColDesc><ColDesc colID="2" dataType="QUANTYPE"><ColTitle titleRow="1" value="U/M"/>'
        "<ColType>UnitOfMeasureUnit</ColType></ColDesc><ReportData>"
        '<DataRow rowNumber="1"><RowData rowType="account" value="Occupancy:Rent"/>'
        '<ColData colID="1" value="6110 \u00b7 Rent"/><ColData colID="2" value="3"/></DataRow>'
        "</ReportData></ReportRet></GeneralSummaryReportQueryRs></QBXMLMsgsRs></QBXML>"
    )
    (response,) = parse_response(text)
    (report,) = response.records
    assert report.columns[1].col_type == "UnitOfMeasureUnit"  # not in Intuit's schema
    assert report.rows[0].row_value == "Occupancy:Rent" and report.rows[0].value(2) == "3"
