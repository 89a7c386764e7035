"""Helpers for the simulator tests: qbXML messages, a seeded company, and a check that
every response the simulator produces validates against Intuit's qbXML 13.0 schema."""

from datetime import UTC, datetime

import pytest
from lxml import etree

from simulators.quickbooks import CompanyFile, QuickBooksSession, SimulatedClock, demo_company
from simulators.quickbooks.schemas import schema

JULY_AFTERNOON = datetime(2027, 7, 15, 18, 0, 0, tzinfo=UTC)  # 14:00 EDT


def qbxml(
    body: str, *, version: str = "13.0", on_error: str = "stopOnError", extra: str = ""
) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<?qbxml version="{version}"?>'
        f'<QBXML><QBXMLMsgsRq onError="{on_error}"{extra}>{body}</QBXMLMsgsRq></QBXML>'
    )


def responses(session: QuickBooksSession, body: str, **options: str) -> list[etree._Element]:
    """Process one message; assert it parsed and that the response is schema-valid."""
    result = session.process(qbxml(body, **options))
    assert result.hresult == "", result.message
    return list(valid_response(result.response_xml).find("QBXMLMsgsRs"))


def one(session: QuickBooksSession, body: str, **options: str) -> etree._Element:
    (response,) = responses(session, body, **options)
    return response


def valid_response(text: str) -> etree._Element:
    root = etree.fromstring(text.encode("utf-8"))
    validator = schema("13.0")
    assert validator.validate(root), validator.error_log
    return root


def status(response: etree._Element) -> int:
    return int(response.get("statusCode"))


def journal_entry(
    debit: str = "Occupancy:Rent",
    credit: str = "Accrued Liabilities:Budget Offset",
    amount: str = "1500.00",
    *,
    ref: str | None = "AP-1",
    klass: str | None = "IT &amp; Facilities",
    request_id: str = "1",
    txn_date: str = "2027-07-01",
) -> str:
    ref_xml = f"<RefNumber>{ref}</RefNumber>" if ref is not None else ""
    class_xml = f"<ClassRef><FullName>{klass}</FullName></ClassRef>" if klass else ""
    return (
        f'<JournalEntryAddRq requestID="{request_id}"><JournalEntryAdd>'
        f"<TxnDate>{txn_date}</TxnDate>{ref_xml}"
        f"<JournalDebitLine><AccountRef><FullName>{debit}</FullName></AccountRef>"
        f"<Amount>{amount}</Amount><Memo>accrual</Memo>{class_xml}</JournalDebitLine>"
        f"<JournalCreditLine><AccountRef><FullName>{credit}</FullName></AccountRef>"
        f"<Amount>{amount}</Amount></JournalCreditLine>"
        "</JournalEntryAdd></JournalEntryAddRq>"
    )


def add_journal_entry(session: QuickBooksSession, **options) -> etree._Element:
    response = one(session, journal_entry(**options))
    assert status(response) == 0, response.get("statusMessage")
    return response.find("JournalEntryRet")


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(JULY_AFTERNOON)


@pytest.fixture
def company(clock: SimulatedClock) -> CompanyFile:
    return demo_company(transactions=120, clock=clock)


@pytest.fixture
def session(company: CompanyFile) -> QuickBooksSession:
    return QuickBooksSession(company)
